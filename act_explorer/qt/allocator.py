"""How the C allocator hands memory back, set once when the application starts.

glibc's ``malloc`` raises its mmap threshold each time a large block it mapped is freed (up to
32 MiB on 64-bit), so after the first few plots, images and arrays of a few hundred kB to a
few MB are carved from the heap instead of mapped on their own.  When a window closes they are
freed in the middle of the heap, among small objects that live on, and the heap cannot shrink
past them: a process that opens and closes windows can hold more than it still uses.

:func:`tune` fixes the threshold (which also stops glibc moving it): a block of at least
:data:`MMAP_THRESHOLD` bytes gets its own mapping and goes back to the system when freed.  It
is set high enough that the arrays the depth simulation allocates again and again stay in the
heap, where reusing them costs no page faults: at 2 MiB a 200-layer simulation at width and
batch 256 takes as many page faults as with glibc's own threshold, at 1 MiB five times as
many, at glibc's starting 128 kB twenty times as many and 2.5 times the CPU time.  The trim
threshold (free memory at the top of the heap given back as soon as a block is freed) is set
to twice that, glibc's own ratio; once glibc has raised it, it would otherwise stay raised.

Only glibc has ``mallopt`` with these meanings; on other C libraries (macOS, Windows, musl)
:func:`tune` does nothing.  A ``MALLOC_MMAP_THRESHOLD_`` set in the environment wins: glibc
has already read it, and the user asked for it.
"""

from __future__ import annotations

import ctypes
import os
import sys

__all__ = ["MMAP_THRESHOLD", "TRIM_THRESHOLD", "glibc", "tune", "applied"]

M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3     # glibc's malloc.h
MMAP_THRESHOLD = 2 * 1024 * 1024   # bytes; blocks this large are mapped on their own
TRIM_THRESHOLD = 2 * MMAP_THRESHOLD   # free bytes at the heap's top given back (glibc's own ratio)

_applied: dict[str, int] = {}


def glibc():
    """The running glibc as a ctypes library, or None on any other C library."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        os.confstr("CS_GNU_LIBC_VERSION")      # raises (or gives None) off glibc
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt                           # noqa: B018 -- present only in glibc
    except (AttributeError, OSError, ValueError):
        return None
    return libc


def tune() -> dict[str, int]:
    """Fix glibc's mmap threshold at :data:`MMAP_THRESHOLD` and its trim threshold at
    :data:`TRIM_THRESHOLD` (once per process); returns what was set, ``{name: bytes}``, or
    ``{}`` when nothing was (not glibc, or the environment already chose)."""
    if _applied or os.environ.get("MALLOC_MMAP_THRESHOLD_"):
        return dict(_applied)
    libc = glibc()
    if libc is None:
        return {}
    libc.mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    libc.mallopt.restype = ctypes.c_int
    for name, param, value in (("M_MMAP_THRESHOLD", M_MMAP_THRESHOLD, MMAP_THRESHOLD),
                               ("M_TRIM_THRESHOLD", M_TRIM_THRESHOLD, TRIM_THRESHOLD)):
        if libc.mallopt(param, value) == 1:
            _applied[name] = value
    return dict(_applied)


def applied() -> dict[str, int]:
    """What :func:`tune` set in this process (empty before it ran, or where it does nothing)."""
    return dict(_applied)
