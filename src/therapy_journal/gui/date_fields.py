"""Date and date-time fields that keep to the dates the journal accepts.

Every field where a person picks a date (an entry filter, a share's date
range, a goal's due date, a contact's follow-up or log) is bounded to
:data:`dates.FIRST_DAY` .. :data:`dates.LAST_DAY`: a year outside cannot be
typed or picked, so nothing outside the range reaches the vault from the app.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateTimeEdit

from therapy_journal.services.dates import FIRST_DAY, LAST_DAY

FieldT = TypeVar("FieldT", bound=QDateTimeEdit)

FIRST_QDATE = QDate(FIRST_DAY.year, FIRST_DAY.month, FIRST_DAY.day)
LAST_QDATE = QDate(LAST_DAY.year, LAST_DAY.month, LAST_DAY.day)


def in_journal_range(field: FieldT) -> FieldT:
    """``field`` bounded to the accepted dates (a QDateEdit is a QDateTimeEdit too)."""
    field.setMinimumDate(FIRST_QDATE)  # from the start of that day
    field.setMaximumDate(LAST_QDATE)  # to the end of that day
    return field
