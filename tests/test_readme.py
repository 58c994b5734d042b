"""The README's two commands are what CI runs and what a user types."""

import subprocess

import pytest
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _block_after(marker: str) -> str:
    lines = (ROOT / "README.md").read_text().splitlines()
    i = lines.index(marker)
    assert lines[i + 1].startswith("```")
    j = next(k for k in range(i + 2, len(lines)) if lines[k].startswith("```"))
    return "\n".join(lines[i + 2:j])


def test_ci_runs_the_readme_test_command():
    cmd = _block_after("<!-- test-command -->")
    assert "pytest" in cmd and 'pip install -e ".[test]"' in cmd
    extracted = subprocess.run(
        ["awk", '/<!-- test-command -->/{f=1; next} f && /^```/{if (n++) exit; next} f && n==1{print}',
         str(ROOT / "README.md")], capture_output=True, text=True, check=True).stdout.strip()
    assert extracted == cmd
    assert "README.md" in (ROOT / ".ci" / "run").read_text()


def test_run_command_installs_and_starts_the_app():
    cmd = _block_after("<!-- run-command -->")
    assert cmd.count("\n") == 0
    assert cmd.endswith(".venv/bin/act-explorer")
    assert "libxcb-cursor0" in cmd  # Qt 6.5+ needs it on X11


def test_readme_shows_the_depth_readout_the_cli_prints(tmp_path):
    import sys

    block = _block_after("<!-- depth-readout -->")
    res = subprocess.run([sys.executable, "-m", "act_explorer", "depth", "sigmoid", "--layers", "10",
                          "--init", "xavier", "-o", str(tmp_path / "d.csv")],
                         capture_output=True, text=True, check=True)
    assert res.stdout.strip() == block


# -- the commands work as root without sudo and as a user with sudo ----------------------------

def _stub(folder: Path, name: str, extra: str = "exit 0") -> Path:
    """An executable that logs "<its name> <args>" to $LOG, then runs ``extra``."""
    path = folder / name
    path.write_text('#!/bin/sh\nprintf "%s\\n" "$(/usr/bin/basename "$0") $*" >> "$LOG"\n'
                    + extra + "\n")
    path.chmod(0o755)
    return path


def _run_as(cmd: str, tmp_path: Path, uid: int, with_sudo: bool, shell: str):
    """Run ``cmd`` with stand-ins for id, sudo, apt-get and python3 (whose ``-m venv`` makes
    a .venv of stand-ins) on an otherwise empty PATH; returns (process, the commands logged)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    tools = tmp_path / "tools"
    tools.mkdir()
    work = tmp_path / "work"
    work.mkdir()
    _stub(bin_dir, "id", f'[ "$1" = -u ] && echo {uid}')
    _stub(bin_dir, "apt-get")
    if with_sudo:
        _stub(bin_dir, "sudo", 'exec "$@"')
    template = _stub(tools, "template")
    _stub(bin_dir, "python3", (
        '[ "$1 $2" = "-m venv" ] || exit 1\n'
        '/bin/mkdir -p "$3/bin"\n'
        f'for t in pip python act-explorer; do /bin/cp {template} "$3/bin/$t"; done'))
    log = tmp_path / "log"
    env = {"PATH": str(bin_dir), "LOG": str(log), "HOME": str(tmp_path)}
    proc = subprocess.run([shell, "-c", cmd], cwd=work, env=env, capture_output=True, text=True,
                          timeout=60)
    lines = log.read_text().splitlines() if log.exists() else []
    return proc, [ln for ln in lines if not ln.startswith("id ")]


@pytest.mark.parametrize("marker", ["<!-- run-command -->", "<!-- test-command -->"])
@pytest.mark.parametrize("shell", ["/bin/sh", "/bin/bash"])
def test_readme_commands_work_as_root_without_sudo(marker, shell, tmp_path):
    cmd = _block_after(marker)
    proc, log = _run_as(cmd, tmp_path, uid=0, with_sudo=False, shell=shell)
    assert proc.returncode == 0, proc.stderr
    assert not [ln for ln in log if ln.startswith("sudo")]
    assert log[0] == "apt-get update"
    assert log[1].startswith("apt-get install -y python3-venv ")
    assert log[2] == "python3 -m venv .venv"
    assert log[3].startswith("pip install ")
    assert log[-1] in ("act-explorer ", "python -m pytest")


@pytest.mark.parametrize("marker", ["<!-- run-command -->", "<!-- test-command -->"])
def test_readme_commands_use_sudo_for_a_user(marker, tmp_path):
    cmd = _block_after(marker)
    proc, log = _run_as(cmd, tmp_path, uid=1000, with_sudo=True, shell="/bin/sh")
    assert proc.returncode == 0, proc.stderr
    assert log[0] == "sudo apt-get update" and log[1] == "apt-get update"
    assert log[2].startswith("sudo apt-get install -y ")
    assert log[3] == log[2][len("sudo "):]
    assert log[4:6] == ["python3 -m venv .venv", log[5]] and log[5].startswith("pip install ")


def test_ci_defines_no_sudo_shim():
    text = (ROOT / ".ci" / "run").read_text()
    assert "sudo()" not in text and "sudo ()" not in text
