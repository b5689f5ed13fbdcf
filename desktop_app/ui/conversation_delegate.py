"""How one row of the conversation list is sized: one line, and no width of its own.

The list never scrolls sideways: QListView makes each row as wide as the viewport and the
style elides the title to fit. Everything else is drawn by Qt's own delegate from what the
model gives: a section header's font and colour, a pin or a turning spinner as the row's
icon (ui/conversation_list_model.py). No Python runs per row painted but the model's data().
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem


class ConversationDelegate(QStyledItemDelegate):
    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        return QSize(0, super().sizeHint(option, index).height())
