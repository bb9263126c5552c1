"""Draw Maitre D's application icon and write it in every size each OS wants.

The emblem is a host stand's cloche on its plate, in cream on a warm terracotta-to-wine rounded
square. Every size is drawn from vector shapes at that size (no downscaling of one big image),
and the smallest sizes drop the details that would only turn into grey smudges.

Writes to `resources/icons/` (commit the result; run again only when the design changes):

- `maitred-<N>.png` for N in 16 24 32 48 64 128 256 512 1024 (Linux hicolor, the window icon)
- `maitred.png` (the 256 px one, for `QIcon` and `.desktop` files that want one file)
- `maitred.ico` (Windows: 16–256, PNG-compressed entries)
- `maitred.icns` (macOS: 16–1024 with the @2x variants, drawn on Apple's icon grid, PNG entries)

Usage: `python packaging/make_icons.py [--out DIR]` (needs only PySide6; runs offscreen).
"""

from __future__ import annotations

import argparse
import os
import struct
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QGuiApplication,
    QImage,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPen,
    QRadialGradient,
)

ROOT = Path(__file__).resolve().parents[1]
ICONS = ROOT / "resources" / "icons"

PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512, 1024)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
#: ICNS element types holding PNG data, and the pixel size each must be.
ICNS_TYPES: tuple[tuple[bytes, int], ...] = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"icp6", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic09", 512),
    (b"ic10", 1024),  # 512@2x
    (b"ic11", 32),  # 16@2x
    (b"ic12", 64),  # 32@2x
    (b"ic13", 256),  # 128@2x
    (b"ic14", 512),  # 256@2x
)

TERRACOTTA = QColor("#d9653b")
WINE = QColor("#8e2a3a")
CREAM = QColor("#fff4e2")
CREAM_SHADE = QColor("#f1d9b8")
BRASS = QColor("#e8b04b")


def draw_icon(size: int, *, mac_grid: bool = False) -> QImage:
    """The icon at `size` px. `mac_grid` leaves Apple's margin around the tile (824 of 1024)."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)

    if mac_grid:
        margin = size * 100 / 1024
    elif size <= 24:
        margin = 0.0  # every pixel counts at 16 and 24
    else:
        margin = size * 0.04
    tile = QRectF(margin, margin, size - 2 * margin, size - 2 * margin)
    detailed = size >= 48

    if mac_grid and detailed:
        _draw_tile_shadow(painter, tile)
    _draw_tile(painter, tile, detailed=detailed)
    _draw_cloche(painter, tile, size=size, detailed=detailed)
    painter.end()
    return image


def _draw_tile_shadow(painter: QPainter, tile: QRectF) -> None:
    """The soft drop shadow Apple's icons sit on."""
    side = tile.width()
    for step in range(6, 0, -1):
        spread = side * 0.006 * step
        shadow = tile.adjusted(-spread, -spread + side * 0.012, spread, spread + side * 0.02)
        painter.setBrush(QColor(0, 0, 0, 7))
        painter.drawRoundedRect(shadow, side * 0.225 + spread, side * 0.225 + spread)


def _draw_tile(painter: QPainter, tile: QRectF, *, detailed: bool) -> None:
    side = tile.width()
    radius = side * 0.225
    body = QLinearGradient(tile.topLeft(), tile.bottomLeft())
    body.setColorAt(0.0, TERRACOTTA)
    body.setColorAt(1.0, WINE)
    painter.setBrush(QBrush(body))
    painter.drawRoundedRect(tile, radius, radius)
    if detailed:
        # A soft light from above, so the tile reads as a surface rather than a flat swatch.
        glow = QRadialGradient(QPointF(tile.center().x(), tile.top()), side * 0.9)
        glow.setColorAt(0.0, QColor(255, 255, 255, 46))
        glow.setColorAt(1.0, QColor(255, 255, 255, 0))
        painter.setBrush(QBrush(glow))
        painter.drawRoundedRect(tile, radius, radius)
        # A hairline of light on the top edge.
        edge = QPen(QColor(255, 255, 255, 40), max(1.0, side / 256))
        painter.setPen(edge)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        inset = edge.widthF() / 2
        painter.drawRoundedRect(tile.adjusted(inset, inset, -inset, -inset), radius - inset, radius - inset)
        painter.setPen(Qt.PenStyle.NoPen)


def _draw_cloche(painter: QPainter, tile: QRectF, *, size: int, detailed: bool) -> None:
    side = tile.width()

    def at(x: float, y: float) -> QPointF:
        return QPointF(tile.left() + x * side, tile.top() + y * side)

    def box(x: float, y: float, w: float, h: float) -> QRectF:
        return QRectF(tile.left() + x * side, tile.top() + y * side, w * side, h * side)

    small = size <= 24
    # Proportions of the tile; the small sizes get a bigger, bolder emblem.
    dome_left, dome_right = (0.17, 0.83) if small else (0.21, 0.79)
    rim_y = 0.66 if small else 0.645
    dome_height = 0.36 if small else 0.32
    plate_y, plate_h = (rim_y + 0.02, 0.12) if small else (rim_y + 0.03, 0.075)
    plate_left, plate_right = (0.08, 0.92) if small else (0.13, 0.87)

    if detailed:
        # The cloche's shadow on the tablecloth.
        shadow = QRadialGradient(at(0.5, plate_y + plate_h * 0.9), side * 0.40)
        shadow.setColorAt(0.0, QColor(40, 0, 10, 90))
        shadow.setColorAt(1.0, QColor(40, 0, 10, 0))
        painter.setBrush(QBrush(shadow))
        painter.drawEllipse(box(0.10, plate_y + plate_h * 0.2, 0.80, plate_h * 2.2))

    # The dome: the top half of an ellipse standing on the rim.
    width = dome_right - dome_left
    dome = QPainterPath()
    dome.moveTo(at(dome_left, rim_y))
    dome.arcTo(box(dome_left, rim_y - dome_height, width, dome_height * 2), 180, -180)
    dome.closeSubpath()
    if detailed:
        shade = QLinearGradient(at(dome_left, 0), at(dome_right, 0))
        shade.setColorAt(0.0, CREAM)
        shade.setColorAt(0.55, CREAM)
        shade.setColorAt(1.0, CREAM_SHADE)
        painter.setBrush(QBrush(shade))
    else:
        painter.setBrush(CREAM)
    painter.drawPath(dome)

    # The knob on top, in brass.
    knob_r = 0.075 if small else 0.052
    knob_y = rim_y - dome_height - knob_r * 0.55
    painter.setBrush(BRASS if detailed else CREAM)
    painter.drawEllipse(at(0.5, knob_y), knob_r * side, knob_r * side)

    if detailed:
        # A shine on the dome's upper left.
        shine = QPen(QColor(255, 255, 255, 210), side * 0.028)
        shine.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(shine)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        inner = box(dome_left + 0.075, rim_y - dome_height + 0.075, width - 0.15, (dome_height - 0.075) * 2)
        painter.drawArc(inner, 118 * 16, 34 * 16)
        painter.setPen(Qt.PenStyle.NoPen)
        # The band where the dome meets the plate.
        painter.setBrush(CREAM_SHADE)
        painter.drawRect(box(dome_left, rim_y - 0.018, width, 0.018))

    # The plate the cloche stands on.
    plate = box(plate_left, plate_y, plate_right - plate_left, plate_h)
    if small:
        plate = QRectF(round(plate.left()), round(plate.top()), round(plate.width()), max(2, round(plate.height())))
    painter.setBrush(CREAM)
    painter.drawRoundedRect(plate, plate.height() / 2, plate.height() / 2)


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise RuntimeError("Qt could not encode a PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(pngs: Sequence[tuple[int, bytes]]) -> bytes:
    """A Windows .ico of PNG-compressed images (Vista and later read PNG entries at any size).

    ICONDIR (reserved, type 1, count), one 16-byte ICONDIRENTRY per image (a width or height of
    256 is written as 0), then the images.
    """
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = len(header) + 16 * len(pngs)
    entries, blobs = [], []
    for size, data in pngs:
        if not 1 <= size <= 256:
            raise ValueError(f"an .ico image is 1 to 256 px, not {size}")
        dimension = 0 if size == 256 else size
        entries.append(struct.pack("<BBBBHHII", dimension, dimension, 0, 0, 1, 32, len(data), offset))
        blobs.append(data)
        offset += len(data)
    return header + b"".join(entries) + b"".join(blobs)


def icns_bytes(elements: Iterable[tuple[bytes, bytes]]) -> bytes:
    """An Apple .icns: 'icns' + total length, then (type, length incl. its 8-byte header, data)."""
    body = b"".join(kind + struct.pack(">I", 8 + len(data)) + data for kind, data in elements)
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def write_icons(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    flat = {size: png_bytes(draw_icon(size)) for size in PNG_SIZES}
    mac = {size: png_bytes(draw_icon(size, mac_grid=True)) for size in sorted({s for _, s in ICNS_TYPES})}
    written = []
    for size, data in flat.items():
        written.append(_write(folder / f"maitred-{size}.png", data))
    written.append(_write(folder / "maitred.png", flat[256]))
    written.append(_write(folder / "maitred.ico", ico_bytes([(size, flat[size]) for size in ICO_SIZES])))
    written.append(_write(folder / "maitred.icns", icns_bytes((kind, mac[size]) for kind, size in ICNS_TYPES)))
    return written


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ICONS, help=f"folder to write to (default {ICONS})")
    args = parser.parse_args(argv)
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    for path in write_icons(args.out):
        print(f"{path.stat().st_size:>8,d}  {path}")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
