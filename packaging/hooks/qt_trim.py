"""Which Qt plugins and translations the frozen Maitre D carries.

PyInstaller's own Qt hooks collect every plugin of every type a Qt module may use (SVG and PDF
image formats, EGL device integrations, VNC, touch drivers...) and Qt's translations in every
language; some of those pull in whole Qt libraries of their own (QtSvg, QtNetwork, QtOpenGL).
Our hooks call PyInstaller's and then drop what a host stand's widgets never load, *before*
PyInstaller follows the dropped files' library dependencies.

Kept: the platform plugins a desktop needs (xcb, wayland, windows, cocoa) and `offscreen` for the
smoke test; keyboard input methods (compose, ibus); the desktop-portal theme; the widget styles;
PNG/JPEG/GIF/ICO images; CUPS print support (the day sheet). Nothing here is OS-specific: names
are matched without `lib` and without the .so/.dll/.dylib extension.
"""

from __future__ import annotations

import os
import re

#: Plugin types dropped whole.
DROPPED_PLUGIN_TYPES = frozenset({
    "egldeviceintegrations",  # eglfs on embedded boards
    "generic",  # evdev/tslib/TUIO input for eglfs and linuxfb (TUIO needs QtNetwork)
    "xcbglintegrations",  # OpenGL on X11; the widgets paint with the raster engine
    "wayland-graphics-integration-client",  # OpenGL/Vulkan buffers on Wayland; raster uses shm
    "iconengines",  # only the SVG icon engine (needs QtSvg)
    "networkinformation",
    "tls",
    "qmltooling",
    "sqldrivers",  # the book goes through SQLAlchemy, not QtSql
    "designer",
    "multimedia",
    "position",
    "sensors",
    "texttospeech",
    "virtualkeyboard",
    "webview",
    "renderers",
    "sceneparsers",
    "geometryloaders",
    "renderplugins",
})

#: Plugins kept in the types below; every other plugin of those types is dropped.
KEPT_PLUGINS = {
    "platforms": {"qxcb", "qwayland", "qwayland-generic", "qwindows", "qcocoa", "qoffscreen"},
    "imageformats": {"qgif", "qico", "qjpeg"},
    "platformthemes": {"qxdgdesktopportal"},  # not qgtk3: it would drag GTK 3 into the bundle
    "wayland-shell-integration": {"xdg-shell"},
    # Real printers for the day sheet (CUPS on Linux; Windows and macOS print without a plugin).
    # It uses the system's libcups, which the bundle doesn't carry: see packaging/system_libraries.py.
    "printsupport": {"cupsprintersupport"},
}

#: Languages of Qt's own translations to ship (qtbase_<lang>.qm). Maitre D installs no
#: QTranslator yet, so none are loaded at run time: add languages here together with one.
KEPT_TRANSLATIONS: frozenset[str] = frozenset()

#: Windows-only extras PyInstaller's PySide6 hook adds for OpenGL (ANGLE and the ~20 MB software
#: renderer): the widgets paint with the raster engine and never create an OpenGL context.
DROPPED_EXTRA_BINARIES = re.compile(r"^(opengl32sw|d3dcompiler_\d+|libEGL|libGLESv2)\.dll$", re.IGNORECASE)

_LIBRARY_NAME = re.compile(r"^(?:lib)?(?P<stem>.+?)(?:\.so(?:\.\d+)*|\.dll|\.dylib)$")


def plugin_wanted(source: str, destination: str) -> bool:
    """False for a Qt plugin file the app never loads (anything not a plugin is kept)."""
    parts = destination.replace("\\", "/").split("/")
    if "plugins" not in parts:
        return True
    index = len(parts) - 1 - parts[::-1].index("plugins")
    if index + 1 >= len(parts):
        return True
    plugin_type = "/".join(parts[index + 1 :])  # e.g. "platforms" or "platforms/darwin"
    top_type = parts[index + 1]
    if top_type in DROPPED_PLUGIN_TYPES:
        return False
    kept = KEPT_PLUGINS.get(plugin_type)
    if kept is None:
        return True
    match = _LIBRARY_NAME.match(os.path.basename(source))
    return match is not None and match.group("stem") in kept


def extra_binary_wanted(source: str) -> bool:
    return DROPPED_EXTRA_BINARIES.match(os.path.basename(source)) is None


def translation_wanted(source: str) -> bool:
    name = os.path.basename(source)
    if not name.endswith(".qm"):
        return True
    language = name[:-3].split("_", 1)[-1]
    return language in KEPT_TRANSLATIONS


def trim(collected: tuple[list, list, list]) -> tuple[list, list, list]:
    """Filter the (hiddenimports, binaries, datas) of PyInstaller's `add_qt6_dependencies`."""
    hiddenimports, binaries, datas = collected
    binaries = [(src, dst) for src, dst in binaries if plugin_wanted(src, dst)]
    datas = [(src, dst) for src, dst in datas if translation_wanted(src) and plugin_wanted(src, dst)]
    return hiddenimports, binaries, datas
