"""The QTextBrowser that shows rendered Markdown: formulas as pictures, quote bars, wrapped code marked.

What QTextDocument cannot do from HTML is done here, at the two places Qt leaves open:
- ``loadResource``: QTextDocument asks its browser for an image it does not hold when it lays
  the image out, so HTML inserted by any path (a whole conversation, a streamed piece, the
  open tail replaced every frame) gets its formulas with no extra step, and only formulas
  that are laid out get drawn (ui/math_images.py);
- ``paintEvent``: QTextDocument draws no border on one side of a block, and nothing where a
  line wraps. After the document is painted, each visible block quote gets its bar in the
  left margin, and each continuation of a wrapped code line a small hook in its hanging
  indent (markdown_render.py sets both margins). Only the blocks on screen are looked at,
  and the colours are the theme's at paint time, so a theme switch needs no re-render.
Copying a selection gives each formula's LaTeX source in its place (math_images.copied_text).
"""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPoint, QPointF, QRectF, QUrl
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPen, QTextBlock, QTextFormat
from PySide6.QtWidgets import QTextBrowser, QWidget

from desktop_app.ui import theme
from desktop_app.ui.markdown_render import CODE_HANGING_INDENT, QUOTE_INDENT, parse_math_url
from desktop_app.ui.math_images import IMAGE_RESOURCE, copied_text, math_image
from desktop_app.ui.opaque_viewport import keep_viewport_opaque

__all__ = ["RichTextBrowser", "quote_level", "is_code_block"]

_BAR_WIDTH = 3
_BAR_GAP = 8  # between a bar and the text it marks


class RichTextBrowser(QTextBrowser):
    """A read-only view of markdown_render's HTML."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        keep_viewport_opaque(self)

    def loadResource(self, kind: int, name: QUrl) -> object:  # noqa: N802 (Qt's name)
        if kind in (IMAGE_RESOURCE, IMAGE_RESOURCE.value):
            ref = parse_math_url(name.toString(QUrl.ComponentFormattingOption.FullyEncoded))
            if ref is not None:
                width = self.viewport().width() - 2 * self.document().documentMargin()
                image = math_image(ref, self.document().defaultFont(), self.devicePixelRatioF(), max(width, 0.0))
                if image is not None:
                    return image
        return super().loadResource(kind, name)

    def createMimeDataFromSelection(self) -> QMimeData:  # noqa: N802 (Qt's name)
        data = super().createMimeDataFromSelection()
        text = copied_text(self.textCursor())
        if text is None:
            return data
        plain = QMimeData()  # the HTML and ODF copies would hold pictures nothing else can load
        plain.setText(text)
        return plain

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        super().paintEvent(event)
        painter = QPainter(self.viewport())
        try:
            self._paint_decorations(painter, event.rect().top(), event.rect().bottom())
        finally:
            painter.end()

    def _paint_decorations(self, painter: QPainter, top: int, bottom: int) -> None:
        colours = theme.current()
        layout = self.document().documentLayout()
        dx, dy = -self.horizontalScrollBar().value(), -self.verticalScrollBar().value()
        block = self.cursorForPosition(QPoint(0, top)).block()
        previous_level = quote_level(block.previous()) if block.isValid() else 0
        while block.isValid():
            rect = layout.blockBoundingRect(block).translated(dx, dy)
            if rect.top() > bottom:
                break
            level = quote_level(block)
            if level:
                following = block.next()
                self._paint_bars(painter, block, rect, level, previous_level, quote_level(following),
                                 QColor(colours.quote_bar))
            if is_code_block(block) and block.layout().lineCount() > 1:
                self._paint_hooks(painter, block, rect, QColor(colours.muted))
            previous_level = level
            block = block.next()

    def _paint_bars(self, painter: QPainter, block: QTextBlock, rect: QRectF, level: int, before: int,
                    after: int, colour: QColor) -> None:
        """One bar per level; across the gap to a neighbour that is quoted too, so the bar runs on."""
        form = block.blockFormat()
        for n in range(level):
            upper = rect.top() - (form.topMargin() if before > n else 0)
            lower = rect.bottom() + (form.bottomMargin() if after > n else 0)
            x = rect.left() + n * QUOTE_INDENT + QUOTE_INDENT - _BAR_WIDTH - _BAR_GAP
            painter.fillRect(QRectF(x, upper, _BAR_WIDTH, lower - upper), colour)

    def _paint_hooks(self, painter: QPainter, block: QTextBlock, rect: QRectF, colour: QColor) -> None:
        """A "↳" drawn (not a glyph: no font needed) before each continuation of a wrapped code line."""
        text_layout = block.layout()
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(colour, 1.2))
        for index in range(1, text_layout.lineCount()):
            line = text_layout.lineAt(index)
            x = rect.left() + line.x() - CODE_HANGING_INDENT + 8
            middle = rect.top() + line.y() + line.height() / 2
            path = QPainterPath(QPointF(x, middle - 5))
            path.lineTo(x, middle)
            path.lineTo(x + 9, middle)
            path.moveTo(x + 6, middle - 3)
            path.lineTo(x + 9, middle)
            path.lineTo(x + 6, middle + 3)
            painter.drawPath(path)
        painter.restore()


def quote_level(block: QTextBlock) -> int:
    """How many block quotes ``block`` is in (markdown_render indents each by QUOTE_INDENT)."""
    if not block.isValid():
        return 0
    form = block.blockFormat()
    margin = form.leftMargin()
    if form.textIndent() < 0:
        margin += form.textIndent()  # a code block's hanging indent
    quoted = form.hasProperty(QTextFormat.Property.BlockQuoteLevel)
    if not quoted and not (margin > 0 and (block.textList() is not None or is_code_block(block))):
        return 0
    return max(1, round(margin / QUOTE_INDENT))


def is_code_block(block: QTextBlock) -> bool:
    """A line of a code block: markdown_render gives those, and only those, a hanging indent."""
    return round(block.blockFormat().textIndent()) == -CODE_HANGING_INDENT
