"""The choice of Qt plugins and translations the frozen app carries (packaging/hooks/qt_trim.py),
on each OS's layout of PySide6, without running PyInstaller."""

from __future__ import annotations

from pathlib import Path

import pytest
from packaging_files import load

qt_trim = load("hooks/qt_trim.py")


def plugin(layout: str, plugin_type: str, file_name: str) -> tuple[str, str]:
    """(source, destination folder) as PyInstaller's Qt hook returns them."""
    folder = {"linux": "PySide6/Qt/plugins", "windows": "PySide6\\plugins", "macos": "PySide6/Qt/plugins"}[layout]
    destination = f"{folder}/{plugin_type}" if layout != "windows" else f"{folder}\\{plugin_type}"
    return f"/site-packages/{destination}/{file_name}".replace("\\", "/"), destination


@pytest.mark.parametrize(("layout", "plugin_type", "file_name"), [
    ("linux", "platforms", "libqxcb.so"),
    ("linux", "platforms", "libqwayland.so"),
    ("linux", "platforms", "libqoffscreen.so"),
    ("linux", "platforminputcontexts", "libcomposeplatforminputcontextplugin.so"),
    ("linux", "platformthemes", "libqxdgdesktopportal.so"),
    ("linux", "wayland-shell-integration", "libxdg-shell.so"),
    ("linux", "imageformats", "libqjpeg.so"),
    ("linux", "printsupport", "libcupsprintersupport.so"),  # the day sheet on real printers
    ("windows", "platforms", "qwindows.dll"),
    ("windows", "platforms", "qoffscreen.dll"),
    ("windows", "styles", "qmodernwindowsstyle.dll"),
    ("windows", "imageformats", "qico.dll"),
    ("macos", "platforms", "libqcocoa.dylib"),
    ("macos", "platforms", "libqoffscreen.dylib"),
    ("macos", "styles", "libqmacstyle.dylib"),
    ("macos", "imageformats", "libqgif.dylib"),
])
def test_what_a_desktop_needs_is_kept(layout: str, plugin_type: str, file_name: str) -> None:
    assert qt_trim.plugin_wanted(*plugin(layout, plugin_type, file_name))


@pytest.mark.parametrize(("layout", "plugin_type", "file_name"), [
    ("linux", "platforms", "libqeglfs.so"),
    ("linux", "platforms", "libqvnc.so"),
    ("linux", "platforms", "libqlinuxfb.so"),
    ("linux", "platformthemes", "libqgtk3.so"),
    ("linux", "imageformats", "libqsvg.so"),
    ("linux", "imageformats", "libqpdf.so"),
    ("linux", "iconengines", "libqsvgicon.so"),
    ("linux", "generic", "libqtuiotouchplugin.so"),
    ("linux", "egldeviceintegrations", "libqeglfs-kms-egldevice-integration.so"),
    ("linux", "xcbglintegrations", "libqxcb-glx-integration.so"),
    ("linux", "wayland-shell-integration", "libivi-shell.so"),
    ("linux", "tls", "libqopensslbackend.so"),
    ("windows", "imageformats", "qtiff.dll"),
    ("windows", "platforms", "qdirect2d.dll"),
    ("windows", "networkinformation", "qnetworklistmanager.dll"),
    ("macos", "imageformats", "libqwebp.dylib"),
])
def test_what_the_host_stand_never_loads_is_dropped(layout: str, plugin_type: str, file_name: str) -> None:
    assert not qt_trim.plugin_wanted(*plugin(layout, plugin_type, file_name))


def test_libraries_that_are_not_plugins_are_kept() -> None:
    assert qt_trim.plugin_wanted("/sp/PySide6/Qt/lib/libQt6Gui.so.6", "PySide6/Qt/lib")
    assert qt_trim.plugin_wanted("C:/sp/PySide6/Qt6Gui.dll", "PySide6")


def test_translations_are_dropped_unless_kept() -> None:
    hidden, binaries, datas = qt_trim.trim((
        ["PySide6.QtCore"],
        [plugin("linux", "platforms", "libqxcb.so"), plugin("linux", "platforms", "libqvnc.so")],
        [("/sp/PySide6/Qt/translations/qtbase_de.qm", "PySide6/Qt/translations"),
         ("/sp/PySide6/Qt/translations/qtbase_pt_BR.qm", "PySide6/Qt/translations")],
    ))
    assert hidden == ["PySide6.QtCore"]
    assert [Path(source).name for source, _ in binaries] == ["libqxcb.so"]
    assert datas == []


@pytest.mark.parametrize("name", ["opengl32sw.dll", "d3dcompiler_47.dll", "libEGL.dll", "libGLESv2.dll"])
def test_windows_opengl_extras_are_dropped(name: str) -> None:
    assert not qt_trim.extra_binary_wanted(f"C:/hostedtoolcache/Python/Lib/site-packages/PySide6/{name}")


def test_windows_icu_extras_are_kept() -> None:
    assert qt_trim.extra_binary_wanted("C:/site-packages/PySide6/icuuc.dll")
