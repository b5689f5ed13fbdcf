"""A record of the structural signals a Qt item model emits, to check that a change touched one row."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel


class ModelSignalLog:
    """Events in order: ("reset",), ("layout",), ("inserted", first, last), ("removed", first, last),
    ("moved", first, last, destination), ("changed", top, bottom)."""

    def __init__(self, model: QAbstractItemModel) -> None:
        self.events: list[tuple] = []
        model.modelReset.connect(lambda: self.events.append(("reset",)))
        model.layoutChanged.connect(lambda *_: self.events.append(("layout",)))
        model.rowsInserted.connect(lambda _p, first, last: self.events.append(("inserted", first, last)))
        model.rowsRemoved.connect(lambda _p, first, last: self.events.append(("removed", first, last)))
        model.rowsMoved.connect(
            lambda _p, first, last, _d, destination: self.events.append(("moved", first, last, destination))
        )
        model.dataChanged.connect(lambda top, bottom, *_: self.events.append(("changed", top.row(), bottom.row())))

    def kinds(self) -> set[str]:
        return {event[0] for event in self.events}
