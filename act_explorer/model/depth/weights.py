"""The random numbers of a depth run - weights, biases, inputs and top gradients - drawn per
(seed, width, layer) so they do not depend on the depth, the function or the init, and kept
in a bounded cache shared by every run (compare mode sees the very same network)."""

from __future__ import annotations

import threading
from collections import OrderedDict

import numpy as np

# Two 200-layer networks of width 256 (52.6 MB each): going back to the previous seed or
# comparing functions on one seed costs nothing; more seeds are redrawn (~0.3 s).
_WEIGHT_CACHE_BYTES = 128 * 2**20

def _rng(seed: int, *key: int) -> np.random.Generator:
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=key)))


class _WeightCache:
    """Standard normal Z_l (W x W) and b_l (W) per (seed, width, layer), float32, LRU-bounded."""

    THREAD = "depth-weights"

    def __init__(self, budget: int):
        self.budget = budget
        self.lock = threading.Lock()
        self.grown = threading.Condition(self.lock)     # notified when a list grows
        self.entries: OrderedDict[tuple[int, int], list] = OrderedDict()
        self.bytes = 0
        self.prefetching: dict[tuple[int, int], int] = {}  # key: last layer being drawn ahead

    def prefetch(self, seed: int, width: int, layers: int) -> None:
        """Draw layers 1..``layers`` of (seed, width) on a background thread, in order.

        NumPy's generators release the GIL while they fill an array, so on a second core the
        weights of a new seed are drawn while the forward pass multiplies by the ones already
        there; :meth:`layer` waits for a layer being drawn ahead instead of drawing it twice.
        The numbers are the same as when drawn on demand (each layer has its own stream).
        """
        key = (int(seed), int(width))
        with self.lock:
            have = len(self.entries.get(key, ()))
            if have >= layers or key in self.prefetching:
                return
            self.prefetching[key] = int(layers)

        def work() -> None:
            try:
                for l in range(have + 1, layers + 1):
                    with self.lock:
                        n = len(self.entries.get(key, ()))
                    if n >= l:
                        continue
                    if n < l - 1:
                        break          # evicted or not kept (budget): leave it to layer()
                    self.layer(*key, l)
            finally:
                with self.lock:
                    self.prefetching.pop(key, None)
                    self.grown.notify_all()

        threading.Thread(target=work, name=self.THREAD, daemon=True).start()

    @staticmethod
    def _per_layer(width: int) -> int:
        return 4 * (width * width + width)

    def layer(self, seed: int, width: int, l: int) -> tuple[np.ndarray, np.ndarray]:
        key = (seed, width)
        with self.lock:
            while True:
                lst = self.entries.get(key)
                if lst is not None:
                    self.entries.move_to_end(key)
                    if l <= len(lst):
                        return lst[l - 1]
                # Being drawn ahead on another thread: wait for it rather than draw it twice.
                if (l <= self.prefetching.get(key, 0)
                        and threading.current_thread().name != self.THREAD):
                    self.grown.wait(0.05)
                    continue
                break
        z, b = self._draw(seed, width, l)
        per = self._per_layer(width)
        with self.lock:
            lst = self.entries.setdefault(key, [])
            self.entries.move_to_end(key)
            if l == len(lst) + 1:
                while self.bytes + per > self.budget:
                    victim = next((k for k in self.entries if k != key), None)
                    if victim is None:
                        break
                    self.bytes -= self._per_layer(victim[1]) * len(self.entries.pop(victim))
                if self.bytes + per <= self.budget:
                    lst.append((z, b))
                    self.bytes += per
                    self.grown.notify_all()
        return z, b

    @staticmethod
    def _draw(seed: int, width: int, l: int) -> tuple[np.ndarray, np.ndarray]:
        g = _rng(seed, 1, l)
        z = g.standard_normal((width, width), dtype=np.float32)
        b = g.standard_normal(width, dtype=np.float32)
        return z, b

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.bytes = 0


class _OrthogonalCache(_WeightCache):
    """sqrt(W) Q_l and b_l per (seed, width, layer): Q_l is the orthogonal factor of the very
    Z_l the Gaussian network uses (QR with the signs of R's diagonal made positive, as
    ``torch.nn.init.orthogonal_`` does, so Q_l is Haar distributed).  Scaled by sqrt(W) so that
    ``sigma_w / sqrt(W)`` times it is ``sigma_w Q_l``: the same rule as the Gaussian weights.
    A QR of 256 x 256 costs ~11-14 ms (float64, one thread), so these are cached as well."""

    THREAD = "depth-orthogonal"

    @staticmethod
    def _draw(seed: int, width: int, l: int) -> tuple[np.ndarray, np.ndarray]:
        z, b = _WEIGHTS.layer(seed, width, l)
        q, r = np.linalg.qr(z.astype(np.float64))
        q *= np.where(np.diag(r) < 0, -1.0, 1.0)
        q *= np.sqrt(width)
        return q.astype(np.float32), b


_WEIGHTS = _WeightCache(_WEIGHT_CACHE_BYTES)
_ORTHOGONAL = _OrthogonalCache(_WEIGHT_CACHE_BYTES)


def weight_source(kind: str) -> _WeightCache:
    """The cache of the matrices of weight distribution ``kind`` ('gaussian' or 'orthogonal')."""
    return _ORTHOGONAL if kind == "orthogonal" else _WEIGHTS


def layer_weights(seed: int, width: int, layer: int) -> tuple[np.ndarray, np.ndarray]:
    """The standard normal (Z_l, b_l) of layer ``layer`` (1-based), float32, read-only:
    the network uses W_l = sigma_w / sqrt(width) * Z_l and biases sigma_b * b_l.  They depend
    on (seed, width, layer) only - not on the function, the init or the depth."""
    z, b = _WEIGHTS.layer(int(seed), int(width), int(layer))
    z.setflags(write=False)
    b.setflags(write=False)
    return z, b


def input_batch(seed: int, batch: int, width: int) -> np.ndarray:
    """The N(0, 1) inputs x_0 (batch x width, float32) of a run."""
    return _rng(int(seed), 0).standard_normal((int(batch), int(width)), dtype=np.float32)


def top_gradient(seed: int, batch: int, width: int, layer: int) -> np.ndarray:
    """The N(0, 1) gradient w.r.t. the output of ``layer`` when the backward pass starts there
    (the top layer, or below a layer that passed no gradient)."""
    return _rng(int(seed), 2, int(layer)).standard_normal((int(batch), int(width)), dtype=np.float32)


def clear_weight_cache() -> None:
    """Forget the cached random weights (they are redrawn, identically, when needed)."""
    _WEIGHTS.clear()
    _ORTHOGONAL.clear()
