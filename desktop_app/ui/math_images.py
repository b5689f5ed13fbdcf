"""Formulas as pictures for QTextDocument, and copied as the LaTeX they came from.

markdown_render writes a formula as ``<img src="inkstone-math:…">``; ui/rich_text_browser.py
hands the URLs to math_image when the layout asks for them. The SVG from ziamath is drawn at
the device pixel ratio in the formula's colour, sized to the browser's font, padded so that
the formula's baseline sits on the text's, and kept by (formula, colour, size): the stream's
open tail, rendered again every frame, draws its formulas once. The document caches each URL
it loaded until its HTML is set again (a theme or font change renders it again).

Copying a selection gives the formulas' source (with their delimiters) where Qt would put an
object character, and drops the zero-width spaces markdown_render puts into very long words.
"""

from __future__ import annotations

import functools
import math

from PySide6.QtCore import QByteArray, QRectF
from PySide6.QtGui import QColor, QFont, QFontInfo, QFontMetricsF, QImage, QPainter, QTextCursor, QTextDocument

from desktop_app.ui.markdown_render import MathRef, parse_math_url
from desktop_app.ui.math_typeset import EM, typeset

__all__ = ["math_image", "copied_text", "IMAGE_RESOURCE"]

_ZERO_WIDTH_SPACE = "\u200b"
_OBJECT = "\ufffc"  # what QTextDocument puts where an image is
IMAGE_RESOURCE = QTextDocument.ResourceType.ImageResource
_MATH_X_HEIGHT = 0.47  # STIX Two Math's x-height, in em


def copied_text(cursor: QTextCursor) -> str | None:
    """The selection as plain text with each formula's source in its place, or None when Qt's own
    copy is right (no formula and no zero-width space in the selection)."""
    selected = cursor.selection().toPlainText()
    sources = _image_sources(cursor)
    if not any(sources) and _ZERO_WIDTH_SPACE not in selected:
        return None
    pieces = selected.split(_OBJECT)
    if len(pieces) != len(sources) + 1:  # not one object character per image: keep Qt's text
        sources = [""] * (len(pieces) - 1)
    text = pieces[0] + "".join(source + piece for source, piece in zip(sources, pieces[1:]))
    return text.replace(_ZERO_WIDTH_SPACE, "")


def _image_sources(cursor: QTextCursor) -> list[str]:
    """Per image in the selection, in order: its formula's source, or "" for another image."""
    start, end = cursor.selectionStart(), cursor.selectionEnd()
    document = cursor.document()
    sources: list[str] = []
    block = document.findBlock(start)
    while block.isValid() and block.position() < end:
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            iterator += 1
            first, last = fragment.position(), fragment.position() + fragment.length()
            if last <= start or first >= end or not fragment.charFormat().isImageFormat():
                continue
            ref = parse_math_url(fragment.charFormat().toImageFormat().name())
            sources.extend([ref.source if ref else ""] * (min(last, end) - max(first, start)))
        block = block.next()
    return sources


def math_image(ref: MathRef, font: QFont, ratio: float, max_width: float = 0.0) -> QImage | None:
    """The formula drawn for text in ``font`` on a screen of device pixel ratio ``ratio``.

    Wider than ``max_width`` (when given), it is drawn smaller to fit.
    """
    metrics = QFontMetricsF(font)
    return _drawn(ref.latex, ref.display, ref.colour, float(QFontInfo(font).pixelSize()), round(metrics.xHeight(), 1),
                  round(ratio, 2), int(max_width))


@functools.lru_cache(maxsize=512)
def _drawn(latex: str, display: bool, colour: str, pixel_size: float, x_height: float, ratio: float,
           max_width: int) -> QImage | None:
    from PySide6.QtSvg import QSvgRenderer  # only once a formula shows up

    formula = typeset(latex.strip(), display)
    if formula is None:
        return None
    # sized so that the formula's x-height is the text's: the maths font's own is smaller
    scale = max(pixel_size / EM, x_height / (_MATH_X_HEIGHT * EM))
    if max_width > 0 and formula.width * scale > max_width:
        scale = max_width / formula.width
    width, above = formula.width * scale, formula.baseline * scale
    below = formula.height * scale - above
    # QTextDocument centres an image aligned "middle" half an x-height above the baseline:
    # padding that leaves ascent - descent = x-height / 2 puts the formula's baseline on the text's
    excess = above - below - x_height / 2
    top, bottom = (0.0, excess) if excess > 0 else (-excess, 0.0)
    height = above + below + top + bottom
    image = QImage(max(1, math.ceil(width * ratio)), max(1, math.ceil(height * ratio)),
                   QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(ratio)
    image.fill(0)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(QByteArray(formula.svg.encode("utf-8"))).render(painter, QRectF(0, top, width, above + below))
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
    painter.fillRect(QRectF(0, 0, width, height), QColor(colour))
    painter.end()
    return image
