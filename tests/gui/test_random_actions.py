"""A seeded random walk through the window: no exception, warning or Qt warning anywhere.

The driver (``random_driver.py``) performs a few hundred actions across every tab - functions
selected and typed (hostile and undefined ones too), sliders dragged, depth runs, training
started, stepped and reset, presets, softmax edits, lessons, exports to a temporary folder,
sessions saved and opened - with dialogs answered by stand-ins.  Any exception in a slot or a
worker, any Python warning and any Qt warning outside ``QT_ALLOWED`` fails the test, with the
action that caused it.  ``tests/benchmarks/bench_random_gui.py`` runs the long version.
"""

from __future__ import annotations

import pytest

from .random_driver import RandomDriver, pump

ACTIONS = 300


@pytest.mark.parametrize("seed", [1])
def test_random_actions(window, tmp_path, seed):
    driver = RandomDriver(window, seed, tmp_path / "files")
    with driver.capturing():
        driver.run(ACTIONS)
        driver.settle()
    assert not driver.problems, driver.report()
    # the walk really went everywhere
    kinds = set(driver.done)
    assert {"type function", "depth control", "training run", "softmax", "export", "session"} <= kinds
    assert len(driver.done) == ACTIONS
    assert any(p.suffix in (".png", ".svg", ".csv") for p in (tmp_path / "files").iterdir())
    assert list((tmp_path / "files").glob("*.actx"))
    pump(50)


def test_same_seed_same_actions(window, tmp_path):
    a = RandomDriver(window, 7, tmp_path / "a")
    b = RandomDriver(window, 7, tmp_path / "b")
    names_a = [a.rng.choices(range(len(a.actions)), [w for _, w, _ in a.actions])[0] for _ in range(50)]
    names_b = [b.rng.choices(range(len(b.actions)), [w for _, w, _ in b.actions])[0] for _ in range(50)]
    assert names_a == names_b
