"""The frozen app finds its data where packaging/maitred.spec puts it: `resources/` at the top of
the bundle, and the Alembic migrations next to `maitred/store/migrate.py`."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

import maitred
from maitred import paths
from maitred.store import migrate

ROOT = Path(__file__).resolve().parents[2]
SPEC = (ROOT / "packaging" / "maitred.spec").read_text(encoding="utf-8")


def test_migrations_sit_where_the_spec_bundles_them() -> None:
    package = Path(maitred.__file__).resolve().parent
    relative = migrate.MIGRATIONS_FOLDER.resolve().relative_to(package)
    assert '"maitred", "store", "migrations"' in SPEC
    assert relative == Path("store", "migrations")
    assert (migrate.MIGRATIONS_FOLDER / "env.py").is_file()
    assert list((migrate.MIGRATIONS_FOLDER / "versions").glob("*.py"))


def test_the_frozen_app_looks_for_resources_where_the_spec_puts_them(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert re.search(r'\(str\(RESOURCES\), "resources"\)', SPEC)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert paths.resources_dir() == tmp_path / "resources"


def test_the_resources_the_bundle_carries_exist() -> None:
    assert (ROOT / "resources" / "demo" / "restaurant.json").is_file()
    assert (ROOT / "resources" / "icons" / "maitred.ico").is_file()
    assert (ROOT / "resources" / "icons" / "maitred.icns").is_file()


def test_the_version_the_spec_reads_is_the_package_version() -> None:
    assert "from maitred import __version__ as VERSION" in SPEC
    assert re.fullmatch(r"\d+\.\d+\.\d+\S*", maitred.__version__)
