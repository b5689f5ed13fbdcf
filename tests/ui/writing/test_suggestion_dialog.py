"""The suggestion's changes, marked word by word."""

from __future__ import annotations

from desktop_app.ui.theme import DARK, LIGHT
from desktop_app.ui.writing.suggestion_dialog import diff_html


def test_deleted_words_are_struck_out_and_inserted_words_marked_green() -> None:
    html = diff_html("the cat sat", "the dog sat", LIGHT)

    assert f'background:{LIGHT.deleted}; color:{LIGHT.danger}; text-decoration:line-through;">cat</span>' in html
    assert f'background:{LIGHT.inserted}; color:{LIGHT.success};">dog</span>' in html
    assert html.startswith("<p>the ")


def test_the_changes_take_the_dark_theme_colours() -> None:
    html = diff_html("the cat sat", "the dog sat", DARK)

    assert f'background:{DARK.inserted}; color:{DARK.success};">dog</span>' in html
    assert LIGHT.inserted not in html


def test_markup_in_the_text_is_shown_as_text() -> None:
    html = diff_html("a <b>", "a <i>\nb")

    assert "&lt;i&gt;<br>b" in html
    assert "<b>" not in html
