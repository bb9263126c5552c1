"""The stand's lists of parties: Enter acts on the current party; an empty list says why."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QStringListModel, Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from maitred.ui.party_list import PartyListView


class Names(PartyListView):
    def __init__(self, empty_text: str, names: list[str]) -> None:
        super().__init__(empty_text)
        self.acted: list[str] = []
        self.setModel(QStringListModel(names, self))

    def on_enter(self, index: QModelIndex) -> None:
        self.acted.append(str(index.data()))


def shown(qtbot: QtBot, view: Names) -> Names:
    qtbot.addWidget(view)
    view.resize(300, 200)
    view.show()
    qtbot.waitExposed(view)
    return view


def picture(view: Names) -> QImage:
    return view.viewport().grab().toImage()


def test_enter_acts_on_the_current_party_and_nothing_without_one(qtbot: QtBot) -> None:
    view = shown(qtbot, Names("Nobody yet.", ["Rossi", "Bianchi"]))
    QTest.keyClick(view, Qt.Key.Key_Return)
    assert view.acted == []
    view.setCurrentIndex(view.model().index(1, 0))
    QTest.keyClick(view, Qt.Key.Key_Enter)
    QTest.keyClick(view, Qt.Key.Key_Return)
    assert view.acted == ["Bianchi", "Bianchi"]
    QTest.keyClick(view, Qt.Key.Key_Up)  # other keys still move through the list
    assert view.currentIndex().row() == 0


def test_an_empty_list_says_why_and_a_full_one_does_not(qtbot: QtBot) -> None:
    hint, blank = shown(qtbot, Names("Nobody is waiting.", [])), shown(qtbot, Names("", []))
    assert picture(hint) != picture(blank)
    full_hint, full_blank = shown(qtbot, Names("Nobody is waiting.", ["Rossi"])), shown(qtbot, Names("", ["Rossi"]))
    assert picture(full_hint) == picture(full_blank)
