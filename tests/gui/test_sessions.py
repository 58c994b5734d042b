"""Sessions: round trip, and every kind of bad file leaves the current state untouched."""

from __future__ import annotations

import json

import pytest

from act_explorer.model import catalogue as C
from act_explorer.model import session
from act_explorer.model.session import SessionError


def _setup(window):
    window.state.select("elu")
    window.state.set_param("alpha", 1.7)
    window.state.set_overlay("tanh", True)
    window.state.set_x_range(-3, 4)
    act = window.state.add_typed_function("x*sigmoid(k*x)")
    window.state.set_param("k", 2.5)
    sm = window.panels["softmax"]
    sm.softmax_state.set_logits([0.5, 3.0])
    sm.softmax_state.set_temperature(2.0)
    sm.maxout_state.apply_preset("abs")
    return act


def _fingerprint(window):
    return json.dumps(session.to_data(window.session_sections()), sort_keys=True)


def test_round_trip(window, tmp_path):
    act = _setup(window)
    path = window.save_session(tmp_path / "s.actx")
    before = _fingerprint(window)
    data = json.loads(path.read_text())
    assert data["format"] == "act-explorer-session" and data["schema"] == 1
    # change everything, then open the session again
    window.state.remove_typed_function(act.id)
    window.state.select("relu")
    window.state.set_overlays([])
    window.state.reset_params("elu")
    window.panels["softmax"].softmax_state.set_logits([1.0, 1.0, 1.0])
    window.open_session(path)
    assert _fingerprint(window) == before
    assert window.state.current == act.id and window.state.params()["k"] == 2.5
    assert window.state.params("elu")["alpha"] == 1.7
    assert window.state.x_range == (-3.0, 4.0)
    assert list(window.panels["softmax"].softmax_state.logits) == [0.5, 3.0]
    assert window.panels["softmax"].maxout_state.maxout.slopes == (-1.0, 1.0)
    assert str(path.resolve()) in window.settings.value("session/recent")


BAD = {
    "empty": (b"", "is empty"),
    "truncated": None,
    "not json": (b"hello world", "not a valid session"),
    "binary": (b"\xff\xfe\x00garbage", "not UTF-8"),
    "other json": (b'{"a": 1}', "not an Activation Explorer session"),
    "newer": None,
    "bad section": None,
    "bad typed": None,
    "bad logits": None,
}


@pytest.mark.parametrize("kind", list(BAD))
def test_bad_files_change_nothing(window, tmp_path, kind, qtbot, monkeypatch):
    _setup(window)
    good = window.save_session(tmp_path / "good.actx").read_text()
    data = json.loads(good)
    if kind == "truncated":
        raw, msg = good[: len(good) // 2].encode(), "truncated"
    elif kind == "newer":
        data["schema"] = 99
        raw, msg = json.dumps(data).encode(), "newer"
    elif kind == "bad section":
        data["curves"]["x_range"] = [5, 1]
        raw, msg = json.dumps(data).encode(), "curves"
    elif kind == "bad typed":
        data["curves"]["typed"].append({"kind": "expression", "text": "__import__('os')", "name": "evil"})
        raw, msg = json.dumps(data).encode(), "curves"
    elif kind == "bad logits":
        data["softmax"]["logits"] = [1.0]
        raw, msg = json.dumps(data).encode(), "softmax"
    else:
        raw, msg = BAD[kind]
    bad = tmp_path / "bad.actx"
    bad.write_bytes(raw)
    before = _fingerprint(window)
    custom_before = {k for k, a in C.CATALOGUE.items() if a.family == "custom"}
    with pytest.raises(SessionError, match=msg):
        window.open_session(bad)
    assert _fingerprint(window) == before
    assert {k for k, a in C.CATALOGUE.items() if a.family == "custom"} == custom_before
    # through the menu: a message box, not a traceback
    from PySide6.QtWidgets import QMessageBox

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    with qtbot.waitSignal(window.session_failed):
        window._open_session_reporting(str(bad))
    assert shown and "Nothing was changed" in shown[0]


def test_missing_file_and_folder(window, tmp_path):
    with pytest.raises(SessionError, match="does not exist"):
        window.open_session(tmp_path / "nope.actx")
    with pytest.raises(SessionError, match="folder"):
        window.open_session(tmp_path)


def test_save_is_atomic(window, tmp_path, monkeypatch):
    path = tmp_path / "s.actx"
    path.write_text("previous")
    monkeypatch.setattr("os.fsync", lambda fd: (_ for _ in ()).throw(OSError(28, "full")))
    from act_explorer.model.fileio import OutputError

    with pytest.raises(OutputError, match="disk is full"):
        window.save_session(path)
    assert path.read_text() == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["s.actx"]
