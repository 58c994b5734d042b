"""Fuzzing every verb's command line with hypothesis: exit status 0 or 2 only, no traceback,
one ``error:`` line on failure, nothing half-written (the rules: tests/cli_fuzz_cases.py).

Verbs that need no Qt run in-process (``cli.main``); ``screenshot`` and ``curve`` with image
output run in a fresh interpreter, with few examples.  The long version, thousands of cases
with counts of exit codes, is tests/benchmarks/bench_cli_fuzz.py.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from tests import cli_fuzz_cases as F

EXAMPLES = {"list": 25, "curve": 150, "depth": 80, "train": 50, "properties": 80}


def _check(args, in_process: bool):
    with tempfile.TemporaryDirectory(prefix="act-fuzz-") as tmp:
        root = Path(tmp)
        real, target = F.materialise(args, root)
        run = F.run_in_process if in_process else F.run_subprocess
        code, _out, err = run(real, cwd=root / "out")
        found = F.problems(code, err, root, target)
        assert not found, (real, code, err[-2000:], found)


def _fuzz_test(verb: str):
    @settings(max_examples=EXAMPLES.get(verb, 40), deadline=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(F.VERBS[verb]())
    def test(args):
        _check(args, in_process=True)

    return test


@pytest.mark.parametrize("verb", sorted(F.IN_PROCESS))
def test_fuzz_verb_in_process(verb):
    _fuzz_test(verb)()


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(F.screenshot_args())
def test_fuzz_screenshot(args):
    _check(args, in_process=False)


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(F.curve_args(images=True))
def test_fuzz_curve_images(args):
    _check(args, in_process=False)


def test_every_verb_is_fuzzed():
    """A verb added to the command line without a fuzz entry fails here."""
    from act_explorer.cli import _command_modules

    verbs = {m.__name__.rsplit(".", 1)[1] for m in _command_modules()}
    assert verbs <= set(F.VERBS), sorted(verbs - set(F.VERBS))


@pytest.mark.parametrize("args, expected", [
    (["curve", "relu", "-o", "@OUT:ok:csv"], 0),
    (["curve", "--expr", "x\n+1", "-o", "@OUT:ok:csv"], 0),  # a newline is white space
    (["curve", "relu", "-o", "@OUT:long:csv"], 2),
    (["depth", "tanh", "--layers", "3", "--width", "4", "--batch", "4", "-o", "@OUT:folder:csv"], 2),
    (["train", "relu", "--epochs", "1", "--data", "@DATA:bad", "-o", "@OUT:ok:csv"], 2),
    (["curve", "--expr", "x\n+", "-o", "@OUT:ok:csv"], 2),
    (["curve", "relu", "a\nb", "-o", "@OUT:newline:csv"], 2),
])
def test_the_rules_themselves(args, expected):
    """The judge accepts a good run and these refusals (so a fuzz pass means something)."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        real, target = F.materialise(args, root)
        code, _out, err = F.run_in_process(real, cwd=root / "out")
        assert F.problems(code, err, root, target) == []
        assert code == expected, err
        if code == 0:
            assert target in list((root / "out").iterdir())
        # and it rejects a leftover partial file
        (root / "out" / ".result.csv.abc.part").write_text("half")
        assert any("part" in p for p in F.problems(code, err, root, target))


@pytest.mark.parametrize("args, message", [
    # sigma_w = 5e-324 is > 0 but its square underflows to 0: was a ValueError from math.log
    (["depth", "prelu", "--layers", "3", "--sigma-w", "5e-324", "-o", "@OUT:ok:csv"], "at least 1e-154"),
    # a newline typed into an argument used to split the error into two lines
    (["curve", "relu", "a\nb", "-o", "@OUT:ok:csv"], "a\\nb"),
])
def test_found_by_fuzzing(args, message):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        real, target = F.materialise(args, root)
        code, _out, err = F.run_in_process(real, cwd=root / "out")
        assert F.problems(code, err, root, target) == []
        assert code == 2 and message in err, err
