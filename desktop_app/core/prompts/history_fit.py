"""Fitting a conversation into the context window: oldest turns go first, the new one stays.

The start of the kept history is chosen so that the prompt's beginning changes rarely:
llama.cpp reuses the part of the context that the new prompt shares with the last one,
so a prompt that keeps its beginning is read in milliseconds, while one that lost its
oldest turn is read again in full. So the start stays where it was while the history
fits, and when the window is full the older half goes in one block (COMPACT_TO), which
leaves room for many turns before the beginning has to change again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

from desktop_app.core.errors import InkstoneError

TRUNCATION_MARK = "…"
COMPACT_TO = 0.5  # when the history no longer fits, keep what fits in this share of the budget


class PromptTooLongError(InkstoneError):
    """Even the new message alone (with the system prompt) does not fit the context window."""


@dataclass(frozen=True)
class Fit:
    first_turn: int  # index of the oldest turn kept
    last_content: str  # the new turn's content, cut from the start when it alone was too long
    text: str
    tokens: int

    @property
    def truncated(self) -> bool:
        return self.last_content.startswith(TRUNCATION_MARK)


def fit_history(
    roles: Sequence[str],
    last_content: str,
    render: Callable[[int, str], str],
    count_tokens: Callable[[str], int],
    budget: int,
    keep_from: int | None = None,
) -> Fit:
    """Choose the oldest turn to keep so the rendered prompt takes at most `budget` tokens.

    `render(first, content)` renders turns[first:] with `content` as the new (last) turn.
    Kept history starts at a user turn (templates that insist on alternating roles need
    that). `keep_from` is the start chosen for the previous turn: it is kept while the
    prompt fits. Otherwise the whole history is used if it fits, else the longest recent
    part that fits in COMPACT_TO of the budget (token counts grow as turns are added, so
    a binary search finds it in a few renders). If the new turn alone is too long, its
    start is cut off (the end of a message is usually what is being asked) and marked
    with TRUNCATION_MARK.
    """
    last = len(roles) - 1
    starts = [i for i, role in enumerate(roles) if role == "user" and i < last] + [last]

    def attempt(first: int, content: str = last_content) -> Fit:
        text = render(first, content)
        return Fit(first, content, text, count_tokens(text))

    if keep_from is not None and keep_from in starts:
        kept = attempt(keep_from)
        if kept.tokens <= budget:
            return kept
    whole = attempt(starts[0])
    if whole.tokens <= budget:
        return whole
    newest = attempt(last)
    if newest.tokens > budget:
        return _truncate_last(attempt, last, last_content, budget)
    target = max(int(budget * COMPACT_TO), newest.tokens)
    best = newest
    lo, hi = 1, len(starts) - 1  # starts[0] is too long; starts[hi] fits the target
    while lo < hi:
        mid = (lo + hi) // 2
        candidate = attempt(starts[mid])
        if candidate.tokens <= target:
            best, hi = candidate, mid
        else:
            lo = mid + 1
    return best


def _truncate_last(attempt: Callable[..., Fit], last: int, content: str, budget: int) -> Fit:
    # No token takes fewer than a character, and few take more than eight: cut what certainly
    # cannot fit first, so the search below tokenizes a window's worth of text, not the whole message.
    content = content[max(0, len(content) - budget * 8) :]
    empty = attempt(last, TRUNCATION_MARK)
    if empty.tokens > budget:
        raise PromptTooLongError(
            "The system prompt alone fills the context window; shorten it or load the model with a larger context."
        )
    lo, hi = 0, len(content)  # keep content[len - n:], find the largest n that fits
    best = empty
    while lo < hi:
        keep = (lo + hi + 1) // 2
        candidate = attempt(last, TRUNCATION_MARK + content[len(content) - keep :].lstrip())
        if candidate.tokens <= budget:
            best, lo = candidate, keep
        else:
            hi = keep - 1
    return best
