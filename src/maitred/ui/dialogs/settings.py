"""The restaurant's settings, for managers: hours and special days, the slot interval and
turnover, pacing, approval, online limits, tables and combinations, the guest form.

The dialog checks nothing the book checks: it saves, and when the book refuses (InvalidArgument
or ReservationLocationViolation, each naming the field path) the reason is shown in the section
of that field, with the offending row selected. Nothing is saved until every reason is gone.

A table is made the same way here and on the floor map (`NewTableDialog`, edit mode): the same
fields (`table_columns`), the same new `TableDefinition` (`table_from_values`) and the same name
suggestion. The map saves its tables later, so its dialog asks the domain's rules about the new
table at once (`new_table_problem`) rather than letting the whole floor plan be refused.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace
from zoneinfo import available_timezones

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from maitred.controllers.location_settings import LocationSettings
from maitred.controllers.session import StandSession
from maitred.domain.errors import (
    FieldViolation,
    InvalidArgument,
    LocationViolation,
    ReservationBookError,
    ReservationLocationViolation,
)
from maitred.domain.location import (
    TIME_SLOT_INTERVALS,
    ApprovalMode,
    CustomFieldDefinition,
    NoticePeriod,
    NoticeUnit,
    Pacing,
    ReservationForm,
    ReservationLocation,
    SpecialHourPeriod,
    TableCombination,
    TableDefinition,
    TableLayout,
    TimePeriod,
    TurnoverRule,
    Weekday,
)
from maitred.domain.location_rules import MAX_NAME, MAX_SEATS, TABLES, field_problems, find_violations
from maitred.ui import status_style as st
from maitred.ui.dialogs.messages import sentence_for
from maitred.ui.dialogs.parts import error_label
from maitred.ui.dialogs.settings_rows import (
    Column,
    RowsEditor,
    check_column,
    choice_column,
    moment_column,
    number_column,
    suggest_column,
    text_column,
    time_column,
)

#: Which section shows a refusal about a field path (the longest matching prefix wins).
SECTION_OF_FIELD: tuple[tuple[str, str], ...] = (
    ("location", "restaurant"),
    ("configuration.onlineReservations.businessSchedule.specialHourPeriod", "special"),
    ("configuration.onlineReservations.businessSchedule", "periods"),
    ("configuration.onlineReservations.timeSlotInterval", "service"),
    ("configuration.onlineReservations.defaultTurnoverTime", "service"),
    ("configuration.onlineReservations.turnoverTimeRules", "turnover"),
    ("configuration.onlineReservations.partyPacing", "pacing"),
    ("configuration.onlineReservations.seatPacing", "pacing"),
    ("configuration.onlineReservations.approval", "approval"),
    ("configuration.onlineReservations.manualApproval", "approval"),
    ("configuration.onlineReservations", "online"),
    ("configuration.paymentPolicy", "online"),
    ("configuration.tableManagement.tableCombinations", "combinations"),
    ("configuration.tableManagement", "tables"),
    ("configuration.reservationForm", "form"),
)
_ROW = re.compile(r"\[(\d+)\]")


def section_of(field: str) -> str:
    matches = [(len(prefix), name) for prefix, name in SECTION_OF_FIELD if field.startswith(prefix)]
    return max(matches)[1] if matches else "restaurant"


def row_of(field: str) -> int | None:
    found = _ROW.search(field)
    return int(found.group(1)) if found else None


def _tr(text: str) -> str:
    return QCoreApplication.translate("Settings", text)


def table_columns(areas: Sequence[str] = ()) -> list[Column]:
    """A table's settings: name, seats from, to, area (the areas in use offered), in use, online."""
    return [text_column(_tr("Name"), stretch=False), number_column(_tr("Seats from"), 0, 2000, 1),
            number_column(_tr("to"), 0, 2000, 4), suggest_column(_tr("Area"), areas),
            check_column(_tr("In use")), check_column(_tr("Online"))]


def table_from_values(existing: TableDefinition | None, values: Sequence[object]) -> TableDefinition:
    """The table as typed in `table_columns` order; a new one (no id yet: the book gives it one)
    when `existing` is None."""
    name, low, high, area, active, online = values
    assert isinstance(name, str) and isinstance(area, str) and isinstance(low, int) and isinstance(high, int)
    if existing is None:
        return TableDefinition("", name, low, high, bool(active), bool(online),
                               TableLayout(area=area) if area else None)
    layout = replace(existing.layout, area=area) if existing.layout else (TableLayout(area=area) if area else None)
    return replace(existing, name=name, seats_min=low, seats_max=high, is_active=bool(active),
                   online_reservations=bool(online), layout=layout)


def areas_of(tables: Iterable[TableDefinition]) -> list[str]:
    """The floor's areas, in the order their first table comes."""
    return list(dict.fromkeys(t.area for t in tables if t.area))


_NUMBERED = re.compile(r"^(.*?)(\d+)$")


def next_table_name(tables: Iterable[TableDefinition], area: str = "") -> str:
    """The name a new table most likely gets: the area's usual letter and the next number ("P7"
    after P1–P6 on the patio, "T25" after T24), never one in use. Numbers are not reused, so a
    new table is not taken for a removed one that old reservations still name."""
    tables = list(tables)
    numbered = [(t, m.group(1), int(m.group(2))) for t in tables if (m := _NUMBERED.match(t.name))]
    letters = Counter(prefix for t, prefix, _ in numbered if t.area == area) or Counter(p for _, p, _ in numbered)
    prefix = letters.most_common(1)[0][0] if letters else "T"
    number = max((n for _, p, n in numbered if p == prefix), default=0) + 1
    names = {t.name for t in tables}
    while f"{prefix}{number}" in names:
        number += 1
    return f"{prefix}{number}"


def new_table_problem(location: ReservationLocation, tables: Sequence[TableDefinition],
                      table: TableDefinition) -> tuple[str, str] | None:
    """Why the book would refuse `table` added to `tables` (the floor as it stands), as (the field
    to correct: "name" or "seats", one sentence saying what to do), or None if it would not. The
    rules are the domain's (`location_rules`); only the words are the dialog's."""
    candidate = replace(location, table_management=replace(
        location.table_management, tables=(*tables, table), combinations=()))
    path = f"{TABLES}.tableDefinitions[{len(tables)}]"
    found: list[FieldViolation | LocationViolation] = [*field_problems(candidate), *find_violations(candidate)]
    about = [v for v in found if v.field == path or v.field.startswith(path + ".")]
    if not about:
        return None
    problem = about[0]
    kind = problem.type if isinstance(problem, LocationViolation) else ""
    if kind == "TABLE_DEFINITION_NAMES_DUPLICATION":
        return "name", _tr("There is already a table called {name}: give this one another name.").format(
            name=table.name)
    if problem.field.endswith(".name"):
        return "name", (_tr("Give the table a name, such as T12.") if not table.name else
                        _tr("A table's name has at most {count} characters: shorten it.").format(count=MAX_NAME))
    if kind == "TABLE_DEFINITION_INCORRECT_BOUNDARIES":
        if table.seats_min < 1:
            return "seats", _tr("A table seats at least 1 guest: set \"Seats from\" to 1 or more.")
        if table.seats_min > table.seats_max:
            return "seats", _tr("The smallest party ({low}) is larger than the largest ({high}): lower the first "
                                "number or raise the second.").format(low=table.seats_min, high=table.seats_max)
        return "seats", _tr("A table seats at most {count} guests.").format(count=MAX_SEATS)
    text = problem.description.rstrip(".")
    return "name", _tr("{problem}. Correct it and add the table again.").format(problem=text[:1].upper() + text[1:])


def _weekdays() -> list[tuple[str, Weekday]]:
    names = [_tr("Monday"), _tr("Tuesday"), _tr("Wednesday"), _tr("Thursday"), _tr("Friday"), _tr("Saturday"),
             _tr("Sunday")]
    return list(zip(names, Weekday, strict=True))


class SettingsDialog(QDialog):
    """Edit a copy of the settings; Save sends it to the book, which accepts it or says why not."""

    def __init__(self, settings: LocationSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Restaurant settings"))
        self.settings = settings
        self.location = settings.current()
        self.saved: ReservationLocation | None = None
        self.sections: dict[str, QGroupBox] = {}
        self.errors: dict[str, QLabel] = {}
        self.tabs = QTabWidget(self)
        self._page_of: dict[str, int] = {}
        self._build_restaurant_page()
        self._build_hours_page()
        self._build_rules_page()
        self._build_online_page()
        self._build_tables_page()
        self._build_form_page()
        self.fill(self.location)

        self.summary = QLabel(self)
        self.summary.setObjectName("summaryLabel")
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet(f"color: {st.ALERT_COLOR.name()};")
        self.summary.setVisible(False)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.save_button = QPushButton(self.tr("Save"), self)
        for button in (self.cancel_button, self.save_button):
            button.setAutoDefault(False)
            button.setMinimumHeight(36)
        self.save_button.setDefault(True)
        self.save_button.setEnabled(settings.may_change)
        self.cancel_button.clicked.connect(self.reject)
        self.save_button.clicked.connect(self.save)
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        buttons.addStretch(0)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addLayout(buttons)
        self.resize(880, 680)

    # --- pages -----------------------------------------------------------------------------

    def _page(self, title: str, sections: Sequence[tuple[str, str, QWidget]]) -> None:
        """A scrolling tab of sections, each a group box with its error line under it."""
        page = QWidget()
        layout = QVBoxLayout(page)
        for key, heading, body in sections:
            box = QGroupBox(heading, page)
            box.setObjectName(f"section:{key}")
            inner = QVBoxLayout(box)
            inner.addWidget(body)
            error = QLabel(box)
            error.setObjectName(f"error:{key}")
            error.setWordWrap(True)
            error.setStyleSheet(f"color: {st.ALERT_COLOR.name()}; font-weight: bold;")
            error.setVisible(False)
            inner.addWidget(error)
            layout.addWidget(box)
            self.sections[key], self.errors[key] = box, error
            self._page_of[key] = self.tabs.count()
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(page)
        self.tabs.addTab(scroll, title)

    def _build_restaurant_page(self) -> None:
        body = QWidget()
        form = QFormLayout(body)
        self.name = QLineEdit(body)
        self.time_zone = QComboBox(body)
        self.time_zone.setEditable(True)
        self.time_zone.addItems(sorted(available_timezones()))
        self.country = QLineEdit(body)
        self.country.setMaxLength(2)
        self.country.setPlaceholderText(self.tr("IT, FR, US…: lets hosts type national phone numbers"))
        self.phone = QLineEdit(body)
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Time zone"), self.time_zone)
        form.addRow(self.tr("Country"), self.country)
        form.addRow(self.tr("Phone"), self.phone)
        self._page(self.tr("Restaurant"), [("restaurant", self.tr("The restaurant"), body)])

    def _build_hours_page(self) -> None:
        days = _weekdays()
        self.periods = RowsEditor([choice_column(self.tr("Opens on"), days), time_column(self.tr("at")),
                                   choice_column(self.tr("Last start on"), days), time_column(self.tr("at"))],
                                  self.tr("Add opening"), self)
        zone = self.location.info.time_zone
        self.special = RowsEditor([moment_column(self.tr("From"), zone), moment_column(self.tr("Until"), zone),
                                   check_column(self.tr("Closed")), text_column(self.tr("Comment"))],
                                  self.tr("Add special day"), self)
        hint = QLabel(self.tr("The close time is the last time a reservation can start."))
        hint.setWordWrap(True)
        periods = QWidget()
        column = QVBoxLayout(periods)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(hint)
        column.addWidget(self.periods)
        self._page(self.tr("Hours"), [("periods", self.tr("Weekly hours"), periods),
                                      ("special", self.tr("Special days (holidays, private events)"), self.special)])

    def _build_rules_page(self) -> None:
        service = QWidget()
        form = QFormLayout(service)
        self.interval = QComboBox(service)
        for minutes in TIME_SLOT_INTERVALS:
            self.interval.addItem(self.tr("{minutes} min").format(minutes=minutes), minutes)
        self.turnover = QSpinBox(service)
        self.turnover.setRange(1, 2000)
        self.turnover.setSuffix(self.tr(" min"))
        form.addRow(self.tr("Time slots every"), self.interval)
        form.addRow(self.tr("A table is kept for"), self.turnover)
        self.turnover_rules = RowsEditor([number_column(self.tr("Parties from"), 0, 2000, 5),
                                          number_column(self.tr("to"), 0, 2000, 8),
                                          number_column(self.tr("keep the table (min)"), 0, 2000, 120)],
                                         self.tr("Add rule"), self)
        pacing = QWidget()
        pacing_form = QFormLayout(pacing)
        self.party_pacing_on, self.party_pacing = QCheckBox(self.tr("Limit parties arriving per slot to")), QSpinBox()
        self.seat_pacing_on, self.seat_pacing = QCheckBox(self.tr("Limit guests arriving per slot to")), QSpinBox()
        for spin in (self.party_pacing, self.seat_pacing):
            spin.setRange(0, 20000)
        pacing_form.addRow(self.party_pacing_on, self.party_pacing)
        pacing_form.addRow(self.seat_pacing_on, self.seat_pacing)
        approval = QWidget()
        approval_form = QFormLayout(approval)
        self.approval = QComboBox(approval)
        self.approval.addItem(self.tr("Confirm online bookings automatically"), ApprovalMode.AUTOMATIC)
        self.approval.addItem(self.tr("Approve every online booking"), ApprovalMode.MANUAL)
        self.approval.addItem(self.tr("Approve large parties only"), ApprovalMode.MANUAL_FOR_LARGE_PARTIES)
        self.threshold = QSpinBox(approval)
        self.threshold.setRange(0, 20000)
        self.threshold.setPrefix(self.tr("from "))
        self.threshold.setSuffix(self.tr(" guests"))
        approval_form.addRow(self.tr("Online bookings"), self.approval)
        approval_form.addRow(self.tr("Large party"), self.threshold)
        self.approval.currentIndexChanged.connect(self._sync_threshold)
        self._page(self.tr("Booking rules"), [
            ("service", self.tr("Service"), service),
            ("turnover", self.tr("Longer stays for some party sizes"), self.turnover_rules),
            ("pacing", self.tr("Pacing"), pacing),
            ("approval", self.tr("Approval"), approval),
        ])

    def _build_online_page(self) -> None:
        body = QWidget()
        form = QFormLayout(body)
        self.online_enabled = QCheckBox(self.tr("Guests can book online"), body)
        self.party_min, self.party_max = QSpinBox(body), QSpinBox(body)
        for spin in (self.party_min, self.party_max):
            spin.setRange(0, 2000)
        party = QHBoxLayout()
        party.addWidget(self.party_min)
        party.addWidget(QLabel(self.tr("to")))
        party.addWidget(self.party_max)
        self.min_notice = self._notice_row(body)
        self.max_notice = self._notice_row(body)
        self.show_phone = QCheckBox(self.tr("Show the restaurant's phone number to online guests"), body)
        form.addRow(self.online_enabled)
        form.addRow(self.tr("Party size"), party)
        form.addRow(self.tr("Book at least"), self.min_notice[3])
        form.addRow(self.tr("Book at most"), self.max_notice[3])
        form.addRow(self.show_phone)
        self._page(self.tr("Online"), [("online", self.tr("Online booking limits"), body)])

    def _notice_row(self, parent: QWidget) -> tuple[QCheckBox, QSpinBox, QComboBox, QWidget]:
        row = QWidget(parent)
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        on, number, unit = QCheckBox(row), QSpinBox(row), QComboBox(row)
        number.setRange(0, 2000)
        for label, value in ((self.tr("minutes"), NoticeUnit.MINUTES), (self.tr("hours"), NoticeUnit.HOURS),
                             (self.tr("days"), NoticeUnit.DAYS)):
            unit.addItem(label, value)
        layout.addWidget(on)
        layout.addWidget(number)
        layout.addWidget(unit)
        layout.addWidget(QLabel(self.tr("ahead")))
        layout.addStretch(1)
        return on, number, unit, row

    def _build_tables_page(self) -> None:
        tables = self.location.table_management.tables
        self.tables = RowsEditor(table_columns(areas_of(tables)), self.tr("Add table"), self)
        self.tables.new_row = self._new_table_row
        self.combinations = RowsEditor([text_column(self.tr("Tables (e.g. T4+T5)")),
                                        number_column(self.tr("Seats from"), 0, 2000, 5),
                                        number_column(self.tr("to"), 0, 2000, 8), check_column(self.tr("In use"))],
                                       self.tr("Add combination"), self)
        self._page(self.tr("Tables"), [("tables", self.tr("Tables"), self.tables),
                                       ("combinations", self.tr("Tables that can be joined"), self.combinations)])

    def _build_form_page(self) -> None:
        body = QWidget()
        column = QVBoxLayout(body)
        self.last_name_required = QCheckBox(self.tr("Online guests must give a last name"), body)
        self.email_required = QCheckBox(self.tr("Online guests must give an e-mail address"), body)
        self.custom_fields = RowsEditor([text_column(self.tr("Question")), check_column(self.tr("Required"), False)],
                                        self.tr("Add question"), body)
        column.addWidget(self.last_name_required)
        column.addWidget(self.email_required)
        column.addWidget(self.custom_fields)
        self._page(self.tr("Guest form"), [("form", self.tr("What guests are asked"), body)])

    def _new_table_row(self) -> list[object]:
        """The Add button's row: the next name, in the area of the last row."""
        tm = self.location.table_management
        typed = [table_from_values(tm.table(key), values) for key, values in self.tables.rows()]
        area = typed[-1].area if typed else ""
        return [next_table_name([*typed, *tm.deleted_tables], area), 1, 4, area, True, True]

    def _sync_threshold(self) -> None:
        self.threshold.setEnabled(self.approval_mode() is ApprovalMode.MANUAL_FOR_LARGE_PARTIES)

    def approval_mode(self) -> ApprovalMode:
        return ApprovalMode(self.approval.currentData())

    # --- settings ↔ widgets ------------------------------------------------------------------

    def fill(self, location: ReservationLocation) -> None:
        info, online, tm = location.info, location.online, location.table_management
        self.name.setText(info.name)
        self.time_zone.setCurrentText(info.time_zone)
        self.country.setText(info.country_code or "")
        self.phone.setText(info.phone or "")
        for p in online.periods:
            self.periods.add_row([p.open_day, p.open_minute, p.close_day, p.close_minute])
        for s in online.special_hours:
            self.special.add_row([s.start, s.end, s.is_closed, s.comment])
        self.interval.setCurrentIndex(max(0, self.interval.findData(online.time_slot_interval)))
        self.turnover.setValue(online.default_turnover_minutes)
        for rule in online.turnover_rules:
            self.turnover_rules.add_row([rule.seats_min, rule.seats_max, rule.minutes])
        self.party_pacing_on.setChecked(online.party_pacing.enabled)
        self.party_pacing.setValue(online.party_pacing.number or 0)
        self.seat_pacing_on.setChecked(online.seat_pacing.enabled)
        self.seat_pacing.setValue(online.seat_pacing.number or 0)
        self.approval.setCurrentIndex(max(0, self.approval.findData(online.approval_mode)))
        self.threshold.setValue(online.approval_threshold or 8)
        self._sync_threshold()
        self.online_enabled.setChecked(online.enabled)
        self.party_min.setValue(online.party_size_min)
        self.party_max.setValue(online.party_size_max)
        for widgets, notice in ((self.min_notice, online.minimum_notice), (self.max_notice, online.maximum_notice)):
            widgets[0].setChecked(notice is not None)
            widgets[1].setValue(notice.number if notice else 0)
            widgets[2].setCurrentIndex(max(0, widgets[2].findData(notice.unit if notice else NoticeUnit.DAYS)))
        self.show_phone.setChecked(online.show_phone_number)
        for t in tm.tables:
            self.tables.add_row([t.name, t.seats_min, t.seats_max, t.area, t.is_active, t.online_reservations], t.id)
        for c in tm.combinations:
            self.combinations.add_row([self._names(location, c.table_ids), c.seats_min, c.seats_max, c.is_active],
                                      c.id)
        self.last_name_required.setChecked(location.form.last_name_required)
        self.email_required.setChecked(location.form.email_required)
        for field in location.form.custom_fields:
            self.custom_fields.add_row([field.name, field.required], field.id)

    @staticmethod
    def _names(location: ReservationLocation, table_ids: Sequence[str]) -> str:
        tm = location.table_management
        return "+".join(t.name if (t := tm.any_table(tid)) else tid for tid in table_ids)

    def wanted(self) -> ReservationLocation:
        """The settings as typed in; raises InvalidArgument for what only the dialog can tell
        (a combination naming a table that isn't saved yet)."""
        current = self.location
        info = replace(current.info, name=self.name.text().strip(), time_zone=self.time_zone.currentText().strip(),
                       country_code=self.country.text().strip().upper() or None,
                       phone=self.phone.text().strip() or None)
        threshold = self.threshold.value() if self.threshold.isEnabled() else None
        online = replace(
            current.online,
            enabled=self.online_enabled.isChecked(),
            party_size_min=self.party_min.value(), party_size_max=self.party_max.value(),
            minimum_notice=self._notice(self.min_notice), maximum_notice=self._notice(self.max_notice),
            default_turnover_minutes=self.turnover.value(),
            turnover_rules=tuple(TurnoverRule(*values) for _, values in self.turnover_rules.rows()),
            time_slot_interval=int(self.interval.currentData()),
            periods=tuple(TimePeriod(Weekday(a), b, Weekday(c), d) for _, (a, b, c, d) in self.periods.rows()),
            special_hours=tuple(SpecialHourPeriod(*values) for _, values in self.special.rows()),
            approval_mode=self.approval_mode(), approval_threshold=threshold,
            party_pacing=Pacing(self.party_pacing_on.isChecked(), self.party_pacing.value() or None),
            seat_pacing=Pacing(self.seat_pacing_on.isChecked(), self.seat_pacing.value() or None),
            show_phone_number=self.show_phone.isChecked(),
        )
        tm = current.table_management
        tables = tuple(table_from_values(tm.table(key), values) for key, values in self.tables.rows())
        by_name = {t.name: t.id for t in tm.tables}
        combinations = []
        for row, (key, (names, low, high, active)) in enumerate(self.combinations.rows()):
            parts = [n.strip() for n in re.split(r"[+,]", names) if n.strip()]
            missing = [n for n in parts if n not in by_name]
            if missing:
                raise InvalidArgument(FieldViolation(
                    f"configuration.tableManagement.tableCombinations[{row}]",
                    _tr("there is no saved table called {name}; save new tables first, then join them").format(
                        name=missing[0])))
            combinations.append(TableCombination(key, tuple(by_name[n] for n in parts), low, high, active))
        form = ReservationForm(
            custom_fields=tuple(CustomFieldDefinition(key, name, required)
                                for key, (name, required) in self.custom_fields.rows()),
            last_name_required=self.last_name_required.isChecked(), email_required=self.email_required.isChecked(),
        )
        return replace(current, info=info, online=online, form=form,
                       table_management=replace(tm, tables=tables, combinations=tuple(combinations)))

    @staticmethod
    def _notice(widgets: tuple[QCheckBox, QSpinBox, QComboBox, QWidget]) -> NoticePeriod | None:
        on, number, unit, _ = widgets
        return NoticePeriod(number.value(), NoticeUnit(unit.currentData())) if on.isChecked() else None

    # --- saving ----------------------------------------------------------------------------

    def save(self) -> bool:
        """Send the settings to the book; refusals appear in their sections, nothing is saved."""
        self.clear_errors()
        try:
            wanted = self.wanted()
            self.saved = self.settings.save(self.location.revision, lambda _stored: wanted, initiator=self)
        except (InvalidArgument, ReservationLocationViolation) as refusal:
            self.show_refusal(refusal)
            return False
        except ReservationBookError as error:
            self.summary.setText(sentence_for(error))
            self.summary.setVisible(True)
            return False
        self.accept()
        return True

    def show_refusal(self, refusal: InvalidArgument | ReservationLocationViolation) -> None:
        problems = [(v.field, v.description or getattr(v, "type", "")) for v in refusal.violations]
        first_page = None
        for field, description in problems:
            key = section_of(field)
            row = row_of(field)
            text = description.rstrip(".")
            text = text[:1].upper() + text[1:]
            if row is not None:
                text = _tr("Row {row}: {problem}").format(row=row + 1, problem=text)
            label = self.errors[key]
            label.setText("\n".join(filter(None, [label.text(), _tr("{problem}. Correct it and save again.")
                                                  .format(problem=text)])))
            label.setVisible(True)
            editor = self._editor_of(key)
            if editor is not None and row is not None:
                editor.mark_row(row)
            if first_page is None:
                first_page = self._page_of[key]
        if first_page is not None:
            self.tabs.setCurrentIndex(first_page)
        self.summary.setText(_tr("Not saved: correct what is shown in red, then save again."))
        self.summary.setVisible(True)

    def _editor_of(self, key: str) -> RowsEditor | None:
        return {"periods": self.periods, "special": self.special, "turnover": self.turnover_rules,
                "tables": self.tables, "combinations": self.combinations, "form": self.custom_fields}.get(key)

    def clear_errors(self) -> None:
        for label in self.errors.values():
            label.setText("")
            label.setVisible(False)
        self.summary.setVisible(False)


class NewTableDialog(QDialog):
    """One new table for the floor map: name (the next one offered), seats, shape, area, online.
    OK only when the domain's rules accept it beside the tables already on the floor; `table()`
    is the new table (no id, no position: the map places it)."""

    def __init__(self, location: ReservationLocation, tables: Sequence[TableDefinition], area: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("newTableDialog")
        self.setWindowTitle(self.tr("Add a table"))
        self.location = location
        self.tables = tuple(tables)
        self._naming = (*self.tables, *location.table_management.deleted_tables)
        name_column, low_column, high_column, area_column, _in_use, online_column = table_columns(
            areas_of(self.tables))  # a table added on the floor is in use
        self._fields = [(c, c.make()) for c in (name_column, low_column, high_column, area_column, online_column)]
        name, low, high, area_box, online = (widget for _, widget in self._fields)
        assert isinstance(name, QLineEdit) and isinstance(low, QSpinBox) and isinstance(high, QSpinBox)
        assert isinstance(area_box, QComboBox) and isinstance(online, QCheckBox)
        self.name, self.seats_min, self.seats_max, self.area, self.online = name, low, high, area_box, online
        self.area.setCurrentText(area)
        self.name.setText(next_table_name(self._naming, area))
        self.name.setMaxLength(MAX_NAME)
        self.area.currentTextChanged.connect(self._follow_area)
        self.online.setText(self.tr("Guests can book it online"))
        self.shape = QComboBox(self)
        self.shape.addItem(self.tr("Rectangle"), "RECTANGLE")
        self.shape.addItem(self.tr("Round"), "ROUND")
        for widget in (self.name, self.seats_min, self.seats_max, self.area, self.shape, self.online):
            widget.setParent(self)
            widget.setMinimumHeight(32)
        seats = QHBoxLayout()
        seats.addWidget(self.seats_min)
        seats.addWidget(QLabel(self.tr("to"), self))
        seats.addWidget(self.seats_max)
        seats.addStretch(1)
        form = QFormLayout()
        form.addRow(self.tr("&Name"), self.name)
        form.addRow(self.tr("&Seats from"), seats)
        form.addRow(self.tr("&Area"), self.area)
        form.addRow(self.tr("S&hape"), self.shape)
        form.addRow("", self.online)
        seats_label = form.labelForField(seats)
        if isinstance(seats_label, QLabel):
            seats_label.setBuddy(self.seats_min)
        self.error = error_label(self)
        self.error.setVisible(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.cancel_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.add_button = buttons.addButton(self.tr("Add table"), QDialogButtonBox.ButtonRole.AcceptRole)
        for button in (self.cancel_button, self.add_button):
            button.setMinimumHeight(36)
        self.add_button.setDefault(True)  # Enter adds, from any field
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.name.selectAll()
        self.name.setFocus(Qt.FocusReason.OtherFocusReason)
        self.setMinimumWidth(380)

    def _follow_area(self, area: str) -> None:
        """Another area: another suggested name, unless the manager typed one."""
        if not self.name.isModified():
            self.name.setText(next_table_name(self._naming, area.strip()))

    def table(self) -> TableDefinition:
        """The table as typed (the Settings page's way), with its shape."""
        name, low, high, area, online = (column.read(widget) for column, widget in self._fields)
        table = table_from_values(None, [name, low, high, area, True, online])
        return replace(table, layout=replace(table.layout or TableLayout(), shape=str(self.shape.currentData())))

    def problem(self) -> str | None:
        """The sentence saying why the table can't be added as typed (shown, nothing added), or None."""
        found = new_table_problem(self.location, self.tables, self.table())
        if found is None:
            self.error.setVisible(False)
            return None
        field, sentence = found
        self.error.setText(sentence)
        self.error.setVisible(True)
        target: QWidget = self.name if field == "name" else self.seats_min
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        if isinstance(target, (QLineEdit, QSpinBox)):
            target.selectAll()
        return sentence

    def accept(self) -> None:
        if self.problem() is None:
            super().accept()


def ask(parent: QWidget | None, session: StandSession) -> ReservationLocation | None:
    """Let a manager change the settings; the saved settings, or None if nothing was saved."""
    dialog = SettingsDialog(session.settings, parent)
    dialog.exec()
    saved = dialog.saved
    dialog.deleteLater()
    return saved

