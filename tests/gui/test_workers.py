import threading
import time


from act_explorer.qt.workers import TaskRunner


class Stopped(Exception):
    pass


def slow(n, progress, should_stop, delay=0.01):
    for i in range(n):
        if should_stop():
            raise Stopped
        time.sleep(delay)
        progress((i + 1) / n)
    return n * 2


def test_result_progress_and_thread(qtbot):
    r = TaskRunner()
    seen = []
    r.progress.connect(lambda ident, f: seen.append(f))
    with qtbot.waitSignal(r.finished, timeout=5000) as blocker:
        ident = r.submit(slow, 20)
    assert blocker.args == [ident, 40]
    assert seen and seen[-1] == 1.0


def test_new_submission_supersedes_the_old(qtbot):
    r = TaskRunner()
    cancelled, done = [], []
    r.cancelled.connect(cancelled.append)
    r.finished.connect(lambda i, v: done.append((i, v)))
    first = r.submit(slow, 1000)
    time.sleep(0.05)
    second = r.submit(slow, 3)
    qtbot.waitUntil(lambda: bool(done and cancelled), timeout=5000)
    assert done == [(second, 6)] and cancelled == [first]


def test_failure_is_reported_not_raised(qtbot):
    r = TaskRunner()

    def boom(progress, should_stop):
        raise ValueError("bad width")

    with qtbot.waitSignal(r.failed, timeout=5000) as blocker:
        r.submit(boom)
    assert blocker.args[1] == "bad width"


def test_busy_only_for_slow_jobs_and_shutdown(qtbot):
    before = set(threading.enumerate())
    r = TaskRunner(show_after_ms=50)
    states = []
    r.busy_changed.connect(states.append)
    with qtbot.waitSignal(r.finished, timeout=5000):
        r.submit(slow, 2, delay=0.001)
    assert states == []
    r.submit(slow, 10_000, delay=0.01)
    qtbot.waitUntil(lambda: states == [True], timeout=2000)
    t0 = time.monotonic()
    assert r.shutdown(1.0)
    assert time.monotonic() - t0 < 1.0
    qtbot.waitUntil(lambda: states == [True, False], timeout=2000)
    started = set(threading.enumerate()) - before
    assert not [t.name for t in started if t.is_alive()]  # shutdown left no worker running
