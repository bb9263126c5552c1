"""The main window's side of the front of house: the Waitlist tab, the guest book, the day sheet
(Ctrl+P), CSV files in and out, and the manager's reports.

Kept apart from `main_window.py` so the window only builds these actions, lists them in its
menus and calls `attach()`; everything else about them is here. The dialogs (and what they pull
in: print support, charts, CSV) are imported when first opened, not while the stand starts.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog

from maitred.domain.errors import ReservationBookError
from maitred.ui.dialogs import messages
from maitred.ui.waitlist_panel import WaitlistPanel

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from maitred.ui.main_window import MainWindow

#: The actions this part adds, in the order the menus list them.
STAND_ITEMS = ("print_day_sheet", "export_csv", "import_csv")
GUEST_ITEMS = ("waitlist_add", "guests", None, "reports")


def _tr(text: str) -> str:
    return QCoreApplication.translate("FrontOfHouse", text)


def open_file_name(parent: QWidget, title: str, filters: str) -> str:
    """The file to import, from the platform's file dialog ("" when the host cancels)."""
    from maitred.ui.dialogs.csv_files import open_file_name as ask

    return ask(parent, title, filters)


class FrontOfHouseUi:
    """Adds the actions to `window` (`build_actions`), then the Waitlist tab and wiring (`attach`)."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.session = window.session
        self.waitlist: WaitlistPanel | None = None

    def build_actions(self) -> None:
        a = self.window._action
        a("print_day_sheet", _tr("Print the day sheet…"), self.print_day_sheet)
        a("export_csv", _tr("Export CSV…"), self.export_csv)
        a("import_csv", _tr("Import reservations from CSV…"), self.import_csv)
        a("waitlist_add", _tr("Add to the waitlist…"), self.add_to_waitlist)
        a("guests", _tr("Guest book…"), self.open_guest_book)
        a("reports", _tr("Reports…"), self.open_reports)

    def attach(self) -> None:
        """The Waitlist tab beside Arrivals and Requests, its countdowns on the stand's clock."""
        w, s = self.window, self.session
        self.waitlist = WaitlistPanel(s.waitlist, w.side)
        w.side.add_waitlist(self.waitlist)
        self.waitlist.message.connect(lambda text: w.statusBar().showMessage(text, 10000))
        s.clock.ticked.connect(self.waitlist.set_now)
        s.waitlist.failed.connect(lambda error: w.statusBar().showMessage(messages.sentence_for(error), 10000))

    # --- the waitlist and the guest book ----------------------------------------------------

    def add_to_waitlist(self) -> QDialog | None:
        if self.waitlist is None:
            return None
        self.window.side.setCurrentWidget(self.waitlist)
        return self.waitlist.add_party()

    def open_guest_book(self, text: str = "") -> QDialog:
        from maitred.ui.dialogs.guest_book import GuestBookDialog

        return self.window._open_dialog(GuestBookDialog(self.session.guests, self.window, text=text))

    # --- the day sheet ----------------------------------------------------------------------

    def print_day_sheet(self) -> QDialog | None:
        """Ctrl+P: the day shown, in the print preview (print it, or save it as a PDF from there)."""
        from maitred.ui.day_sheet import preview_dialog  # QtPrintSupport: only when printing

        s = self.session
        try:
            sheet = s.paperwork.day_sheet(s.day.day)
        except ReservationBookError as error:
            messages.show_error(self.window, error)
            return None
        return self.window._open_dialog(preview_dialog(sheet, s.location, self.window))

    # --- CSV files --------------------------------------------------------------------------

    def export_csv(self) -> QDialog:
        from maitred.ui.dialogs.csv_files import ExportDialog

        dialog = ExportDialog(self.session.paperwork, self.session.today(), self.window)

        def done(result: int) -> None:
            if result == QDialog.DialogCode.Accepted and dialog.written is not None:
                self.window.statusBar().showMessage(_tr("Exported to {file}.").format(file=dialog.written), 8000)

        return self.window._open_dialog(dialog, done)

    def import_csv(self, file_name: str | None = None) -> QDialog | None:
        from maitred.ui.dialogs.csv_files import ImportDialog, read_text

        name = file_name or open_file_name(self.window, _tr("Import reservations from CSV"),
                                           _tr("CSV files (*.csv *.txt);;All files (*)"))
        if not name:
            return None
        try:
            preview = self.session.paperwork.read_import(read_text(name))
        except OSError as error:
            self.window.statusBar().showMessage(_tr("{file} could not be read: {reason}").format(
                file=Path(name).name, reason=error.strerror or error), 10000)
            return None
        except ReservationBookError as error:
            self.window.statusBar().showMessage(_tr("{file} is not a reservations file this can read: it needs a "
                                                    "header row with at least a date and a party size.").format(
                file=Path(name).name) if error.code == "INVALID_ARGUMENT" else messages.sentence_for(error), 10000)
            return None
        return self.window._open_dialog(ImportDialog(self.session.paperwork, preview, name, self.window))

    # --- reports ----------------------------------------------------------------------------

    def open_reports(self) -> QDialog:
        from maitred.ui.reports import ReportsDialog  # the charts: only when a manager asks

        dialog = ReportsDialog(self.session.paperwork, self.session.today(), self.window)
        opened = self.window._open_dialog(dialog)
        dialog.load()
        return opened
