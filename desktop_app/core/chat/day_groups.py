"""The sections of the conversation list: Pinned, then Today, Yesterday, Previous 7 days, Older.

Days are the user's local calendar days (a conversation from 23:50 yesterday is
"Yesterday" at 00:10), so the bounds are local midnights, whatever the offset or DST.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import Enum


class DayGroup(str, Enum):
    PINNED = "pinned"
    TODAY = "today"
    YESTERDAY = "yesterday"
    WEEK = "week"  # the seven days before yesterday
    OLDER = "older"


GROUP_ORDER = (DayGroup.PINNED, DayGroup.TODAY, DayGroup.YESTERDAY, DayGroup.WEEK, DayGroup.OLDER)


@dataclass(frozen=True)
class DayBounds:
    today: datetime  # local midnights, timezone-aware
    yesterday: datetime
    week: datetime
    tomorrow: datetime  # when the groups change next

    @classmethod
    def at(cls, now: datetime | None = None) -> DayBounds:
        local = (now or datetime.now()).astimezone()
        day = local.date()
        return cls(_midnight(day), _midnight(day - timedelta(days=1)), _midnight(day - timedelta(days=8)),
                   _midnight(day + timedelta(days=1)))

    def starts(self) -> tuple[tuple[DayGroup, datetime], ...]:
        """Each dated group and the moment it starts, newest first (Older: everything before `week`)."""
        return ((DayGroup.TODAY, self.today), (DayGroup.YESTERDAY, self.yesterday), (DayGroup.WEEK, self.week))


def group_of(updated_at: datetime, pinned: bool, bounds: DayBounds) -> DayGroup:
    if pinned:
        return DayGroup.PINNED
    for group, start in bounds.starts():
        if updated_at >= start:
            return group
    return DayGroup.OLDER


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time()).astimezone()
