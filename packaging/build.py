"""Build the Linux bundle: ``python packaging/build.py``.

1. runs PyInstaller on ``packaging/act-explorer.spec`` -> ``dist/act-explorer/`` (onedir;
   the executable is ``dist/act-explorer/act-explorer``);
2. adds ``share/`` to it: the freedesktop launcher and the icon in the hicolor layout, ready to
   copy into ``~/.local/share`` (see the README);
3. packs ``dist/act-explorer-<version>-linux-x86_64.tar.gz`` (top folder ``act-explorer/``);
4. prints the sizes, the time taken and the shared libraries the bundle expects the system to
   provide.

Needs the ``package`` extra (``pip install -e ".[package]"``) and binutils' ``strip``.
Work files go to ``build/pyinstaller/``.  ``--clean`` empties PyInstaller's caches first.
"""

from __future__ import annotations

import argparse
import os
import shutil
import struct
import sys
import tarfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "packaging" / "act-explorer.spec"
NAME = "act-explorer"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)
# Provided by glibc itself: not worth listing as requirements.
GLIBC = {"libc.so.6", "libm.so.6", "libdl.so.2", "libpthread.so.0", "librt.so.1", "libutil.so.1",
         "ld-linux-x86-64.so.2", "libresolv.so.2"}


def version() -> str:
    sys.path.insert(0, str(ROOT))
    try:
        import act_explorer
    finally:
        sys.path.pop(0)
    return act_explorer.__version__


def run_pyinstaller(dist: Path, work: Path, clean: bool) -> None:
    try:
        import PyInstaller.__main__
    except ImportError:
        raise SystemExit('error: PyInstaller is not installed; run: pip install -e ".[package]"') from None
    if shutil.which("strip") is None:
        print("warning: 'strip' (binutils) not found: libpython keeps its debug info (+25 MB)",
              file=sys.stderr)
    args = [str(SPEC), "--noconfirm", "--distpath", str(dist), "--workpath", str(work),
            "--log-level", "WARN"]
    if clean:
        args.append("--clean")
    PyInstaller.__main__.run(args)


def add_share(bundle: Path) -> None:
    """share/applications/act-explorer.desktop and share/icons/hicolor/*/apps/act-explorer.*"""
    icons = ROOT / "act_explorer" / "resources" / "icons"
    share = bundle / "share"
    if share.exists():
        shutil.rmtree(share)
    apps = share / "applications"
    apps.mkdir(parents=True)
    shutil.copy2(ROOT / "resources" / f"{NAME}.desktop", apps / f"{NAME}.desktop")
    for n in ICON_SIZES:
        dest = share / "icons" / "hicolor" / f"{n}x{n}" / "apps"
        dest.mkdir(parents=True)
        shutil.copy2(icons / f"{NAME}-{n}.png", dest / f"{NAME}.png")
    dest = share / "icons" / "hicolor" / "scalable" / "apps"
    dest.mkdir(parents=True)
    shutil.copy2(icons / f"{NAME}.svg", dest / f"{NAME}.svg")


def _reset_owner(info: tarfile.TarInfo) -> tarfile.TarInfo:
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info


def make_archive(bundle: Path, archive: Path) -> None:
    tmp = archive.with_name(archive.name + ".part")
    with tarfile.open(tmp, "w:gz", compresslevel=6) as tar:
        tar.add(bundle, arcname=bundle.name, filter=_reset_owner)
    os.replace(tmp, archive)


def tree_size(folder: Path) -> int:
    """Bytes of the files under ``folder`` (symbolic links counted as links, not targets)."""
    total = 0
    for dirpath, _dirs, files in os.walk(folder):
        for f in files:
            total += os.lstat(os.path.join(dirpath, f)).st_size
    return total


def elf_needed(path: Path) -> list[str] | None:
    """DT_NEEDED entries of a 64-bit little-endian ELF file, or None if it is not one."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(64)
            if len(head) < 64 or head[:4] != b"\x7fELF" or head[4] != 2 or head[5] != 1:
                return None
            shoff, = struct.unpack_from("<Q", head, 0x28)
            shentsize, shnum = struct.unpack_from("<HH", head, 0x3A)
            fh.seek(shoff)
            raw = fh.read(shentsize * shnum)
            sections = [struct.unpack_from("<IIQQQQIIQQ", raw, i * shentsize) for i in range(shnum)]
            out = []
            for _name, sh_type, _flags, _addr, offset, size, link, _info, _align, _entsize in sections:
                if sh_type != 6:  # SHT_DYNAMIC
                    continue
                str_off, str_size = sections[link][4], sections[link][5]
                fh.seek(str_off)
                strtab = fh.read(str_size)
                fh.seek(offset)
                dyn = fh.read(size)
                for i in range(0, len(dyn) - 15, 16):
                    tag, val = struct.unpack_from("<qQ", dyn, i)
                    if tag == 0:
                        break
                    if tag == 1:  # DT_NEEDED
                        out.append(strtab[val:strtab.index(b"\0", val)].decode())
            return out
    except (OSError, struct.error, IndexError, ValueError):
        return None


def system_requirements(bundle: Path) -> dict[str, list[str]]:
    """Shared libraries that files in the bundle need and the bundle does not hold:
    {soname: [files needing it]}."""
    present = set()
    elves = []
    for dirpath, _dirs, files in os.walk(bundle):
        for f in files:
            present.add(f)
            p = Path(dirpath) / f
            if not p.is_symlink():
                elves.append(p)
    missing: dict[str, list[str]] = {}
    for p in elves:
        for soname in elf_needed(p) or ():
            if soname not in present and soname not in GLIBC:
                missing.setdefault(soname, []).append(str(p.relative_to(bundle)))
    return dict(sorted(missing.items()))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Build dist/act-explorer/ and its .tar.gz archive.")
    ap.add_argument("--clean", action="store_true", help="empty PyInstaller's caches first")
    ap.add_argument("--no-archive", action="store_true", help="skip the .tar.gz")
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    ver = version()
    dist = ROOT / "dist"
    bundle = dist / NAME
    archive = dist / f"{NAME}-{ver}-linux-x86_64.tar.gz"
    run_pyinstaller(dist, ROOT / "build" / "pyinstaller", args.clean)
    exe = bundle / NAME
    if not (exe.is_file() and os.access(exe, os.X_OK)):
        print(f"error: {exe} was not built", file=sys.stderr)
        return 1
    add_share(bundle)
    t_bundle = time.perf_counter() - t0
    if not args.no_archive:
        make_archive(bundle, archive)
    t_total = time.perf_counter() - t0

    size = tree_size(bundle)
    print(f"bundle   {bundle.relative_to(ROOT)}/  {size / 1e6:.1f} MB ({size / 2**20:.1f} MiB)")
    if not args.no_archive:
        asize = archive.stat().st_size
        print(f"archive  {archive.relative_to(ROOT)}  {asize / 1e6:.1f} MB ({asize / 2**20:.1f} MiB)")
    print(f"time     {t_bundle:.0f} s for the bundle, {t_total:.0f} s in all")
    needs = system_requirements(bundle)
    print("needs from the system (besides glibc): " + (", ".join(needs) or "nothing"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
