"""The reservation details dialog never loses what the host typed: Enter saves, Esc and Close ask,
a status button saves first, a change from another stand leaves the typing alone; it opens with
the cursor somewhere harmless and shows times and dates in the locale's format."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from fixtures_app import HOST, book_guest, rome, table_id
from PySide6.QtCore import QLocale, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from maitred.controllers.session import StandSession
from maitred.domain.lifecycle import ReservationStatus
from maitred.domain.location import ReservationLocation
from maitred.domain.reservation import Reservation
from maitred.services.book import ReservationBook
from maitred.services.commands import ReservationPatch
from maitred.ui.dialogs import reservation_details
from maitred.ui.dialogs.reservation_details import EditsAnswer, ReservationDetailsDialog
from maitred.ui.main_window import MainWindow

pytest_plugins = ["fixtures_app"]
pytestmark = pytest.mark.usefixtures("no_modal_boxes")
S = ReservationStatus
Key = Qt.Key


class Questions:
    """Stands in for "Save changes to …?": answers as told and remembers who was asked about."""

    def __init__(self, answer: EditsAnswer) -> None:
        self.answer = answer
        self.asked: list[str] = []

    def __call__(self, parent: object, guest: str) -> EditsAnswer:
        self.asked.append(guest)
        return self.answer


@pytest.fixture
def questions(monkeypatch: pytest.MonkeyPatch) -> Questions:
    asked = Questions(EditsAnswer.KEEP_EDITING)
    monkeypatch.setattr(reservation_details, "ask_about_unsaved_edits", asked)
    return asked


@pytest.fixture
def open_details(qtbot: QtBot, stand_session: StandSession) -> Callable[[Reservation], ReservationDetailsDialog]:
    """Open the dialog as the stand does, shown and active; put away without questions at the end."""

    def open_(reservation: Reservation) -> ReservationDetailsDialog:
        dialog = ReservationDetailsDialog(stand_session, reservation.id)
        qtbot.addWidget(dialog, before_close_func=lambda widget: widget.done(0))
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.activateWindow()
        return dialog

    return open_


def key(qtbot: QtBot, dialog: ReservationDetailsDialog, which: Qt.Key) -> None:
    """A key as the host presses it, to whatever has the focus in the dialog."""
    qtbot.keyClick(dialog.focusWidget() or dialog, which)


# --- Enter and the first focus ------------------------------------------------------------------


def test_enter_saves_the_edits_and_then_closes(qtbot: QtBot, stand_book: ReservationBook,
                                               stand_restaurant: ReservationLocation, open_details) -> None:
    r = book_guest(stand_book, stand_restaurant, rome(19), 2, "Nina Simone")
    dialog = open_details(r)
    qtbot.mouseClick(dialog.notes, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.notes, "high chair")
    assert dialog.save_button.isDefault() and not dialog.close_button.isDefault()
    key(qtbot, dialog, Key.Key_Return)
    assert stand_book.reservations.get(r.id).team_message == "high chair"
    assert dialog.isVisible() and dialog.error.text() == "Saved."
    assert dialog.close_button.isDefault(), "nothing left to save: Enter closes"
    key(qtbot, dialog, Key.Key_Return)
    assert not dialog.isVisible()


def test_the_focus_starts_on_close_so_a_stray_key_changes_nothing(
        qtbot: QtBot, stand_book: ReservationBook, stand_restaurant: ReservationLocation, open_details) -> None:
    r = book_guest(stand_book, stand_restaurant, rome(19), 2, "Nina Simone")
    r = stand_book.reservations.update(HOST, r.id, r.revision, ReservationPatch(team_message="VIP: food critic"))
    dialog = open_details(r)
    assert dialog.focusWidget() is dialog.close_button
    for stray in (Key.Key_Up, Key.Key_PageDown, Key.Key_4, Key.Key_X, Key.Key_Down):
        key(qtbot, dialog, stray)
    assert dialog.edit().is_empty and dialog.notes.text() == "VIP: food critic"
    assert dialog.isVisible()


# --- Esc and Close ------------------------------------------------------------------------------


def test_esc_with_edits_asks_and_keep_editing_keeps_them(qtbot: QtBot, stand_book: ReservationBook,
                                                         stand_restaurant: ReservationLocation, open_details,
                                                         questions: Questions) -> None:
    r = book_guest(stand_book, stand_restaurant, rome(19), 2, "Nina Simone")
    dialog = open_details(r)
    dialog.party.setValue(3)
    key(qtbot, dialog, Key.Key_Escape)
    assert questions.asked == ["Nina Simone"]
    assert dialog.isVisible() and dialog.party.value() == 3
    questions.answer = EditsAnswer.DISCARD
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert stand_book.reservations.get(r.id).party_size == 2


def test_close_with_edits_may_save_them(qtbot: QtBot, stand_book: ReservationBook,
                                        stand_restaurant: ReservationLocation, open_details,
                                        questions: Questions) -> None:
    r = book_guest(stand_book, stand_restaurant, rome(19), 2, "Nina Simone")
    dialog = open_details(r)
    dialog.notes.setText("anniversary")
    questions.answer = EditsAnswer.SAVE
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert stand_book.reservations.get(r.id).team_message == "anniversary"


def test_nothing_typed_closes_without_a_question_even_for_a_combination_or_a_cut_stay(
        qtbot: QtBot, stand_book: ReservationBook, stand_restaurant: ReservationLocation, open_details,
        questions: Questions) -> None:
    t4, t5 = table_id(stand_restaurant, "T4"), table_id(stand_restaurant, "T5")
    big = book_guest(stand_book, stand_restaurant, rome(19), 6, "Olga Big", tables=(t5, t4))
    cut = book_guest(stand_book, stand_restaurant, rome(12), 2, "Cut Short")
    cut = stand_book.reservations.update(HOST, cut.id, cut.revision,
                                         ReservationPatch(end=rome(13, 7) + timedelta(seconds=31)))
    for reservation in (big, cut):
        dialog = open_details(reservation)
        assert not dialog.has_unsaved_edits()
        key(qtbot, dialog, Key.Key_Escape)
        assert not dialog.isVisible()
    assert questions.asked == []


def test_the_question_saves_on_enter_and_keeps_editing_on_esc(qtbot: QtBot, stand_book: ReservationBook,
                                                              stand_restaurant: ReservationLocation,
                                                              open_details) -> None:
    r = book_guest(stand_book, stand_restaurant, rome(19), 2, "Nina Simone")
    dialog = open_details(r)
    seen: dict[str, str] = {}

    def answer_with(which: Qt.Key) -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox) and box.objectName() == "unsavedEditsBox"
        default, escape = box.defaultButton(), box.escapeButton()
        seen.update(text=box.text(), default=default.text() if default else "",
                    escape=escape.text() if escape else "",
                    buttons=" / ".join(b.text() for b in box.buttons()))
        qtbot.keyClick(box, which)

    QTimer.singleShot(0, lambda: answer_with(Key.Key_Escape))
    assert reservation_details.ask_about_unsaved_edits(dialog, "Nina Simone") is EditsAnswer.KEEP_EDITING
    assert seen["text"] == "Save changes to Nina Simone?"
    assert (seen["default"], seen["escape"]) == ("Save", "Keep editing")
    assert set(seen["buttons"].split(" / ")) == {"Save", "Discard", "Keep editing"}
    QTimer.singleShot(0, lambda: answer_with(Key.Key_Return))
    assert reservation_details.ask_about_unsaved_edits(dialog, "Nina Simone") is EditsAnswer.SAVE


# --- status buttons -----------------------------------------------------------------------------


def test_a_status_button_saves_the_party_size_and_note_first(qtbot: QtBot, stand_book: ReservationBook,
                                                             stand_restaurant: ReservationLocation,
                                                             open_details) -> None:
    r = book_guest(stand_book, stand_restaurant, rome(19), 2, "Nina Simone")
    dialog = open_details(r)
    dialog.party.setValue(3)
    dialog.notes.setText("one more chair")
    qtbot.mouseClick(dialog.status_buttons[S.SEATED], Qt.MouseButton.LeftButton)
    stored = stand_book.reservations.get(r.id)
    assert (stored.status, stored.party_size, stored.team_message) == (S.SEATED, 3, "one more chair")
    assert (dialog.party.value(), dialog.notes.text()) == (3, "one more chair")
    assert dialog.reservation.status is S.SEATED and "saved first" in dialog.error.text()


def test_edits_the_book_refuses_keep_the_status_and_stay_on_screen(qtbot: QtBot, stand_book: ReservationBook,
                                                                   stand_restaurant: ReservationLocation,
                                                                   open_details) -> None:
    r = book_guest(stand_book, stand_restaurant, rome(19), 4, "Rita")
    dialog = open_details(r)
    dialog.party.setValue(5)
    dialog.email.setText("rita at home")
    qtbot.mouseClick(dialog.status_buttons[S.SEATED], Qt.MouseButton.LeftButton)
    stored = stand_book.reservations.get(r.id)
    assert (stored.status, stored.party_size) == (S.RESERVED, 4)
    assert (dialog.party.value(), dialog.email.text()) == (5, "rita at home") and dialog.has_unsaved_edits()
    assert dialog.error.text().startswith("Check the e-mail address")
    assert dialog.error.text().endswith("The status was not changed; your edits are still here.")


# --- a change from another stand ----------------------------------------------------------------


def test_a_change_from_elsewhere_leaves_the_typing_alone_and_offers_reload(
        qtbot: QtBot, stand_session: StandSession, stand_book: ReservationBook,
        stand_restaurant: ReservationLocation, open_details, questions: Questions) -> None:
    r = book_guest(stand_book, stand_restaurant, rome(19), 2, "Nina Simone")
    dialog = open_details(r)
    dialog.notes.setText("birthday cake at 21")
    dialog.party.setValue(3)
    stand_session.actions.seat(r.id)  # another action, as another stand's would arrive
    assert (dialog.notes.text(), dialog.party.value()) == ("birthday cake at 21", 3)
    assert dialog.notice.isVisible() and dialog.notice.text().startswith("Changed elsewhere meanwhile (now Seated)")
    assert dialog.reload_button.isVisible()
    assert not dialog.save()
    assert dialog.error.text().startswith("Not saved: this reservation was changed elsewhere")
    assert stand_book.reservations.get(r.id).party_size == 2
    qtbot.mouseClick(dialog.reload_button, Qt.MouseButton.LeftButton)
    assert dialog.reservation.status is S.SEATED and (dialog.notes.text(), dialog.party.value()) == ("", 2)
    assert not dialog.has_unsaved_edits() and not dialog.reload_button.isVisible()
    key(qtbot, dialog, Key.Key_Escape)
    assert not dialog.isVisible() and questions.asked == []


def test_a_change_from_elsewhere_without_typing_still_shows_the_new_state(
        stand_session: StandSession, stand_book: ReservationBook, stand_restaurant: ReservationLocation,
        open_details) -> None:
    r = book_guest(stand_book, stand_restaurant, rome(19), 2, "Nina Simone")
    dialog = open_details(r)
    stand_session.actions.seat(r.id)
    assert dialog.reservation.status is S.SEATED and not dialog.reload_button.isVisible()


# --- the locale's formats -----------------------------------------------------------------------


@pytest.fixture
def american() -> Iterator[None]:
    before = QLocale()
    QLocale.setDefault(QLocale("en_US"))
    yield
    QLocale.setDefault(before)


@pytest.mark.usefixtures("american")
def test_time_and_date_are_in_the_locale_format(stand_book: ReservationBook, stand_restaurant: ReservationLocation,
                                                open_details) -> None:
    r = book_guest(stand_book, stand_restaurant, rome(19, 30), 2, "Nina Simone")
    dialog = open_details(r)
    assert dialog.time.displayFormat() == QLocale().timeFormat(QLocale.FormatType.ShortFormat)
    assert dialog.time.text().replace("\u202f", " ") == "7:30 PM"
    assert dialog.date.text() == "6/13/2025" and dialog.weekday.text() == "Friday"
    assert dialog.edit().is_empty


def test_closing_the_stand_with_edits_open_asks_and_keep_editing_keeps_the_stand_open(
        stand_book: ReservationBook, stand_restaurant: ReservationLocation, stand_window: MainWindow,
        questions: Questions) -> None:
    r = book_guest(stand_book, stand_restaurant, rome(19), 2, "Nina Simone")
    dialog = stand_window.open_details(r.id)
    assert isinstance(dialog, ReservationDetailsDialog)
    dialog.party.setValue(3)
    assert not stand_window.close(), "Keep editing: the stand stays open"
    assert questions.asked == ["Nina Simone"] and dialog.isVisible() and stand_window.isVisible()
    questions.answer = EditsAnswer.DISCARD
    assert stand_window.close()
    assert stand_book.reservations.get(r.id).party_size == 2
