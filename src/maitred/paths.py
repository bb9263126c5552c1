"""Where Maitre D keeps its files: the user data folder (platformdirs) and the bundled resources."""

from __future__ import annotations

import sys
from pathlib import Path

from platformdirs import user_data_path

APP_NAME = "MaitreD"
DATABASE_FILE = "maitred.db"


def data_dir(override: str | Path | None = None) -> Path:
    """The folder of the book and its backups (created if missing)."""
    folder = Path(override) if override else user_data_path(APP_NAME, appauthor=False)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def default_database_url(folder: str | Path | None = None) -> str:
    return f"sqlite:///{data_dir(folder) / DATABASE_FILE}"


def resources_dir() -> Path:
    """`resources/` beside the source tree, or inside the frozen bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"
