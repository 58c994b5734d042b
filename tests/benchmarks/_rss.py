"""Resident memory of this process, for the memory benchmarks."""

from __future__ import annotations

import ctypes
import gc


def rss_mb(collect: bool = True) -> float:
    """RSS in MB (10^6 bytes).  With ``collect``, Python's garbage is collected and glibc is
    asked to return freed heap pages first (``malloc_trim``), so the figure is what is still
    held, not what the allocator keeps around for reuse."""
    if collect:
        gc.collect()
        try:
            ctypes.CDLL("libc.so.6").malloc_trim(0)
        except (OSError, AttributeError):
            pass
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024 / 1e6
    return float("nan")
