"""One process-wide limit on BLAS threads, shared by everything that does small-matrix work.

On the small matrices of the training step and the depth simulation, BLAS threads only fight
for the cores (see FACTS.md), so that work runs with BLAS limited to one thread.  threadpoolctl's
limit is process-wide and entering it costs ~0.1 ms, so there is one counter for the whole
process: the first block to enter sets the limit, the last to leave restores the original.
(Two independent limiters would restore each other's saved values in the wrong order.)
"""

from __future__ import annotations

import contextlib
import threading
from typing import Iterator

__all__ = ["blas_threads", "blas_limit_depth"]

_controller = None
_controller_lock = threading.Lock()
_limit_depth = 0
_limit_ctx = None


@contextlib.contextmanager
def blas_threads(n: int = 1) -> Iterator[None]:
    """Limit BLAS to ``n`` threads inside the block (a no-op without threadpoolctl).

    Nested (and concurrent) blocks share the outermost limit: threadpoolctl's limit is
    process-wide and entering it costs ~0.1 ms, as much as a whole training step of a small
    network, so only the first block to enter sets it and the last to leave restores it.  A
    training run enters once; the per-step entries inside it then cost nothing.
    """
    global _controller, _limit_depth, _limit_ctx
    with _controller_lock:
        if _controller is None:
            try:
                from threadpoolctl import ThreadpoolController  # noqa: PLC0415

                _controller = ThreadpoolController()
            except Exception:  # pragma: no cover - threadpoolctl is a dependency
                _controller = False
        if not _controller:
            limiter = None
        else:
            if _limit_depth == 0:
                _limit_ctx = _controller.limit(limits=n, user_api="blas")
            _limit_depth += 1
            limiter = _limit_ctx
    if limiter is None:
        yield
        return
    try:
        yield
    finally:
        with _controller_lock:
            _limit_depth -= 1
            if _limit_depth == 0:
                _limit_ctx = None
                limiter.restore_original_limits()


def blas_limit_depth() -> int:
    """How many :func:`blas_threads` blocks are open (0: BLAS has its default threads)."""
    return _limit_depth
