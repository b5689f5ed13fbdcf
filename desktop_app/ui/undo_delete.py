"""Deleting with a few seconds' Undo: the item leaves the list at once, the store forgets it later.

The store is only changed when the notice goes (its time is up, another notice replaces it, or
the window closes), so Undo needs nothing to be put back, and a crash meanwhile deletes nothing.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from desktop_app.ui.toast import Toast


class DeferredDeletes(QObject):
    def __init__(self, host: QWidget) -> None:
        super().__init__(host)
        self.toast = Toast(host)
        self.pending: set[object] = set()  # keys of items deleted but not yet forgotten by the store

    def delete(self, key: object, message: str, *, commit: Callable[[], object], shown_again: Callable[[], object],
               hidden: Callable[[], object] | None = None) -> None:
        """`key` leaves the list now (`hidden` redraws it); `commit` deletes it for good when the notice goes;
        Undo brings it back (`shown_again`)."""
        self.pending.add(key)
        if hidden is not None:
            hidden()

        def undo() -> None:
            self.pending.discard(key)
            shown_again()

        def forget() -> None:
            if key in self.pending:
                self.pending.discard(key)
                commit()

        self.toast.show_message(message, self.tr("Undo"), undo, on_expire=forget)

    def flush(self) -> None:
        """Carry out what waits (before the window closes)."""
        self.toast.dismiss()
