"""The shared libraries the Linux bundle takes from the system instead of carrying its own copy.

PyInstaller copies every library the collected binaries link, system ones included (except the
C library, libGL/libEGL, libxcb and a few more it always leaves out). For Maitre D that meant
~16 MB the target machine has anyway, or doesn't need:

- `SYSTEM`: Qt's own runtime libraries. QtCore, QtGui and QtDBus link them; the PySide6 wheels
  take them from the system too; `scripts/system-packages.sh` installs them (libfreetype6 comes
  with libfontconfig1, libx11-6 with libgl1, which QtGui links and no bundle carries). Leaving
  them out also drops what only they link (libsystemd, libgcrypt, lz4, pcre2, libpng, brotli...),
  and keeps the system's fontconfig and GLib in step with its own configuration and modules.
- `OPTIONAL`: libraries that only a plugin loads, which Qt skips when they are missing. The CUPS
  print-support plugin travels in the bundle and uses the system's libcups where there is one
  (every desktop with a printer set up has it): then the day sheet prints to real printers. Where
  there is none the plugin doesn't load and Qt prints to PDF only. Carrying libcups would bring
  GnuTLS, Kerberos, Avahi, p11-kit, nettle, GMP, libunistring... (~9 MB) along with it.

A library is left out with whatever only it (and other left-out libraries) links; a library that
something kept in the bundle also links stays (zlib, liblzma, libzstd, libffi: Python's own
modules and QtCore use them).
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Callable, Iterable, Set

#: soname → (the Debian/Ubuntu package that provides it, the package of scripts/system-packages.sh
#: that installs it, itself or as a dependency).
SYSTEM: dict[str, tuple[str, str]] = {
    "libglib-2.0.so.0": ("libglib2.0-0", "libglib2.0-0"),
    "libgthread-2.0.so.0": ("libglib2.0-0", "libglib2.0-0"),
    "libdbus-1.so.3": ("libdbus-1-3", "libdbus-1-3"),
    "libfontconfig.so.1": ("libfontconfig1", "libfontconfig1"),
    "libfreetype.so.6": ("libfreetype6", "libfontconfig1"),
    "libX11.so.6": ("libx11-6", "libgl1"),
}

#: soname → the package that provides it: used when present, not needed to start.
OPTIONAL: dict[str, str] = {
    "libcups.so.2": "libcups2",  # the CUPS print-support plugin (printsupport/libcupsprintersupport.so)
}

LEFT_OUT = frozenset(SYSTEM) | frozenset(OPTIONAL)

#: A PyInstaller TOC entry: (name in the bundle, source path, type code).
Entry = tuple[str, str, str]

_NEEDED = re.compile(r"^\s*NEEDED\s+(\S+)\s*$", re.MULTILINE)


def needed_by(path: str) -> list[str]:
    """The sonames an ELF file links (its DT_NEEDED entries), as `objdump -p` lists them."""
    result = subprocess.run(["objdump", "-p", path], capture_output=True, text=True, check=False)
    return _NEEDED.findall(result.stdout) if result.returncode == 0 else []


def _reach(start: Iterable[str], links: dict[str, list[str]], avoid: Set[str]) -> set[str]:
    """Every name reachable from `start` through `links`, not going through `avoid`."""
    seen: set[str] = set()
    pending = list(start)
    while pending:
        for name in links.get(pending.pop(), []):
            if name not in seen and name not in avoid:
                seen.add(name)
                pending.append(name)
    return seen


def left_out(binaries: list[Entry], left: frozenset[str] = LEFT_OUT,
             needed: Callable[[str], list[str]] = needed_by) -> set[str]:
    """The names (file names in the bundle) of the binaries to leave out: those in `left`, and
    the libraries reachable from them that nothing else in the bundle links."""
    by_name = {os.path.basename(name): source for name, source, _ in binaries}
    links = {name: [n for n in needed(source) if n in by_name] for name, source in by_name.items()}
    dropped = set(left & by_name.keys())
    behind = _reach(dropped, links, dropped)  # what the dropped ones link
    others = by_name.keys() - dropped - behind
    still_needed = _reach(others, links, dropped)
    return dropped | (behind - still_needed)


def prune(binaries: list[Entry], datas: list[Entry], left: frozenset[str] = LEFT_OUT,
          needed: Callable[[str], list[str]] = needed_by) -> tuple[list[Entry], list[Entry], list[str]]:
    """(binaries, datas) without the libraries left to the system (and symbolic links to them),
    and the sorted names left out."""
    names = left_out(binaries, left, needed)

    def kept(entry: Entry) -> bool:
        name, source, kind = entry
        if os.path.basename(name) in names:
            return False
        return not (kind == "SYMLINK" and os.path.basename(source) in names)

    return [e for e in binaries if kept(e)], [e for e in datas if kept(e)], sorted(names)
