"""A tree compiled to straight-line vectorised NumPy (no per-element Python)."""

from __future__ import annotations

from typing import Callable, Mapping

import numpy as np

from .tree import Node, _op_impl


class _Program:
    """A tree as straight-line NumPy steps over registers, shared subtrees computed once.

    Register 0 holds x, registers 1..k the parameters (in ``names`` order).
    """

    def __init__(self, tree: Node, names: tuple[str, ...]):
        self.names = names
        self.steps: list[tuple[Callable, tuple[int, ...], tuple[int, ...]]] = []
        index: dict[Node, int] = {}
        self.n_regs = 1 + len(names)
        param_reg = {nm: 1 + i for i, nm in enumerate(names)}
        order: list[tuple[Callable, tuple[int, ...]]] = []

        def reg_of(n: Node) -> int:
            hit = index.get(n)
            if hit is not None:
                return hit
            if n.op == "x":
                r = 0
            elif n.op == "param":
                r = param_reg[n.value]
            else:
                if n.cval is not None:
                    v = n.cval
                    fn, args = (lambda v=v: v), ()
                else:
                    args = tuple(reg_of(a) for a in n.args)
                    fn = _op_impl(n)
                r = self.n_regs
                self.n_regs += 1
                order.append((fn, args))
            index[n] = r
            return r

        self.result = reg_of(tree)
        # Free each register after its last use so long programs do not hold every array.
        first = 1 + len(names)
        last_use: dict[int, int] = {}
        for i, (_fn, args) in enumerate(order):
            for r in args:
                last_use[r] = i
        frees: list[list[int]] = [[] for _ in order]
        for r, i in last_use.items():
            if r >= first and r != self.result:
                frees[i].append(r)
        self.steps = [(fn, args, tuple(fr)) for (fn, args), fr in zip(order, frees)]
        self.first = first

    def run(self, x: np.ndarray, params: Mapping[str, float]) -> np.ndarray:
        regs: list = [None] * self.n_regs
        regs[0] = x
        for i, nm in enumerate(self.names):
            regs[1 + i] = params[nm]
        out = self.first
        with np.errstate(all="ignore"):
            for fn, args, frees in self.steps:
                regs[out] = fn(*[regs[a] for a in args])
                for r in frees:
                    regs[r] = None
                out += 1
            res = np.asarray(regs[self.result], dtype=np.float64)
        if res.shape != x.shape:
            res = np.broadcast_to(res, x.shape)
        return np.array(res, dtype=np.float64, copy=True)
