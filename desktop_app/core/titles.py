"""A one-line title from the start of a text: for conversations, translations and drafts alike."""

from __future__ import annotations

TITLE_LENGTH = 48


def title_from(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= TITLE_LENGTH else line[: TITLE_LENGTH - 1].rstrip() + "…"
