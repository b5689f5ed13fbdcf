from __future__ import annotations

from desktop_app.core.safe_text import safe_text


def test_terminal_escape_sequences_are_removed() -> None:
    text = "\x1b]0;new title\x07\x1b[2J\x1b[1;31mRed\x1b[0m \x1bcReset"

    assert safe_text(text) == "Red Reset"


def test_control_and_bidi_characters_become_spaces_on_one_line() -> None:
    assert safe_text("one\r\ntwo\x00three\u202efour\u2066five\x9bsix") == "one two three four five six"


def test_long_text_is_capped_with_an_ellipsis() -> None:
    shown = safe_text("a" * 14_700, limit=40)

    assert len(shown) == 40 and shown.endswith("…")


def test_bytes_are_decoded_leniently() -> None:
    assert safe_text(b"caf\xc3\xa9 \xff") == "café \ufffd"


def test_ordinary_names_are_unchanged() -> None:
    assert safe_text("Qwen2.5 7B Instruct (Q4_K_M) — 中文") == "Qwen2.5 7B Instruct (Q4_K_M) — 中文"
