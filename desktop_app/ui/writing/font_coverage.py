"""Which characters of a laid-out document no font it uses can show.

Qt draws a character no font has as an empty box on screen, and writes it into a PDF as a
glyph with no Unicode value (it extracts as NUL), so text silently goes missing. Each run of
the document is checked in the font it is set in: with Qt's font merging (the default) that
font's fallbacks count; with QFont.StyleStrategy.NoFontMerging only its own families do, which
is how a test (or a caller) limits the check to the families it gives.
"""

from __future__ import annotations

import unicodedata

from PySide6.QtGui import QFontMetrics, QTextDocument

_NOT_DRAWN = frozenset({"Cc", "Cf", "Zl", "Zp", "Zs"})  # controls, format characters, spaces
_OBJECT = "\ufffc"  # where Qt draws an image or other object, not a glyph


def uncovered_characters(document: QTextDocument) -> str:
    """The characters no font can show, each once, in the order they first appear."""
    default = document.defaultFont()
    metrics: dict[str, QFontMetrics] = {}  # per font key
    checked: dict[tuple[str, str], bool] = {}  # (font key, character) -> covered
    missing: dict[str, None] = {}
    block = document.begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            fragment = fragments.fragment()
            font = fragment.charFormat().font().resolve(default)
            key = font.key()
            if key not in metrics:
                metrics[key] = QFontMetrics(font)
            for ch in dict.fromkeys(fragment.text()):
                covered = checked.get((key, ch))
                if covered is None:
                    drawn = ch != _OBJECT and unicodedata.category(ch) not in _NOT_DRAWN
                    covered = checked[key, ch] = not drawn or metrics[key].inFontUcs4(ord(ch))
                if not covered:
                    missing[ch] = None
            fragments += 1
        block = block.next()
    return "".join(missing)
