"""Colours live in ui/theme.py only: anywhere else they would not follow a switch to dark, or back."""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "desktop_app" / "ui"
THEME = UI / "theme.py"
# being converted by the conversations helper (its role label colours); remove once merged
ALLOWED: set[Path] = set()  # no exceptions: every colour is the theme's

_IN_STRINGS = re.compile(r"#(?:[0-9a-fA-F]{8}|[0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b|\brgba?\(|\bhsla?\(")
_IN_CODE = re.compile(
    r"\bQColor\(\s*(?:\d|[\"'])"  # QColor(255, 226, 120), QColor("red")
    r"|\bGlobalColor\.(?!transparent\b)\w+"  # Qt.GlobalColor.red (transparent is no colour)
    r"|\bQt\.(?:red|green|blue|black|white|gray|grey|yellow|cyan|magenta|darkGray|lightGray)\b"
)


def colours_written_in(source: str) -> list[str]:
    """Every colour literal in Python source: in strings (hex, rgb()) and in Qt calls."""
    found: list[str] = []
    code: list[str] = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.STRING:
            found += [f"{token.start[0]}: {m.group(0)}" for m in _IN_STRINGS.finditer(token.string)]
            code.append('""')
        elif token.type != tokenize.COMMENT:
            code.append(token.string)
    found += [match.group(0) for match in _IN_CODE.finditer("".join(code))]
    return found


def test_no_colour_is_written_outside_the_theme_module() -> None:
    offences = {
        str(path.relative_to(UI)): found
        for path in sorted(UI.rglob("*.py"))
        if path != THEME and path not in ALLOWED
        if (found := colours_written_in(path.read_text(encoding="utf-8")))
    }
    assert offences == {}


def test_the_check_finds_colours_in_strings_and_qt_calls_but_not_in_comments() -> None:
    sample = (
        'STYLE = "QLabel { background: #fdecea; color: rgb(1, 2, 3); }"\n'
        "HIGHLIGHT = QColor(255, 226, 120)\n"
        'OTHER = QColor("red")\n'
        "pixmap.fill(Qt.GlobalColor.white)\n"
        "pixmap.fill(Qt.GlobalColor.transparent)\n"
        "# a comment may say #ffffff\n"
    )
    found = colours_written_in(sample)
    assert len(found) == 5
    assert not any("ffffff" in item or "transparent" in item for item in found)
