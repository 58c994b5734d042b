"""The application fixes glibc's mmap threshold when it starts, so a large block that is freed
goes back to the system instead of staying in the heap (memory when windows come and go)."""

from __future__ import annotations

import ctypes
import json
import os
import subprocess
import sys
from pathlib import Path

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


def _mapping_after_start() -> dict:
    """In this (fresh) process: start the application, then report what glibc does with
    large blocks."""
    from act_explorer.app import create_application

    create_application(headless=True)
    out = {"applied": allocator.applied()}
    # With glibc's own (dynamic) threshold, freeing a mapped 30 MiB block raises the threshold
    # past 30 MiB, and the next 20 MiB block comes from the heap.  Fixed, it is mapped again.
    _free(_malloc(30 * MiB))
    LIBC.malloc_trim(0)                       # no free top of the heap to carve it from
    before = _mapped_bytes()
    big = _malloc(20 * MiB)
    out["big_mapped"] = _mapped_bytes() - before
    _free(big)
    out["after_free"] = _mapped_bytes() - before
    small = _malloc(allocator.MMAP_THRESHOLD // 2)
    out["small_mapped"] = _mapped_bytes() - before
    _free(small)
    return out


@needs_glibc
def test_the_application_start_fixes_the_mmap_threshold():
    # A fresh interpreter: what a user's process does from its start, whatever this test
    # process allocated before.
    env = {k: v for k, v in os.environ.items() if not k.startswith("MALLOC_")}
    code = ("import json, sys; sys.path.insert(0, sys.argv[1]); import test_allocator as t; "
            "print(json.dumps(t._mapping_after_start()))")
    proc = subprocess.run([sys.executable, "-c", code, str(Path(__file__).parent)],
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert out["applied"] == {"M_MMAP_THRESHOLD": allocator.MMAP_THRESHOLD,
                              "M_TRIM_THRESHOLD": allocator.TRIM_THRESHOLD}
    assert out["big_mapped"] >= 20 * MiB      # a large block is mapped on its own ...
    assert out["after_free"] == 0             # ... and handed back to the system when freed
    assert out["small_mapped"] == 0           # below the threshold it stays in the heap


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
