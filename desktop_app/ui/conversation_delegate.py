"""How one conversation row is drawn: the title on one line, elided with "…" to the list's width.

The row asks for no width of its own, so the list never scrolls sideways: QListView makes each
row as wide as the viewport and the style elides the title to fit. Later row decorations (day
headers, a pin, a "generating" spinner) belong here; the record is under RECORD_ROLE.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem


class ConversationDelegate(QStyledItemDelegate):
    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        return QSize(0, super().sizeHint(option, index).height())
