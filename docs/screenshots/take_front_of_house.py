"""Screenshots of the waitlist, the guest book, the reports and the printed day sheet, made the
same way every time.

Run under a real X server at the stand's usual size, e.g.
    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python docs/screenshots/take_front_of_house.py
It opens the demo evening (`demo_stand`: Friday 13 June 2025, 19:40 in Rome) at 1366×768, puts
three parties on the waitlist (one past its quote), finishes a table so the first party it fits
lights up, and saves waitlist.png, guest-book.png and reports.png here. The day sheet
is printed to a PDF with the stand's own code, turned into PNG pages by `pdftoppm -png -r 60`
(poppler-utils) and kept as day-sheet.png (the pages side by side).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from demo_stand import DAY, HERE, NOW, DemoStand, demo_stand, save
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPainter

from maitred.domain.lifecycle import ReservationStatus
from maitred.ui.day_sheet import write_pdf
from maitred.ui.dialogs.guest_book import GuestBookDialog
from maitred.ui.reports import ReportsDialog


def pages_side_by_side(pages: list[Path], target: Path) -> None:
    images = [QImage(str(p)) for p in pages]
    gap = 12
    width = sum(i.width() for i in images) + gap * (len(images) + 1)
    height = max(i.height() for i in images) + 2 * gap
    sheet = QImage(width, height, QImage.Format.Format_RGB32)
    sheet.fill(Qt.GlobalColor.lightGray)
    painter = QPainter(sheet)
    x = gap
    for image in images:
        painter.drawImage(x, gap, image)
        x += image.width() + gap
    painter.end()
    sheet.save(str(target))
    print(f"saved {target} ({len(images)} pages)")


def fill_the_waitlist(stand: DemoStand) -> None:
    """Earlier in the evening one party was seated from the waitlist and one gave up (for the
    reports); three parties are at the door now, one told 15 minutes 25 minutes ago (late)."""
    desk, clock = stand.session.waitlist, stand.clock
    clock.now = NOW - timedelta(minutes=55)
    conti = desk.add("Conti", 2, quote_minutes=15)
    fischer = desk.add("Fischer", 3, quote_minutes=20)
    clock.now = NOW - timedelta(minutes=37)
    desk.seat(conti.id)
    clock.now = NOW - timedelta(minutes=30)
    desk.mark_left(fischer.id)
    clock.now = NOW - timedelta(minutes=25)
    desk.add("Moretti", 4, "333 918 2277", "by the window if possible", quote_minutes=15)
    clock.now = NOW - timedelta(minutes=12)
    desk.add("Lefèvre", 2, "+33 6 12 34 56 78")
    clock.now = NOW - timedelta(minutes=4)
    desk.add("Schmidt", 6, notes="two children")
    clock.now = NOW


def main() -> int:
    with demo_stand("Anna") as stand:
        session, desk = stand.session, stand.session.waitlist
        fill_the_waitlist(stand)
        window = stand.open_window()
        seated = [r for r in session.day.reservations() if r.status is ReservationStatus.SEATED and r.table_ids]
        for reservation in sorted(seated, key=lambda r: r.end):  # tables get up until one fits a party waiting
            session.actions.finish(reservation.id)
            if desk.highlighted() is not None:
                break
        panel = window.front_of_house.waitlist
        assert panel is not None
        window.side.setCurrentWidget(panel)
        stand.settle()
        save(window, "waitlist.png")

        guests = GuestBookDialog(session.guests, window, text="Rossi")
        guests.show()
        stand.settle()
        save(guests, "guest-book.png")
        guests.reject()

        reports = ReportsDialog(session.paperwork, DAY, window)
        reports.show()
        reports.show_days(DAY - timedelta(days=1), DAY + timedelta(days=1))
        for _ in range(100):  # worked out off the GUI thread
            if reports.report is not None:
                break
            stand.settle(1)
        stand.settle()
        save(reports, "reports.png")
        reports.reject()

        pdf = stand.folder / "day-sheet.pdf"
        write_pdf(session.paperwork.day_sheet(DAY), session.location, pdf)
        if shutil.which("pdftoppm"):
            subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(stand.folder / "page")], check=True)
            pages_side_by_side(sorted(stand.folder.glob("page-*.png")), HERE / "day-sheet.png")
        else:
            print("pdftoppm not found (apt-get install -y poppler-utils): day-sheet.png not made")
    return 0


if __name__ == "__main__":
    sys.exit(main())
