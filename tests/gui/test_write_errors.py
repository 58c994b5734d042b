"""Export and session-save dialogs: a path that cannot be written gives a message box naming
the path and the reason, and leaves nothing behind (an existing file keeps its content)."""

from __future__ import annotations

import errno
import os

import pytest
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from act_explorer.model import fileio


def _cases(tmp_path, ext):
    folder = tmp_path / f"folder{ext}"
    folder.mkdir()
    return {
        "ENAMETOOLONG": (tmp_path / ("n" * 300 + ext), fileio.R_TOO_LONG, None),
        "EISDIR": (folder, fileio.R_IS_FOLDER, None),
        "ENOENT": (tmp_path / "missing" / f"x{ext}", fileio.R_NO_FOLDER, None),
        "ENOSPC": (tmp_path / f"old{ext}", fileio.R_NO_SPACE, ("replace", errno.ENOSPC)),
        "EACCES": (tmp_path / f"old{ext}", fileio.R_DENIED, ("mkstemp", errno.EACCES)),
        "EROFS": (tmp_path / f"old{ext}", fileio.R_READ_ONLY, ("replace", errno.EROFS)),
    }


def _inject(monkeypatch, what):
    if what is None:
        return
    where, err_no = what

    def boom(*_a, **_k):
        raise OSError(err_no, os.strerror(err_no))

    if where == "mkstemp":
        monkeypatch.setattr(fileio.tempfile, "mkstemp", boom)
    else:
        monkeypatch.setattr(fileio.os, where, boom)


def _snapshot(folder):
    return sorted((p.name, p.read_bytes() if p.is_file() else None) for p in folder.rglob("*"))


@pytest.fixture
def boxes(monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: shown.append((a[1], a[2])))
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: (a[3][0], True))
    return shown


CASES = ["ENAMETOOLONG", "EISDIR", "ENOENT", "ENOSPC", "EACCES", "EROFS"]


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("kind", ["png", "svg", "csv"])
def test_export_errors_show_path_and_reason(window, tmp_path, monkeypatch, qtbot, boxes, kind, case):
    path, reason, inject = _cases(tmp_path, "." + kind)[case]
    (tmp_path / f"old.{kind}").write_bytes(b"old content")
    before = _snapshot(tmp_path)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))
    _inject(monkeypatch, inject)
    with qtbot.waitSignal(window.export_failed, timeout=5000) as blocker:
        window._export_from_menu(kind)
    assert str(path) in blocker.args[0] and reason in blocker.args[0]
    assert len(boxes) == 1
    title, text = boxes[0]
    assert title == "Export failed"
    assert text == f"Could not write {path}:\n{reason}"
    monkeypatch.undo()
    assert _snapshot(tmp_path) == before


@pytest.mark.parametrize("case", CASES)
def test_session_save_errors_show_path_and_reason(window, tmp_path, monkeypatch, boxes, case):
    path, reason, inject = _cases(tmp_path, ".actx")[case]
    (tmp_path / "old.actx").write_bytes(b"old content")
    before = _snapshot(tmp_path)
    dir_before = window.settings.value("session/dir")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))
    _inject(monkeypatch, inject)
    window._save_session_dialog()
    assert boxes == [("Could not save the session", f"Could not write {path}:\n{reason}")]
    monkeypatch.undo()
    assert _snapshot(tmp_path) == before
    assert window.settings.value("session/dir") == dir_before


def test_message_is_translated(window, tmp_path, monkeypatch, boxes):
    """In Chinese the sentence and the reason are Chinese; the path is shown as it is."""
    from PySide6.QtCore import QCoreApplication, QTranslator

    from act_explorer.resources import resource_path

    tr = QTranslator()
    assert tr.load(str(resource_path("i18n", "act_explorer_zh_CN.qm")))
    QCoreApplication.installTranslator(tr)
    try:
        path = tmp_path / "missing" / "x.csv"
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))
        window._export_from_menu("csv")
    finally:
        QCoreApplication.removeTranslator(tr)
    (_title, text), = boxes
    assert str(path) in text
    assert fileio.R_NO_FOLDER not in text and "Could not write" not in text
    assert any("\u4e00" <= ch <= "\u9fff" for ch in text.replace(str(path), ""))
