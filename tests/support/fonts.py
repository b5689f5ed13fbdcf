"""Fonts made by the test, so no test depends on the fonts installed on the machine.

A font built here covers exactly the characters it is given (each glyph a plain box);
Qt takes it as an application font, so a PDF set in it has those characters and no others.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen

UNITS_PER_EM = 1000


def build_font(path: Path, family: str, characters: str) -> Path:
    """Write a TrueType font named family with a glyph for each of characters (and space)."""
    code_points = sorted({ord(ch) for ch in characters} | {ord(" ")})
    names = [".notdef"] + [f"u{cp:04X}" for cp in code_points]
    builder = FontBuilder(UNITS_PER_EM, isTTF=True)
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap({cp: f"u{cp:04X}" for cp in code_points})
    box = _box()
    builder.setupGlyf({name: box for name in names})
    builder.setupHorizontalMetrics({name: (600, 50) for name in names})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": family, "styleName": "Regular"})
    builder.setupOS2(sTypoAscender=800, sTypoDescender=-200, usWinAscent=800, usWinDescent=200)
    builder.setupPost()
    builder.save(str(path))
    return path


@contextmanager
def application_font(directory: Path, family: str, characters: str) -> Iterator[str]:
    """A font covering characters, registered with Qt for the duration; yields its family name."""
    from PySide6.QtGui import QFontDatabase

    font_id = QFontDatabase.addApplicationFont(str(build_font(directory / f"{family}.ttf", family, characters)))
    assert font_id >= 0, "Qt refused the test font"
    try:
        yield QFontDatabase.applicationFontFamilies(font_id)[0]
    finally:
        QFontDatabase.removeApplicationFont(font_id)


def _box():
    pen = TTGlyphPen(None)
    pen.moveTo((50, 0))
    pen.lineTo((50, 700))
    pen.lineTo((550, 700))
    pen.lineTo((550, 0))
    pen.closePath()
    return pen.glyph()
