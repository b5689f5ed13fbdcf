"""Which writing system a character belongs to, and a free font that covers it.

Used to tell a user which font to install when no font on the machine can show some text.
Python's unicodedata has no Script property, but a character's Unicode name starts with
its script for nearly every letter ("DEVANAGARI LETTER HA", "TAI THAM LETTER KA"), which is
all a message needs. Ideographs, kana and Hangul are named by language: one font family
(Noto Sans CJK) covers them all, in a regional version per language.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Iterable

NOTO_URL = "https://fonts.google.com/noto"


@dataclass(frozen=True)
class Script:
    name: str  # as a user would say it: "Chinese", "Devanagari", "symbol and emoji"
    font: str | None  # a free font that covers it; None when no font can (unassigned code points)


CHINESE = Script("Chinese", "Noto Sans CJK SC")
JAPANESE = Script("Japanese", "Noto Sans CJK JP")
KOREAN = Script("Korean", "Noto Sans CJK KR")
SYMBOLS = Script("symbol and emoji", "Noto Color Emoji and Noto Sans Symbols 2")
UNNAMED = Script("unassigned or private-use", None)
ACCENTS = Script("accent", "Noto Sans")

# Scripts the UI has a translated name for (others are shown by their Unicode name).
COMMON_SCRIPT_NAMES = (
    CHINESE.name, JAPANESE.name, KOREAN.name, SYMBOLS.name, UNNAMED.name, ACCENTS.name, "Latin", "Greek",
    "Cyrillic", "Arabic", "Hebrew", "Thai", "Devanagari", "Bengali", "Tamil", "Armenian", "Georgian",
    "Ethiopic", "Khmer", "Lao", "Myanmar", "Tibetan", "Mongolian",
)

_BY_FIRST_WORD = {
    "CJK": CHINESE, "IDEOGRAPHIC": CHINESE, "KANGXI": CHINESE, "BOPOMOFO": CHINESE, "FULLWIDTH": CHINESE,
    "HALFWIDTH": JAPANESE, "HIRAGANA": JAPANESE, "KATAKANA": JAPANESE, "HANGUL": KOREAN,
}
_NOTO_SANS_ITSELF = {"Latin", "Greek", "Cyrillic"}  # in the plain Noto Sans
_FONT_NAMES = {"Egyptian": "Noto Sans Egyptian Hieroglyphs", "Anatolian": "Noto Sans Anatolian Hieroglyphs"}
# Words after which a character's name stops naming its script ("OLD ITALIC LETTER A").
_NAME_ENDS = frozenset(
    "LETTER SIGN DIGIT SYLLABLE CHARACTER VOWEL LIGATURE MARK NUMBER SYMBOL PUNCTUATION HIEROGLYPH "
    "IDEOGRAPH CONSONANT FRACTION SMALL CAPITAL COMMA FULL STOP QUESTION EXCLAMATION ACCENT".split()
)


def script_of(ch: str) -> Script:
    """The writing system of one character, as named for a user."""
    name = unicodedata.name(ch, "")
    if not name:
        return UNNAMED
    words = name.split()
    if words[0] in _BY_FIRST_WORD:
        return _BY_FIRST_WORD[words[0]]
    if words[0] == "COMBINING":
        return ACCENTS
    if unicodedata.category(ch).startswith("S"):
        return SYMBOLS
    script_words: list[str] = []
    for word in words[:3]:
        if word in _NAME_ENDS:
            break
        script_words.append(word.title())
    script = " ".join(script_words or words[:1]).title()
    if script in _NOTO_SANS_ITSELF:
        return Script(script, "Noto Sans")
    return Script(script, _FONT_NAMES.get(script, f"Noto Sans {script}"))


def group_by_script(characters: Iterable[str]) -> dict[Script, str]:
    """Characters grouped by script, scripts in order of first appearance, each character once."""
    groups: dict[Script, str] = {}
    for ch in dict.fromkeys(characters):
        script = script_of(ch)
        groups[script] = groups.get(script, "") + ch
    return groups
