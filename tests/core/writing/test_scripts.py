"""script_of: the writing system a user would name for a character, and a free font for it."""

from __future__ import annotations

import pytest

from desktop_app.core.writing.scripts import group_by_script, script_of


@pytest.mark.parametrize(
    ("ch", "name", "font"),
    [
        ("大", "Chinese", "Noto Sans CJK SC"),
        ("。", "Chinese", "Noto Sans CJK SC"),
        ("か", "Japanese", "Noto Sans CJK JP"),
        ("カ", "Japanese", "Noto Sans CJK JP"),
        ("한", "Korean", "Noto Sans CJK KR"),
        ("ह", "Devanagari", "Noto Sans Devanagari"),
        ("ᨠ", "Tai Tham", "Noto Sans Tai Tham"),
        ("ا", "Arabic", "Noto Sans Arabic"),
        ("Ж", "Cyrillic", "Noto Sans"),
        ("\u0301", "accent", "Noto Sans"),
        ("\U00013000", "Egyptian", "Noto Sans Egyptian Hieroglyphs"),
        ("😀", "symbol and emoji", "Noto Color Emoji and Noto Sans Symbols 2"),
        ("\ue000", "unassigned or private-use", None),
    ],
)
def test_script_and_font_of_a_character(ch: str, name: str, font: str | None) -> None:
    script = script_of(ch)

    assert (script.name, script.font) == (name, font)


def test_characters_are_grouped_by_script_once_each_in_order() -> None:
    groups = group_by_script("नमस्ते日本नमस्तेかな")

    assert [(script.name, chars) for script, chars in groups.items()] == [
        ("Devanagari", "नमस्ते"),
        ("Chinese", "日本"),
        ("Japanese", "かな"),
    ]
