"""The RAM cache of saved contexts: longest prefix wins, superseded entries go, the budget holds."""

from __future__ import annotations

import numpy as np

from desktop_app.core.engine.context_cache import MIN_SAVED_TOKENS, ContextCache, common_prefix


def tokens(*parts: range) -> np.ndarray:
    return np.concatenate([np.arange(p.start, p.stop, dtype=np.int32) for p in parts])


def test_common_prefix_counts_equal_leading_tokens() -> None:
    a = tokens(range(0, 300))
    assert common_prefix(a, tokens(range(0, 200), range(900, 950))) == 200
    assert common_prefix(a, a[:150]) == 150
    assert common_prefix(a, tokens(range(5, 10))) == 0


def test_the_entry_with_the_longest_common_prefix_is_found() -> None:
    cache = ContextCache(10_000)
    short = tokens(range(0, 200))
    long = tokens(range(0, 250), range(1000, 1100))
    cache.add(short, b"s" * 10)
    cache.add(tokens(range(5000, 5300)), b"o" * 10)
    cache.add(long, b"l" * 10)  # extends `short`: short is superseded

    entry, length = cache.best_match(tokens(range(0, 250), range(1000, 1050), range(7, 9)))

    assert entry is not None and entry.state == b"l" * 10 and length == 300
    assert len(cache) == 2


def test_least_recently_used_entries_go_first_when_the_budget_is_full() -> None:
    cache = ContextCache(25)
    a, b, c = (tokens(range(i * 1000, i * 1000 + MIN_SAVED_TOKENS)) for i in (1, 2, 3))
    cache.add(a, b"a" * 10)
    cache.add(b, b"b" * 10)
    cache.best_match(a)  # a was used: b is now the oldest
    cache.add(c, b"c" * 10)

    assert cache.best_match(b)[0] is None
    assert cache.best_match(a)[0] is not None and cache.best_match(c)[0] is not None
    assert cache.used_bytes <= 25


def test_too_short_or_too_big_contexts_are_not_kept() -> None:
    cache = ContextCache(100)

    assert not cache.add(tokens(range(0, MIN_SAVED_TOKENS - 1)), b"x")
    assert not cache.add(tokens(range(0, 500)), b"x" * 101)
    assert len(cache) == 0
