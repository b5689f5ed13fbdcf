"""The search popup's result list: one hit per row, its title and date above a snippet with the
matches marked.

The snippet is the user's or the model's text: it is escaped before the marks go in, so a
message holding "<b>" or a script shows as text.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QAbstractListModel, QCoreApplication, QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QAbstractTextDocumentLayout, QColor, QFont, QFontMetrics, QPainter, QPalette, QTextDocument, QTextOption
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from desktop_app.core.search.service import SearchHit
from desktop_app.core.search.snippet import ELLIPSIS, Snippet
from desktop_app.ui.theme import SPACE, Colours
from desktop_app.ui.theme import current as theme_colours

HIT_ROLE = Qt.ItemDataRole.UserRole  # the SearchHit

AnyIndex = QModelIndex | QPersistentModelIndex


def snippet_html(snippet: Snippet, colours: Colours) -> str:
    """The snippet as HTML: every piece escaped, each match in the theme's highlight."""
    parts: list[str] = []
    at = 0
    for start, end in snippet.spans:
        parts.append(html.escape(snippet.text[at:start]))
        parts.append(f'<span style="background-color:{colours.warning_soft}; color:{colours.text}; '
                     f'font-weight:600">{html.escape(snippet.text[start:end])}</span>')
        at = end
    parts.append(html.escape(snippet.text[at:]))
    return "".join(parts)


def fit_snippet(snippet: Snippet, metrics: QFontMetrics, width: int) -> Snippet:
    """The snippet cut to one line of `width` pixels, ending in "…" when cut; marks past the cut go."""
    if metrics.horizontalAdvance(snippet.text) <= width:
        return snippet
    elided = metrics.elidedText(snippet.text, Qt.TextElideMode.ElideRight, width)
    keep = max(0, len(elided) - 1) if elided.endswith(ELLIPSIS) else len(elided)
    spans = tuple((start, min(end, keep)) for start, end in snippet.spans if start < keep)
    return Snippet(snippet.text[:keep] + ELLIPSIS, spans)


class SearchResultsModel(QAbstractListModel):
    """The hits shown so far; more pages are appended as the user scrolls down."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._hits: list[SearchHit] = []

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802 (Qt naming)
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        hit = self._hits[index.row()]
        if role == HIT_ROLE:
            return hit
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{hit.conversation.title}: {hit.snippet.text}"
        return None

    def hit(self, row: int) -> SearchHit | None:
        return self._hits[row] if 0 <= row < len(self._hits) else None

    def set_hits(self, hits: list[SearchHit]) -> None:
        self.beginResetModel()
        self._hits = list(hits)
        self.endResetModel()

    def append_hits(self, hits: list[SearchHit]) -> None:
        known = {hit.message.id for hit in self._hits}
        fresh = [hit for hit in hits if hit.message.id not in known]
        if not fresh:
            return
        first = len(self._hits)
        self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
        self._hits.extend(fresh)
        self.endInsertRows()


class SearchResultDelegate(QStyledItemDelegate):
    """Two lines: "Kind · title" with the date on the right, then the snippet."""

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:  # noqa: N802 (Qt naming)
        line = option.fontMetrics.height()
        return QSize(0, 2 * line + 2 * SPACE + SPACE // 2)  # room for a CJK fallback font's taller line

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        hit = index.data(HIT_ROLE)
        if not isinstance(hit, SearchHit):
            super().paint(painter, option, index)
            return
        colours = theme_colours()
        style = option.widget.style() if option.widget is not None else QApplication.style()
        self.initStyleOption(option, index)
        option.text = ""
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, option.widget)

        rect = option.rect.adjusted(SPACE, SPACE // 2, -SPACE, -SPACE // 2)
        metrics = option.fontMetrics
        line = metrics.height()
        painter.save()
        when = hit.message.created_at.astimezone().strftime("%Y-%m-%d")
        when_width = metrics.horizontalAdvance(when) + SPACE
        text_colour = QColor(colours.text)  # the selected row's background is the soft accent
        painter.setPen(text_colour)
        font = QFont(option.font)
        font.setBold(True)
        heading = f"{kind_label(hit.conversation.kind)} · {hit.conversation.title}"
        heading = QFontMetrics(font).elidedText(heading, Qt.TextElideMode.ElideRight, max(0, rect.width() - when_width))
        painter.setFont(font)
        painter.drawText(rect.x(), rect.y(), rect.width() - when_width, line,
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), heading)
        font.setBold(False)
        painter.setFont(font)
        painter.setPen(option.palette.color(QPalette.ColorRole.PlaceholderText))
        painter.drawText(rect.right() - when_width, rect.y(), when_width, line,
                         int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), when)

        document = QTextDocument()
        document.setDefaultFont(option.font)
        document.setDocumentMargin(0)
        document.setDefaultTextOption(QTextOption(Qt.AlignmentFlag.AlignLeft))
        no_wrap = document.defaultTextOption()
        no_wrap.setWrapMode(QTextOption.WrapMode.NoWrap)
        document.setDefaultTextOption(no_wrap)
        # Marked text is bold, so leave a little room for it.
        document.setHtml(snippet_html(fit_snippet(hit.snippet, metrics, rect.width() - 2 * SPACE), colours))
        document.setTextWidth(rect.width())
        painter.translate(rect.x(), rect.y() + line + SPACE // 2)
        clip = QRectF(0, 0, rect.width(), rect.height() - line - SPACE // 2)
        painter.setClipRect(clip)
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette.setColor(QPalette.ColorRole.Text, text_colour)
        context.clip = clip
        document.documentLayout().draw(painter, context)
        painter.restore()


def kind_label(kind: str) -> str:
    """"Chat", "Translation" or "Draft", in the user's language."""
    labels = {
        "chat": QCoreApplication.translate("SearchPopup", "Chat"),
        "translation": QCoreApplication.translate("SearchPopup", "Translation"),
        "draft": QCoreApplication.translate("SearchPopup", "Draft"),
    }
    return labels.get(kind, kind)
