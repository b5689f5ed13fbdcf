"""Saved model contexts (KV state) of recent conversations, kept in RAM within a budget.

A conversation's next turn starts with everything the previous turn read and wrote, so
its context is worth keeping when another conversation or a translation takes the model
in between: bringing it back costs a memory copy, reading it again costs seconds (a
minute for a large model on a laptop CPU). Entries are looked up by the longest common
token prefix with the new prompt and evicted least recently used first.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Sequence

import numpy as np

MIN_SAVED_TOKENS = 128  # a shorter context is cheaper to read again than to keep


@dataclass(frozen=True)
class SavedContext:
    tokens: np.ndarray  # the token ids the state holds, in order (int32)
    state: object  # the engine's own copy of its state: a buffer with a len() in bytes

    @property
    def size(self) -> int:
        return len(self.state)  # type: ignore[arg-type]


def common_prefix(a: np.ndarray, b: np.ndarray) -> int:
    """Length of the longest common prefix of two token arrays (vectorised: prompts are long)."""
    n = min(len(a), len(b))
    if n == 0:
        return 0
    diff = np.flatnonzero(a[:n] != b[:n])
    return int(diff[0]) if diff.size else n


class ContextCache:
    """LRU of SavedContext within `budget_bytes`. Not thread-safe: one engine thread owns it."""

    def __init__(self, budget_bytes: int) -> None:
        self.budget_bytes = max(0, budget_bytes)
        self._entries: OrderedDict[int, SavedContext] = OrderedDict()
        self._next_key = 0

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def used_bytes(self) -> int:
        return sum(entry.size for entry in self._entries.values())

    def best_match(self, tokens: np.ndarray) -> tuple[SavedContext | None, int]:
        """The saved context sharing the longest prefix with `tokens`, and that length."""
        best: tuple[SavedContext | None, int] = (None, 0)
        for key, entry in self._entries.items():
            length = common_prefix(entry.tokens, tokens)
            if length > best[1]:
                best = (entry, length)
                best_key = key
        if best[0] is not None:
            self._entries.move_to_end(best_key)
        return best

    def holds(self, tokens: np.ndarray) -> bool:
        """True when a saved context already covers `tokens` (saving them again would add nothing)."""
        return any(
            len(entry.tokens) >= len(tokens) and common_prefix(entry.tokens, tokens) == len(tokens)
            for entry in self._entries.values()
        )

    def add(self, tokens: Sequence[int] | np.ndarray, state: object) -> bool:
        """Keep a context; entries it extends are dropped, then the oldest go until it fits.

        Returns False when it is too big for the budget on its own (nothing is kept).
        """
        entry = SavedContext(np.asarray(tokens, dtype=np.int32).copy(), state)
        if entry.size > self.budget_bytes or len(entry.tokens) < MIN_SAVED_TOKENS:
            return False
        for key in [k for k, e in self._entries.items() if common_prefix(e.tokens, entry.tokens) == len(e.tokens)]:
            del self._entries[key]  # superseded: the new one holds all of it and more
        self._entries[self._next_key] = entry
        self._next_key += 1
        while self.used_bytes > self.budget_bytes:
            self._entries.popitem(last=False)
        return True

    def clear(self) -> None:
        self._entries.clear()
