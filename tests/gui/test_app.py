"""Starting Maitre D as a host would: the smoke test, --version, and a book it can't open."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from maitred import __version__


def run_maitred(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}  # --smoke-test sets it itself
    return subprocess.run([sys.executable, "-m", "maitred", *args], capture_output=True, text=True,
                          timeout=timeout, env=env, check=False)


def test_version() -> None:
    done = run_maitred("--version")
    assert done.returncode == 0
    assert done.stdout.strip() == f"maitred {__version__}"


@pytest.mark.slow
def test_smoke_test_builds_the_window_on_a_first_run_and_again(tmp_path: Path) -> None:
    first = run_maitred("--smoke-test", "--data-dir", str(tmp_path))
    assert first.returncode == 0, first.stderr
    assert "smoke test passed" in first.stdout
    assert (tmp_path / "maitred.db").exists()
    second = run_maitred("--smoke-test", "--data-dir", str(tmp_path))
    assert second.returncode == 0, second.stderr
    assert first.stdout.splitlines()[-1].split(":")[1].split(",")[0] == \
        second.stdout.splitlines()[-1].split(":")[1].split(",")[0], "the same restaurant, not a second demo"


def test_a_damaged_book_is_explained_not_traced(tmp_path: Path) -> None:
    (tmp_path / "maitred.db").write_bytes(b"this is not a database, just some bytes " * 100)
    done = run_maitred("--smoke-test", "--data-dir", str(tmp_path))
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and "Traceback" not in done.stdout
    assert done.stderr.strip(), "a sentence says what is wrong"


def test_an_unreachable_server_is_explained(tmp_path: Path) -> None:
    done = run_maitred("--smoke-test", "--data-dir", str(tmp_path),
                       "--database-url", "postgresql+psycopg://nobody@127.0.0.1:9/none?connect_timeout=2")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr


def test_first_run_without_the_demo_sets_up_a_bare_restaurant(monkeypatch: pytest.MonkeyPatch, qapp: object) -> None:
    from datetime import date

    from maitred import app
    from maitred.bootstrap import open_book

    monkeypatch.setattr(app, "_demo_loader", lambda: None)
    book = open_book("sqlite://")
    try:
        location_id = app.first_run(book, date(2025, 6, 13))
        location = book.locations.get(location_id)
        assert location.info.name == "My restaurant" and location.online.periods
        assert app.open_session(book, "Anna").location.id == location_id
    finally:
        book.close()


def test_the_application_carries_its_icon_in_every_size(qapp: object) -> None:
    from maitred.app import application_icon

    sizes = {(s.width(), s.height()) for s in application_icon().availableSizes()}
    assert {(16, 16), (32, 32), (256, 256)} <= sizes


def test_the_stand_reads_its_day_once_its_window_is_up(monkeypatch: pytest.MonkeyPatch, qapp: object) -> None:
    """`maitred` paints the (locked) window first and reads the day behind it; if the book fails just
    then, the day is read again off the GUI thread."""
    from datetime import UTC, datetime

    from maitred import app
    from maitred.bootstrap import open_book
    from maitred.domain.errors import Unavailable

    noon = datetime(2025, 6, 13, 10, 0, tzinfo=UTC)
    book = open_book("sqlite://", clock=lambda: noon)
    try:
        app.first_run(book, noon.date())  # the demo: reservations on that day and around it
        session = app.open_session(book, "Anna", load_day=False)
        assert not session.day.loaded and not session.day.reservations()
        app.show_the_day(session)
        assert session.day.loaded and session.day.reservations()
        reloads: list[bool] = []

        def unreachable() -> None:
            raise Unavailable("the book can't be reached")

        monkeypatch.setattr(session.day, "load_now", unreachable)
        monkeypatch.setattr(session.day, "reload", lambda: reloads.append(True))
        app.show_the_day(session)
        assert reloads == [True]
        session.stop()
    finally:
        book.close()


def test_start_up_keeps_what_it_imported_out_of_the_collectors_way(qapp: object) -> None:
    import gc

    from maitred.app import create_application

    gc.unfreeze()
    create_application([])
    assert gc.get_freeze_count() > 0
    gc.unfreeze()
