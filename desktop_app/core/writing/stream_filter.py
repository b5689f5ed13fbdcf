"""Cleaning a model's streamed answer on the fly, so what the user sees is what is kept."""

from __future__ import annotations

from typing import Callable, Sequence

from desktop_app.core.writing.glossary import GlossaryTerm, TermMatcher


class StreamFilter:
    """Passes streamed text on, minus leading and trailing whitespace, with glossary terms enforced.

    Text that could still change is held back: trailing whitespace (it may be the end), and
    the last characters that could begin a source term (their match is decided only when
    the following characters arrive). finish() releases the rest and returns the whole
    cleaned text.
    """

    def __init__(
        self, terms: Sequence[GlossaryTerm], emit: Callable[[str], None], strip_leading: bool = True
    ) -> None:
        self._matcher = TermMatcher(terms)
        self._emit = emit
        self._buffer = ""
        self._context = ""  # the last released character, for the term regex's look-behind
        self._started = not strip_leading
        self._released: list[str] = []

    def feed(self, piece: str) -> None:
        if not self._started:
            piece = piece.lstrip()
            if not piece:
                return
            self._started = True
        self._buffer += piece
        self._release(final=False)

    def finish(self) -> str:
        self._release(final=True)
        self._buffer = ""
        return "".join(self._released)

    def _release(self, final: bool) -> None:
        raw = self._buffer.rstrip()
        cut = len(raw) if final else max(0, len(raw) - self._matcher.longest)
        pattern = self._matcher.pattern
        if pattern is None:
            released = raw[:cut]
        else:
            text, offset = self._context + raw, len(self._context)
            parts: list[str] = []
            pos = offset
            for match in pattern.finditer(text, offset):
                if match.end() > offset + cut:  # not decided yet: keep it (and what follows) back
                    cut = min(cut, match.start() - offset)
                    break
                parts.append(text[pos : match.start()])
                parts.append(self._matcher.target_for(match))
                pos = match.end()
            parts.append(text[pos : offset + cut])
            released = "".join(parts)
        if cut:
            self._context = raw[cut - 1]
            self._buffer = self._buffer[cut:]
        if released:
            self._released.append(released)
            self._emit(released)
