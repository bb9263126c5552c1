"""The committed application icons: every PNG at its size, and the .ico/.icns containers parse
back into the images they declare (the containers are written by hand in packaging/make_icons.py)."""

from __future__ import annotations

import importlib.util
import struct
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
ICONS = ROOT / "resources" / "icons"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512, 1024)
ICO_SIZES = {16, 24, 32, 48, 64, 128, 256}
#: Apple's PNG-holding ICNS types and the pixel size each must hold.
ICNS_SIZES = {
    b"icp4": 16, b"icp5": 32, b"icp6": 64, b"ic07": 128, b"ic08": 256, b"ic09": 512,
    b"ic10": 1024, b"ic11": 32, b"ic12": 64, b"ic13": 256, b"ic14": 512,
}


def png_size(data: bytes) -> tuple[int, int]:
    """(width, height) from a PNG's IHDR chunk, which must come first."""
    assert data[:8] == PNG_SIGNATURE, "not a PNG"
    length, kind = struct.unpack(">I4s", data[8:16])
    assert kind == b"IHDR" and length == 13
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def read_ico(data: bytes) -> list[tuple[int, int, bytes]]:
    """(declared width, declared height, image) for each entry of an .ico."""
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind) == (0, 1), "not an icon file"
    images = []
    for index in range(count):
        width, height, colours, reserved, planes, bits, size, offset = struct.unpack(
            "<BBBBHHII", data[6 + 16 * index : 22 + 16 * index]
        )
        assert reserved == 0 and planes == 1 and bits == 32 and colours == 0
        assert offset + size <= len(data), "entry runs past the end of the file"
        images.append((width or 256, height or 256, data[offset : offset + size]))
    return images


def read_icns(data: bytes) -> list[tuple[bytes, bytes]]:
    """(type, payload) for each element of an .icns."""
    magic, total = struct.unpack(">4sI", data[:8])
    assert magic == b"icns" and total == len(data)
    elements, position = [], 8
    while position < total:
        kind, length = struct.unpack(">4sI", data[position : position + 8])
        assert length >= 8 and position + length <= total, f"{kind!r} runs past the end of the file"
        elements.append((kind, data[position + 8 : position + length]))
        position += length
    return elements


@pytest.mark.parametrize("size", PNG_SIZES)
def test_each_png_has_its_size(size: int) -> None:
    assert png_size((ICONS / f"maitred-{size}.png").read_bytes()) == (size, size)


def test_the_single_png_is_the_256_one() -> None:
    assert (ICONS / "maitred.png").read_bytes() == (ICONS / "maitred-256.png").read_bytes()


def test_ico_entries_hold_the_sizes_they_declare() -> None:
    images = read_ico((ICONS / "maitred.ico").read_bytes())
    for width, height, image in images:
        assert png_size(image) == (width, height)
    assert {width for width, _, _ in images} == ICO_SIZES
    assert len(images) == len(ICO_SIZES)


def test_icns_elements_hold_the_sizes_their_types_require() -> None:
    elements = read_icns((ICONS / "maitred.icns").read_bytes())
    assert {kind for kind, _ in elements} == set(ICNS_SIZES)
    for kind, image in elements:
        size = ICNS_SIZES[kind]
        assert png_size(image) == (size, size), kind


def load_make_icons() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_icons", ROOT / "packaging" / "make_icons.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_writers_round_trip() -> None:
    make_icons = load_make_icons()
    pngs = {size: (ICONS / f"maitred-{size}.png").read_bytes() for size in (16, 32, 256)}

    ico = make_icons.ico_bytes(list(pngs.items()))
    assert [(w, h, image) for w, h, image in read_ico(ico)] == [(s, s, pngs[s]) for s in pngs]

    icns = make_icons.icns_bytes([(b"icp4", pngs[16]), (b"ic08", pngs[256])])
    assert read_icns(icns) == [(b"icp4", pngs[16]), (b"ic08", pngs[256])]

    with pytest.raises(ValueError, match="1 to 256"):
        make_icons.ico_bytes([(512, b"")])
