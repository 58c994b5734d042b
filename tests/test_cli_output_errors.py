"""Every operating-system error on an output path, for every verb that writes a file: one
``error: cannot write PATH: REASON`` line, exit status 2, nothing left behind (an existing file
is left as it was).

Errors the test machine can produce for real (name too long, path is a folder, no such folder,
a file used as a folder) are produced for real; the others (permission denied as a non-root
user, disk full, read-only file system, a temporary file that cannot be created) are injected
by making the system call raise that errno, in-process for the CSV writers and in a fresh
interpreter for the verbs that draw with Qt.
"""

from __future__ import annotations

import errno
import os
import sys
import textwrap

import pytest

from act_explorer.cli import main
from act_explorer.model import fileio
from tests.conftest import run_cli

# verb -> (arguments before -o, extension, runs in-process?)
VERBS = {
    "curve-csv": (["curve", "relu", "--points", "11"], ".csv", True),
    "curve-expr-csv": (["curve", "--expr", "x*sigmoid(x)", "--points", "11"], ".csv", True),
    "depth": (["depth", "tanh", "--layers", "3", "--width", "8", "--batch", "8"], ".csv", True),
    "train": (["train", "relu", "--epochs", "2", "--points", "40", "--hidden", "4"], ".csv", True),
    "phase": (["phase", "tanh", "--grid", "3"], ".csv", True),
    "jacobian": (["jacobian", "relu", "--layers", "2", "--width", "8"], ".csv", True),
    "trainability": (["trainability", "tanh", "--quiet", "--sigma-w2", "1", "--depths", "1",
                      "--width", "4", "--steps", "2", "--points", "20"], ".csv", True),
    "fit": (["fit", "relu", "--epochs", "2", "--points", "20", "--hidden", "4", "--grid", "11"], ".csv", True),
    "curve-png": (["curve", "relu", "--points", "11", "--size", "400x300"], ".png", False),
    "curve-svg": (["curve", "relu", "--points", "11"], ".svg", False),
    "screenshot": (["screenshot", "--size", "400x300"], ".png", False),
}
CSV_VERBS = [k for k, v in VERBS.items() if v[2]]


def _run(args: list[str], capsys) -> tuple[int, str]:
    try:
        code = main(args)
    except SystemExit as exc:  # argparse
        code = exc.code
    return code, capsys.readouterr().err


def _assert_one_error_line(code, err: str, path: str, reason: str) -> None:
    assert code == 2, err
    assert "Traceback" not in err
    assert err.count("\n") == 1 and err.endswith("\n"), err
    assert err == f"error: cannot write {fileio.shown_path(path)}: {reason}\n", err


def _files(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# -- errors produced for real --------------------------------------------------------------

def _real_cases(tmp_path, ext):
    long_name = "n" * 300 + ext
    folder = tmp_path / f"folder{ext}"
    folder.mkdir()
    a_file = tmp_path / "plain.txt"
    a_file.write_text("keep\n")
    return {
        "ENAMETOOLONG": (str(tmp_path / long_name), fileio.R_TOO_LONG),
        "ENAMETOOLONG-folder": (str(tmp_path / ("d" * 300) / f"x{ext}"), fileio.R_TOO_LONG),
        "EISDIR": (str(folder), fileio.R_IS_FOLDER),
        "ENOENT": (str(tmp_path / "missing" / f"x{ext}"), fileio.R_NO_FOLDER),
        "ENOTDIR": (str(a_file / f"x{ext}"), fileio.R_NOT_FOLDER),
    }


@pytest.mark.parametrize("case", ["ENAMETOOLONG", "ENAMETOOLONG-folder", "EISDIR", "ENOENT", "ENOTDIR"])
@pytest.mark.parametrize("verb", list(VERBS))
def test_real_path_errors(tmp_path, capsys, verb, case):
    args, ext, _ = VERBS[verb]
    path, reason = _real_cases(tmp_path, ext)[case]
    before = _files(tmp_path)
    code, err = _run([*args, "-o", path], capsys)  # fails before any Qt work, so in-process
    _assert_one_error_line(code, err, path, reason)
    assert _files(tmp_path) == before
    assert _files(tmp_path / f"folder{ext}") == []


def test_a_long_but_legal_name_is_written(tmp_path, capsys):
    """255 bytes is legal: the temporary file beside it must not need a longer name."""
    out = tmp_path / ("k" * 251 + ".csv")
    code, err = _run(["curve", "relu", "--points", "3", "-o", str(out)], capsys)
    assert code == 0, err
    assert _files(tmp_path) == [out.name]


def test_a_path_with_a_newline_is_shown_on_one_line(tmp_path, capsys):
    path = str(tmp_path / "no\nsuch" / "x.csv")
    code, err = _run(["curve", "relu", "-o", path], capsys)
    _assert_one_error_line(code, err, path, fileio.R_NO_FOLDER)
    assert "no\\nsuch" in err


# -- errors injected in-process (CSV writers) ----------------------------------------------

def _raiser(err_no):
    def boom(*_a, **_k):
        raise OSError(err_no, os.strerror(err_no))
    return boom


INJECTED = {
    # name: (what raises, errno, reason)
    "EACCES-folder": ("access", errno.EACCES, fileio.R_DENIED),
    "EROFS-folder": ("access-ro", errno.EROFS, fileio.R_READ_ONLY),
    "EACCES-temp": ("mkstemp", errno.EACCES, fileio.R_DENIED),
    "EROFS-temp": ("mkstemp", errno.EROFS, fileio.R_READ_ONLY),
    "ENOSPC-temp": ("mkstemp", errno.ENOSPC, fileio.R_NO_SPACE),
    "ENOSPC-write": ("fsync", errno.ENOSPC, fileio.R_NO_SPACE),
    "EDQUOT-write": ("fsync", errno.EDQUOT, fileio.R_NO_SPACE),
    "EACCES-rename": ("replace", errno.EACCES, fileio.R_DENIED),
    "EROFS-rename": ("replace", errno.EROFS, fileio.R_READ_ONLY),
    "EISDIR-rename": ("replace", errno.EISDIR, fileio.R_IS_FOLDER),
    "EIO-rename": ("replace", errno.EIO, "input/output error"),
}


def _inject(monkeypatch, where: str, err_no: int) -> None:
    if where == "access":
        monkeypatch.setattr(fileio.os, "access", lambda *_a, **_k: False)
    elif where == "access-ro":
        class _RO:
            f_flag = os.ST_RDONLY
        monkeypatch.setattr(fileio.os, "access", lambda *_a, **_k: False)
        monkeypatch.setattr(fileio.os, "statvfs", lambda *_a, **_k: _RO())
    elif where == "mkstemp":
        monkeypatch.setattr(fileio.tempfile, "mkstemp", _raiser(err_no))
    else:
        monkeypatch.setattr(fileio.os, where, _raiser(err_no))


@pytest.mark.parametrize("case", list(INJECTED))
@pytest.mark.parametrize("verb", CSV_VERBS)
def test_injected_errors_leave_nothing_and_keep_the_old_file(tmp_path, capsys, monkeypatch, verb, case):
    args, ext, _ = VERBS[verb]
    where, err_no, reason = INJECTED[case]
    out = tmp_path / f"out{ext}"
    out.write_text("precious\n")
    _inject(monkeypatch, where, err_no)
    code, err = _run([*args, "-o", str(out)], capsys)
    monkeypatch.undo()
    _assert_one_error_line(code, err, str(out), reason)
    assert _files(tmp_path) == [out.name]
    assert out.read_text() == "precious\n"


def test_an_unexpected_os_error_in_a_verb_is_one_line(tmp_path, capsys, monkeypatch):
    """The last net in cli.main: an OSError a verb did not turn into a message itself."""
    import act_explorer.commands.depth as depth_cmd

    def boom(*_a, **_k):
        raise PermissionError(errno.EACCES, "Permission denied", "/some/where.csv")

    monkeypatch.setattr(depth_cmd, "atomic_write", boom)
    code, err = _run(["depth", "relu", "--layers", "2", "--width", "4", "--batch", "4",
                      "-o", str(tmp_path / "d.csv")], capsys)
    assert code == 2 and err == "error: /some/where.csv: permission denied\n"


def test_writer_failure_after_the_temp_file_exists_removes_it(tmp_path):
    """A writer that dies half-way (here: after writing some bytes) leaves nothing."""
    out = tmp_path / "x.csv"
    with pytest.raises(RuntimeError):
        with fileio.atomic_path(out) as tmp:
            tmp.write_bytes(b"half")
            raise RuntimeError("writer crashed")
    assert _files(tmp_path) == []
    with pytest.raises(fileio.OutputError, match="nothing was written"):
        with fileio.atomic_path(out):
            pass
    assert _files(tmp_path) == []


# -- errors injected in a fresh interpreter (verbs that draw with Qt) -----------------------

_CHILD = textwrap.dedent("""
    import errno, os, sys, tempfile
    where, err_no = sys.argv[1], int(sys.argv[2])
    def boom(*a, **k):
        raise OSError(err_no, os.strerror(err_no))
    if where == "mkstemp":
        tempfile.mkstemp = boom
    else:
        setattr(os, where, boom)
    from act_explorer.cli import main
    raise SystemExit(main(sys.argv[3:]))
""")


@pytest.mark.parametrize("verb", [k for k, v in VERBS.items() if not v[2]])
@pytest.mark.parametrize("where, err_no, reason", [
    ("mkstemp", errno.EROFS, fileio.R_READ_ONLY),
    ("replace", errno.ENOSPC, fileio.R_NO_SPACE),
])
def test_injected_errors_for_image_verbs(tmp_path, verb, where, err_no, reason):
    import subprocess

    args, ext, _ = VERBS[verb]
    out = tmp_path / f"out{ext}"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    res = subprocess.run([sys.executable, "-c", _CHILD, where, str(err_no), *args, "-o", str(out)],
                         capture_output=True, text=True, env=env, timeout=300)
    _assert_one_error_line(res.returncode, res.stderr, str(out), reason)
    assert _files(tmp_path) == []


def test_unwritable_folder_for_real_when_not_root(tmp_path):
    """Only meaningful as a non-root user (root may write anywhere); skipped as root."""
    if os.geteuid() == 0:
        pytest.skip("root can write into a read-only folder")
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        res = run_cli("curve", "relu", "-o", str(ro / "x.csv"))
        _assert_one_error_line(res.returncode, res.stderr, str(ro / "x.csv"), fileio.R_DENIED)
        assert _files(ro) == []
    finally:
        ro.chmod(0o700)


def test_temp_prefix_is_short_for_any_name():
    for name in ("a" * 255, "é" * 127, "x.csv", ""):
        assert len(os.fsencode(fileio._temp_prefix(name))) <= 62
