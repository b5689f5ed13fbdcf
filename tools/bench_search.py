"""How fast a search of the whole history returns its first page, on a million messages.

Builds a synthetic store (desktop_app/core/store/synthetic.py: 10,000 conversations, 1,000,000
messages, its search index filled as the migration fills it) in a temporary folder, or opens
the one given with --store, and prints for each query the time to its first page of results
through the same call the window and `inkstone history --search` make (HistorySearch.search:
the store's query and the snippets): the first run (cold caches) and the median of the next
five. Target: a first page within 100 ms.

    .venv/bin/python tools/bench_search.py [--store PATH] [--messages N] [--conversations N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop_app.core.search.service import HistorySearch  # noqa: E402
from desktop_app.core.store import Store  # noqa: E402
from desktop_app.core.store.synthetic import build_synthetic_store  # noqa: E402

QUERIES = [
    ("English word", "mutex"),
    ("English, two words", "index columns"),
    ("English, common word", "the"),
    ("English, words never together", "mutex Hamlet"),
    ("English, no match", "zebra"),
    ("Chinese, 5 characters (trigrams)", "什么是递归"),
    ("Chinese, 3 characters (trigrams)", "基本情"),
    ("Chinese, 2 characters (CJK grams)", "递归"),
    ("Chinese, 1 character (CJK grams)", "递"),
    ("Chinese, 2 characters, no match", "猫狗"),
    ("2-letter word (grams)", "Go"),
    ("2-letter piece of a word, no match (symbol grams)", "C#"),
    ("1 character, not a word (symbol grams)", "#"),
    ("2 symbols (symbol grams)", "**"),
    ("Chinese and punctuation (symbol grams)", "况，"),
    ("Latin beside Chinese, no match (symbol grams)", "C语"),
]
TARGET_MS = 100.0
PAGE = 20


def measure(search: HistorySearch, query: str) -> tuple[float, float, int]:
    times = []
    found = 0
    for _ in range(6):
        started = time.perf_counter()
        page = search.search(query, limit=PAGE)
        times.append((time.perf_counter() - started) * 1000)
        found = len(page.hits)
    return times[0], statistics.median(times[1:]), found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", type=Path, help="an existing Inkstone database to search (read only)")
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--conversations", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = args.store
        if path is None:
            path = Path(folder) / "bench.sqlite3"
            started = time.perf_counter()
            build_synthetic_store(path, conversations=args.conversations, messages=args.messages)
            print(f"built {args.messages:,} messages in {args.conversations:,} conversations, "
                  f"search index included, in {time.perf_counter() - started:.1f} s "
                  f"({path.stat().st_size / 1e6:,.0f} MB)")
        with Store(path) as store:
            index = "FTS5 trigram + grams (CJK, short words, symbols)" if store.has_search_index else "none (scan)"
            print(f"search index: {index}; first page = {PAGE} results\n")
            search = HistorySearch(store)
            print(f"{'query':52} {'first run':>10} {'then':>9} {'results':>8}  target ≤ {TARGET_MS:.0f} ms")
            for label, query in QUERIES:
                first, median, found = measure(search, query)
                verdict = "ok" if median <= TARGET_MS else "MISS"
                print(f"{label + ': ' + query:52} {first:8.1f} ms {median:6.1f} ms {found:8}  {verdict}")
            last = search.search("mutex", limit=PAGE)
            started = time.perf_counter()
            search.search("mutex", limit=PAGE, before=last.next_before)
            print(f"\nsecond page of 'mutex': {(time.perf_counter() - started) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
