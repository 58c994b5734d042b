"""The application fixes glibc's mmap threshold when it starts, so a large block that is freed
goes back to the system instead of staying in the heap (memory when windows come and go)."""

from __future__ import annotations

import ctypes
import sys

import pytest

from act_explorer.qt import allocator

LIBC = allocator.glibc()
needs_glibc = pytest.mark.skipif(LIBC is None or not hasattr(LIBC, "mallinfo2"),
                                 reason="glibc (2.33 or later) only")
MiB = 1024 * 1024


class _MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in (
        "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks",
        "fordblks", "keepcost")]


def _mapped_bytes() -> int:
    """Bytes glibc holds in blocks mapped on their own (``mallinfo2().hblkhd``)."""
    LIBC.mallinfo2.restype = _MallInfo2
    return LIBC.mallinfo2().hblkhd


def _malloc(n: int) -> int:
    LIBC.malloc.restype = ctypes.c_void_p
    LIBC.malloc.argtypes = [ctypes.c_size_t]
    p = LIBC.malloc(n)
    assert p
    return p


def _free(p: int) -> None:
    LIBC.free.argtypes = [ctypes.c_void_p]
    LIBC.free(p)


@needs_glibc
def test_the_application_start_fixes_the_mmap_threshold(qapp, monkeypatch):
    if "MALLOC_MMAP_THRESHOLD_" in __import__("os").environ:
        pytest.skip("the environment chose the threshold")
    from act_explorer.app import create_application

    create_application(headless=True)
    assert allocator.applied() == {"M_MMAP_THRESHOLD": allocator.MMAP_THRESHOLD,
                                   "M_TRIM_THRESHOLD": allocator.TRIM_THRESHOLD}

    # With glibc's own (dynamic) threshold, freeing a mapped 30 MiB block raises the threshold
    # past 30 MiB, and the next 20 MiB block comes from the heap.  Fixed, it is mapped again.
    _free(_malloc(30 * MiB))
    LIBC.malloc_trim(0)                       # no free top of the heap to carve it from
    before = _mapped_bytes()
    big = _malloc(20 * MiB)
    try:
        assert _mapped_bytes() - before >= 20 * MiB
    finally:
        _free(big)
    assert _mapped_bytes() == before          # ... and handed back to the system when freed

    # Below the threshold a block stays in the heap (reused without new page faults).
    small = _malloc(allocator.MMAP_THRESHOLD // 2)
    try:
        assert _mapped_bytes() == before
    finally:
        _free(small)


def test_tune_does_nothing_off_glibc(monkeypatch):
    monkeypatch.setattr(allocator, "_applied", {})
    monkeypatch.setattr(sys, "platform", "darwin")
    assert allocator.glibc() is None
    assert allocator.tune() == {}
    assert allocator.applied() == {}


@needs_glibc
def test_a_threshold_from_the_environment_wins(monkeypatch):
    monkeypatch.setattr(allocator, "_applied", {})
    monkeypatch.setenv("MALLOC_MMAP_THRESHOLD_", "131072")
    assert allocator.tune() == {}
    assert allocator.applied() == {}
