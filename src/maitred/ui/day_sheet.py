"""The printed day sheet: what the pre-shift meeting reads, on paper or as a PDF (Ctrl+P).

One page per service as far as it fits: the service's covers and the covers arriving in each
interval, then its parties, VIPs first, with table, name, tags, allergies and notes. Made for
a black-and-white printer: VIPs carry a ★ and bold type, allergies a ⚠, nothing relies on colour.
"""

from __future__ import annotations

from dataclasses import replace
from html import escape
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QWidget

from maitred.controllers.walk_in import table_names
from maitred.domain.day_sheet import DaySheet, SheetRow, SheetService
from maitred.domain.lifecycle import ReservationStatus, Source
from maitred.domain.location import ReservationLocation
from maitred.ui.dialogs.wording import long_date_text, time_text
from maitred.ui.reports import meal_name

S = ReservationStatus
#: The page's printable width in points at which the document is laid out (A4 less margins).
PAGE_WIDTH_POINTS = 523


def _tr(text: str) -> str:
    return QCoreApplication.translate("DaySheet", text)


def _minutes_text(minute: int) -> str:
    minute %= 24 * 60
    return f"{minute // 60:02d}:{minute % 60:02d}"


def status_note(row: SheetRow) -> str:
    """What the team should know about a party's status, in a word (nothing for a plain booking)."""
    notes = {
        S.SEATED: _tr("seated"), S.FINISHED: _tr("done"), S.REQUESTED: _tr("request"),
        S.PAYMENT_PENDING: _tr("awaiting payment"),
    }
    word = notes.get(row.status, "")
    if row.source is Source.WALK_IN:
        word = f"{_tr('walk-in')}, {word}" if word else _tr("walk-in")
    return word


def _row_html(location: ReservationLocation, time_zone: str, row: SheetRow, *, last_vip: bool = False) -> str:
    name = escape(row.name) or escape(_tr("Walk-in") if row.source is Source.WALK_IN else _tr("Guest"))
    status = status_note(row) if row.name else status_note(replace(row, source=Source.UNDEFINED))
    who = f"{'★ ' if row.vip else ''}{name}" + (f" <span class='status'>({escape(status)})</span>" if status else "")
    allergies = "<br/>".join(f"⚠ {escape(a)}" for a in row.allergies)
    cells = [
        f"<td class='time'>{escape(time_text(row.start, time_zone))}</td>",
        f"<td class='num'>{row.party_size}</td>",
        f"<td class='table'>{escape(table_names(location, row.table_ids)) or '–'}</td>",
        f"<td class='{'vip' if row.vip else 'name'}'>{who}</td>",
        f"<td>{escape(', '.join(row.tags))}</td>",
        f"<td class='allergy'>{allergies}</td>",
        f"<td>{'<br/>'.join(escape(n) for n in row.notes)}</td>",
    ]
    if last_vip:  # a heavier rule under the VIPs, who come first
        cells = [c.replace("<td", "<td style='border-bottom: 1.5px solid black;'", 1) for c in cells]
    return f"<tr>{''.join(cells)}</tr>"


def _intervals_html(service: SheetService, time_zone: str) -> str:
    """Covers arriving per interval, as rows of up to twelve intervals."""
    pairs = list(service.covers_per_interval)
    lines = []
    for start in range(0, len(pairs), 12):
        chunk = pairs[start:start + 12]
        times = "".join(f"<td class='slot'>{escape(time_text(t, time_zone))}</td>" for t, _ in chunk)
        covers = "".join(f"<td class='slot'><b>{c}</b></td>" if c else "<td class='slot'>·</td>" for _, c in chunk)
        lines.append(f"<tr><td class='label'>{escape(_tr('arriving'))}</td>{times}</tr>"
                     f"<tr><td class='label'>{escape(_tr('covers'))}</td>{covers}</tr>")
    return f"<table class='intervals' cellspacing='0' cellpadding='2'>{''.join(lines)}</table>"


STYLE = """
body { font-family: 'DejaVu Sans', sans-serif; font-size: 8.5pt; }
h1 { font-size: 15pt; margin: 0; }
h2 { font-size: 12pt; margin-top: 10pt; margin-bottom: 2pt; border-bottom: 1px solid black; }
p.summary { font-size: 9.5pt; margin-top: 2pt; }
table.parties { border-collapse: collapse; width: 100%; margin-top: 4pt; }
table.parties th { text-align: left; border-bottom: 1.5px solid black; padding: 3px; font-size: 8pt; }
table.parties td { border-bottom: 0.5px solid #888; padding: 3px; vertical-align: top; font-size: 8pt; }
td.time { white-space: nowrap; font-weight: bold; }
td.num { text-align: right; padding-right: 8px; }
td.table { white-space: nowrap; }
th { white-space: nowrap; }
td.vip { font-weight: bold; }
td.allergy { font-weight: bold; }
span.status { font-weight: normal; font-style: italic; }
table.intervals td { font-size: 7.5pt; }
td.slot { text-align: center; border-left: 0.5px solid #888; }
td.label { font-style: italic; padding-right: 4px; }
p.empty { font-style: italic; }
"""


def day_sheet_html(sheet: DaySheet, location: ReservationLocation) -> str:
    """The sheet as the HTML a QTextDocument lays out for the printer."""
    tz = sheet.time_zone
    vips = sum(s.vip_count for s in sheet.services)
    head = (f"<h1>{escape(sheet.location_name)} — {escape(_tr('Day sheet'))}</h1>"
            f"<p class='summary'><b>{escape(long_date_text(sheet.day))}</b> · "
            + escape(_tr("{covers} covers, {parties} parties, {vips} VIPs").format(
                covers=sheet.covers, parties=sheet.parties, vips=vips)) + "</p>")
    parts = [head]
    if not sheet.services:
        parts.append(f"<p class='empty'>{escape(_tr('The restaurant is closed and nobody is booked.'))}</p>")
    columns = "".join(f"<th width='{width}%'>{escape(c)}</th>" for c, width in (
        (_tr("Time"), 7), (_tr("Covers"), 9), (_tr("Table"), 11), (_tr("Name"), 19), (_tr("Tags"), 14),
        (_tr("Allergies, diet"), 17), (_tr("Notes"), 23)))
    for number, service in enumerate(sheet.services):
        period = service.period
        title = _tr("{service} · {opens}–{last} · {covers} covers, {parties} parties").format(
            service=meal_name(period.kind), opens=_minutes_text(period.opens), last=_minutes_text(period.last_start),
            covers=service.covers, parties=len(service.rows))
        # Each service after the first starts a page: the sheet is read one service at a time.
        parts.append(f"<h2 style='page-break-before: always;'>{escape(title)}</h2>" if number
                     else f"<h2>{escape(title)}</h2>")
        parts.append(_intervals_html(service, tz))
        if service.rows:
            rows = "".join(_row_html(location, tz, r, last_vip=r.vip and (i + 1 == len(service.rows)
                                                                          or not service.rows[i + 1].vip))
                           for i, r in enumerate(service.rows))
            parts.append(f"<table class='parties' cellspacing='0' width='100%'><thead><tr>{columns}</tr></thead>"
                         f"<tbody>{rows}</tbody></table>")
        else:
            parts.append(f"<p class='empty'>{escape(_tr('Nobody is booked yet.'))}</p>")
    return f"<html><head><style>{STYLE}</style></head><body>{''.join(parts)}</body></html>"


def day_sheet_document(sheet: DaySheet, location: ReservationLocation) -> QTextDocument:
    document = QTextDocument()
    document.setDocumentMargin(0)
    document.setHtml(day_sheet_html(sheet, location))
    return document


def a4_printer(printer: QPrinter) -> QPrinter:
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setPageMargins(QMarginsF(14, 12, 14, 12), QPageLayout.Unit.Millimeter)
    return printer


def print_sheet(sheet: DaySheet, location: ReservationLocation, printer: QPrinter) -> None:
    """Lay the sheet out on the printer's page and print it (a PDF printer writes the file)."""
    document = day_sheet_document(sheet, location)
    page = printer.pageLayout().paintRect(QPageLayout.Unit.Point)
    document.setPageSize(QSizeF(page.width(), page.height()))
    document.print_(printer)


def write_pdf(sheet: DaySheet, location: ReservationLocation, path: str | Path) -> Path:
    """The sheet as an A4 PDF file."""
    printer = a4_printer(QPrinter(QPrinter.PrinterMode.HighResolution))
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setDocName(_tr("Day sheet"))
    print_sheet(sheet, location, printer)
    return Path(path)


class DaySheetPreview(QPrintPreviewDialog):
    """The print preview, keeping its printer alive: Qt does not own the printer it is given."""

    def __init__(self, printer: QPrinter, parent: QWidget | None = None) -> None:
        super().__init__(printer, parent)
        self.sheet_printer = printer


def preview_dialog(sheet: DaySheet, location: ReservationLocation,
                   parent: QWidget | None = None) -> QPrintPreviewDialog:
    """The print preview (print or save as PDF from there); the caller opens it."""
    printer = a4_printer(QPrinter(QPrinter.PrinterMode.HighResolution))
    printer.setDocName(_tr("Day sheet"))
    dialog = DaySheetPreview(printer, parent)
    dialog.setObjectName("daySheetPreview")
    dialog.setWindowTitle(_tr("Day sheet — {day}").format(day=long_date_text(sheet.day)))
    dialog.paintRequested.connect(lambda target: print_sheet(sheet, location, target))
    dialog.resize(900, 720)
    return dialog
