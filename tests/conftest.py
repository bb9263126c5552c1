"""Shared test set-up: Qt runs offscreen (without a display, creating a QApplication would abort)."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
