"""A time of day as people write it: the host at the phone, a spreadsheet of imported bookings."""

from __future__ import annotations

import re
from datetime import time

_TIME = re.compile(r"^\s*(\d{1,2})(?:[:.h]?(\d{2}))?\s*([ap]\.?m?\.?)?\s*$", re.IGNORECASE)


def parse_wall_time(text: str) -> time | None:
    """`1930`, `19:30`, `19.30`, `19h30`, `930`, `19`, `7:30pm`, `7pm`, `12am`; None for anything
    else (`dinner`, `25:00`, `13pm`)."""
    digits = text.strip()
    if re.fullmatch(r"\d{3,4}", digits):
        digits = f"{digits[:-2]}:{digits[-2:]}"
    match = _TIME.match(digits)
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    meridiem = (match.group(3) or "").lower()
    if meridiem:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if meridiem.startswith("p") else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)
