"""Locking the stand when nobody has touched it for a while (default five minutes).

A single-shot QTimer restarts at every key press, click, touch or wheel turn anywhere in the
application: the window installs this object as the application's event filter. When it runs out,
the person at the stand is signed out and the next one signs in with their PIN.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer

from maitred.controllers.staff_session import StaffOnDuty

DEFAULT_IDLE_MINUTES = 5.0

#: What counts as somebody at the stand (mouse moves too: reading the timeline is working).
ACTIVITY = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel,
    QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TabletPress,
})


class IdleLock(QObject):
    """Locks `staff` after `minutes` without activity (0: never)."""

    def __init__(self, staff: StaffOnDuty, minutes: float = DEFAULT_IDLE_MINUTES,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._staff = staff
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.lock_now)
        self._minutes = 0.0
        self.set_minutes(minutes)
        staff.changed.connect(lambda _on_duty: self.activity())

    @property
    def minutes(self) -> float:
        return self._minutes

    def set_minutes(self, minutes: float) -> None:
        self._minutes = max(0.0, minutes)
        self.timer.setInterval(max(1, round(self._minutes * 60_000)))
        self.activity()

    def activity(self) -> None:
        """Somebody is at the stand: start counting again."""
        if self._minutes > 0 and self._staff.required and not self._staff.locked:
            self.timer.start()
        else:
            self.timer.stop()

    def lock_now(self) -> None:
        self.timer.stop()
        if self._staff.required:
            self._staff.lock()

    def stop(self) -> None:
        self.timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in ACTIVITY and self.timer.isActive():
            self.timer.start()
        return False
