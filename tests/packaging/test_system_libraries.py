"""The Linux bundle leaves some system libraries out (packaging/system_libraries.py): which ones,
what goes with them, and that a machine set up by scripts/system-packages.sh has them."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from packaging_files import ROOT, load

system_libraries = load("system_libraries.py")
qt_trim = load("hooks/qt_trim.py")

#: A small bundle: what each file links (by soname).
LINKS = {
    "libcupsprintersupport.so": ["libcups.so.2", "libQt6PrintSupport.so.6"],
    "libQt6PrintSupport.so.6": ["libQt6Gui.so.6"],
    "libQt6Gui.so.6": ["libglib-2.0.so.0", "libz.so.1", "libQt6Core.so.6"],
    "libQt6Core.so.6": ["libglib-2.0.so.0", "libz.so.1", "libzstd.so.1"],
    "libcups.so.2": ["libgnutls.so.30", "libz.so.1", "libavahi-client.so.3"],
    "libgnutls.so.30": ["libnettle.so.8", "libzstd.so.1"],
    "libavahi-client.so.3": ["libdbus-1.so.3"],
    "libdbus-1.so.3": ["libsystemd.so.0"],
    "libglib-2.0.so.0": ["libpcre2-8.so.0"],
    "zlib.cpython-311-x86_64-linux-gnu.so": ["libz.so.1"],
    "libQt6DBus.so.6": ["libdbus-1.so.3"],
}
BINARIES = [
    ("PySide6/Qt/plugins/printsupport/libcupsprintersupport.so", "/sp/cups-plugin", "BINARY"),
    ("PySide6/Qt/lib/libQt6PrintSupport.so.6", "/sp/libQt6PrintSupport.so.6", "BINARY"),
    ("PySide6/Qt/lib/libQt6Gui.so.6", "/sp/libQt6Gui.so.6", "BINARY"),
    ("PySide6/Qt/lib/libQt6Core.so.6", "/sp/libQt6Core.so.6", "BINARY"),
    ("PySide6/Qt/lib/libQt6DBus.so.6", "/sp/libQt6DBus.so.6", "BINARY"),
    ("python3.11/lib-dynload/zlib.cpython-311-x86_64-linux-gnu.so", "/usr/lib/zlib-ext", "EXTENSION"),
    *[(name, f"/lib/{name}", "BINARY") for name in (
        "libcups.so.2", "libgnutls.so.30", "libnettle.so.8", "libavahi-client.so.3", "libdbus-1.so.3",
        "libsystemd.so.0", "libglib-2.0.so.0", "libpcre2-8.so.0", "libz.so.1", "libzstd.so.1")],
]


def fake_needed(source: str) -> list[str]:
    name = next(n for n, s, _ in BINARIES if s == source)
    return LINKS.get(Path(name).name, [])


def left_out(*names: str) -> set[str]:
    gone: set[str] = system_libraries.left_out(BINARIES, frozenset(names), fake_needed)
    return gone


def test_a_library_goes_with_what_only_it_links() -> None:
    assert left_out("libcups.so.2") == {"libcups.so.2", "libgnutls.so.30", "libnettle.so.8", "libavahi-client.so.3"}


def test_what_something_kept_also_links_stays() -> None:
    gone = left_out("libcups.so.2")
    assert "libz.so.1" not in gone  # Python's zlib module and QtCore link it too
    assert "libzstd.so.1" not in gone  # QtCore
    assert "libdbus-1.so.3" not in gone  # QtDBus


def test_libraries_left_out_together_take_what_only_they_link() -> None:
    gone = left_out("libcups.so.2", "libdbus-1.so.3", "libglib-2.0.so.0")
    assert {"libdbus-1.so.3", "libsystemd.so.0", "libglib-2.0.so.0", "libpcre2-8.so.0"} <= gone
    assert not gone & {"libQt6DBus.so.6", "libQt6Core.so.6", "libz.so.1", "libzstd.so.1"}


def test_names_not_in_the_bundle_change_nothing() -> None:
    assert left_out("libnothing.so.1") == set()


def test_prune_drops_the_entries_and_the_symbolic_links_to_them() -> None:
    datas = [
        ("libQt6Gui.so.6", "PySide6/Qt/lib/libQt6Gui.so.6", "SYMLINK"),
        ("libcups.so.2", "somewhere/libcups.so.2", "SYMLINK"),
        ("resources/demo/restaurant.json", "/src/resources/demo/restaurant.json", "DATA"),
    ]
    binaries, kept_datas, names = system_libraries.prune(BINARIES, datas, frozenset({"libcups.so.2"}), fake_needed)
    assert names == ["libavahi-client.so.3", "libcups.so.2", "libgnutls.so.30", "libnettle.so.8"]
    assert len(binaries) == len(BINARIES) - 4
    assert [name for name, _, _ in kept_datas] == ["libQt6Gui.so.6", "resources/demo/restaurant.json"]


def test_no_qt_or_python_library_is_left_to_the_system() -> None:
    for name in system_libraries.LEFT_OUT:
        assert not name.startswith(("libQt6", "libpyside6", "libshiboken6", "libpython", "libicu"))


def test_the_cups_plugin_travels_while_libcups_is_the_systems() -> None:
    assert "libcups.so.2" in system_libraries.OPTIONAL
    plugin = "PySide6/Qt/plugins/printsupport"
    assert qt_trim.plugin_wanted(f"/sp/{plugin}/libcupsprintersupport.so", plugin)


def system_packages() -> set[str]:
    """The packages scripts/system-packages.sh installs (its `packages=( ... )` list)."""
    script = (ROOT / "scripts" / "system-packages.sh").read_text(encoding="utf-8")
    listed = re.search(r"^packages=\((.*?)\)", script, re.MULTILINE | re.DOTALL)
    assert listed is not None
    return set(listed.group(1).split())


def test_every_system_library_comes_with_a_package_system_packages_installs() -> None:
    installed = system_packages()
    for soname, (_package, via) in system_libraries.SYSTEM.items():
        assert via in installed, f"{soname}: {via} is not in scripts/system-packages.sh"


@pytest.mark.skipif(shutil.which("apt-cache") is None, reason="Debian/Ubuntu only")
def test_the_packages_that_install_them_depend_on_the_ones_that_provide_them() -> None:
    for soname, (package, via) in system_libraries.SYSTEM.items():
        if package == via:
            continue
        result = subprocess.run(
            ["apt-cache", "depends", "--recurse", "--no-recommends", "--no-suggests", "--no-conflicts",
             "--no-breaks", "--no-replaces", "--no-enhances", via],
            capture_output=True, text=True, check=True, timeout=120,
        )
        closure = {line.strip() for line in result.stdout.splitlines() if not line.startswith(" ")}
        assert package in closure, f"{soname}: {via} does not bring {package}"


@pytest.mark.skipif(shutil.which("objdump") is None or not sys.platform.startswith("linux"),
                    reason="Linux, with binutils")
def test_needed_by_reads_an_elf_files_libraries() -> None:
    from PySide6 import QtCore

    assert "libQt6Core.so.6" in system_libraries.needed_by(str(QtCore.__file__))
    assert system_libraries.needed_by(str(ROOT / "README.md")) == []
