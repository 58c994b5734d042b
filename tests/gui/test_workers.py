import threading
import time

from act_explorer.qt.workers import LatestWorker, Mailbox, TaskRunner


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
    assert not [t for t in threading.enumerate() if t.name.startswith("act-explorer-task-")]


def test_wait_joins_every_thread_started_not_only_the_newest(qtbot):
    """A cancelled job still finishing its step when the next starts is joined too."""
    r = TaskRunner()
    release = threading.Event()

    def stubborn(progress, should_stop):
        release.wait(5)             # ignores should_stop until released
        return 1

    r.submit(stubborn)
    r.submit(slow, 1, delay=0.0)
    time.sleep(0.2)
    assert not r.wait(0.2)          # the first thread is still running: not all joined
    release.set()
    assert r.wait(2.0)
    assert not [t for t in threading.enumerate() if t.name.startswith("act-explorer-task-")]


def test_latest_worker_runs_the_newest_request_only(qtbot):
    started, gate = [], threading.Event()

    def fn(req, should_stop):
        started.append(req)
        if req == "first":
            gate.wait(5)            # the first request is running while the others arrive
            return "stale"
        return req.upper()

    w = LatestWorker(fn)
    results = []
    w.finished.connect(lambda req, res: results.append((req, res)))
    w.request("first")
    qtbot.waitUntil(lambda: started == ["first"], timeout=2000)
    w.request("second")             # replaced by the third before it starts
    w.request("third")
    gate.set()
    qtbot.waitUntil(lambda: bool(results), timeout=2000)
    qtbot.wait(50)
    assert results == [("third", "THIRD")] and started == ["first", "third"]
    assert w.close(1.0)
    w.request("after close")        # ignored, no thread left
    assert not [t for t in threading.enumerate() if t.name == "act-explorer-latest-worker"]


def test_latest_worker_reports_failures_and_stops_running_work(qtbot):
    stopped = threading.Event()

    def fn(req, should_stop):
        if req == "bad":
            raise ValueError("no critical point")
        while not should_stop():
            time.sleep(0.005)
        stopped.set()

    w = LatestWorker(fn, name="t2")
    with qtbot.waitSignal(w.failed, timeout=2000) as blocker:
        w.request("bad")
    assert blocker.args == ["bad", "no critical point"]
    w.request("long")
    time.sleep(0.05)
    w.request("bad")                # the running request is asked to stop
    assert stopped.wait(2.0)
    assert w.close(1.0)


def test_mailbox_hands_over_the_newest_value_once():
    box = Mailbox()
    assert box.take() is None
    box.put(1)
    box.put(2)
    assert box.peek() == 2 and box.take() == 2 and box.take() is None
    values = []

    def writer():
        for i in range(1000):
            box.put(i)

    t = threading.Thread(target=writer)
    t.start()
    while t.is_alive():
        v = box.take()
        if v is not None:
            values.append(v)
    t.join()
    last = box.take()
    values += [] if last is None else [last]
    assert values == sorted(values) and values[-1] == 999
