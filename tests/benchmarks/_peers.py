"""Pieces the training benchmarks share: PyTorch's full-batch step beside ours, and one worker
process per implementation (so OpenBLAS's and PyTorch's thread pools never share a process)."""

from __future__ import annotations

import contextlib
import multiprocessing as mp
from typing import Any, Callable


def torch_full_batch(model, x, y, opt, loss_fn) -> tuple[Callable[[], float], Callable[[int], None]]:
    """``(step, run)``: one full-batch step returning the loss before it, and ``run(n)``
    taking n steps without reading the loss back."""

    def step() -> float:
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        return float(loss.detach())

    def run(n: int) -> None:
        for _ in range(n):
            opt.zero_grad(set_to_none=True)
            loss_fn(model(x), y).backward()
            opt.step()

    return step, run


class WorkerProcess:
    """``target(conn, *args)`` in a spawned process that first sends ``("ready", label)``,
    ``("skip", why)`` or ``("error", message)``, then answers requests on ``conn``."""

    def __init__(self, target: Callable[..., None], *args: Any, name: str = "worker"):
        ctx = mp.get_context("spawn")
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=target, args=(child, *args), daemon=True)
        self.proc.start()
        kind, self.label = self.conn.recv()
        if kind == "error":
            raise RuntimeError(f"{name} worker failed: {self.label}")
        self.ok = kind == "ready"

    def ask(self, *msg: Any) -> Any:
        """Send ``msg``; the value of the ``(kind, value)`` answer (an "error" raises)."""
        self.conn.send(msg)
        kind, value = self.conn.recv()
        if kind == "error":
            raise RuntimeError(value)
        return value

    def close(self) -> None:
        if self.proc.is_alive():
            with contextlib.suppress(OSError):
                self.conn.send(("stop",))
            self.proc.join(5)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join()
