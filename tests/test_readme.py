"""The README's two commands are what CI runs and what a user types."""

import subprocess
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
