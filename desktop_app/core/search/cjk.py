"""Which characters are Chinese, Japanese or Korean: text that is not written with spaces between words."""

from __future__ import annotations

import re

# Hiragana and Katakana, CJK ideographs (with extension A and the compatibility block), Hangul
# syllables, half-width Katakana, and the supplementary ideographs (extensions B to G).
CJK_CLASS = (
    "\u3005\u3007\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f\U00020000-\U0003134f"
)
CJK_RUN = re.compile(f"[{CJK_CLASS}]+")
_ALL_CJK = re.compile(f"[{CJK_CLASS}]+\\Z")
_ANY_CJK = re.compile(f"[{CJK_CLASS}]")


def is_cjk(text: str) -> bool:
    """True when every character of a non-empty text is a CJK one."""
    return bool(text) and _ALL_CJK.match(text) is not None


def has_cjk(text: str) -> bool:
    return _ANY_CJK.search(text) is not None
