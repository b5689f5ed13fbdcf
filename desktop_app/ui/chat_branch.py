"""The branch on screen as the message view shows it: each message with its "2/3" place among its
versions and a muted line of details (the model's name and the time of an answer)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timezone

from PySide6.QtCore import QDate, QLocale, QTime

from desktop_app.core.chat.tree import PathMessage
from desktop_app.core.store import MessageRecord
from desktop_app.ui.message_view import ViewMessage


def view_messages(branch: Sequence[PathMessage]) -> list[ViewMessage]:
    return [view_message(placed.record, placed_branch(placed)) for placed in branch]


def view_message(record: MessageRecord, branch: tuple[int, int] | None = None) -> ViewMessage:
    return ViewMessage(record.id, record.role, record.content, branch, details(record))


def placed_branch(placed: PathMessage) -> tuple[int, int] | None:
    return (placed.position, placed.siblings) if placed.siblings > 1 else None


def details(record: MessageRecord, now: datetime | None = None) -> str:
    """"gemma-3-270m · 14:32" for an answer, the time alone for a question."""
    when = message_time(record.created_at, now)
    if record.role == "assistant" and record.model:
        return f"{record.model} · {when}"
    return when


def message_time(when: datetime, now: datetime | None = None) -> str:
    """The local time, in the user's locale; with the date unless it is today."""
    local = (when if when.tzinfo is not None else when.replace(tzinfo=timezone.utc)).astimezone()
    today = (now or datetime.now().astimezone()).date()
    locale = QLocale()
    time = locale.toString(QTime(local.hour, local.minute), QLocale.FormatType.ShortFormat)
    if local.date() == today:
        return time
    return f"{locale.toString(QDate(local.year, local.month, local.day), QLocale.FormatType.ShortFormat)} {time}"
