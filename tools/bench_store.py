"""How the store scales: the conversation list and opening a conversation in a large history.

Builds a synthetic store (default 10,000 conversations, 1,000,000 messages, the most recent
conversation 200 messages long) and prints, for a Store opened on it:
- a page of the conversation list: the first page, and a page far down (keyset: same cost);
- opening the 200-message conversation (Store.messages);
- listing every conversation of every kind at once (the CLI's `history`), for scale.
Each is timed once right after opening (first) and as the median of --repeat runs.
Targets: list a page <= 50 ms, open the conversation <= 100 ms.

    .venv/bin/python tools/bench_store.py [--conversations 10000 --messages 1000000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop_app.core.store import Store  # noqa: E402
from desktop_app.core.store.synthetic import build_synthetic_store  # noqa: E402

PAGE = 150  # the sidebar's page (desktop_app/ui/conversation_list_model.py)


def timed(action: Callable[[], object], repeat: int) -> tuple[float, float]:
    """(first run, median of the next `repeat` runs), in milliseconds."""
    runs = []
    for _ in range(repeat + 1):
        start = time.perf_counter()
        action()
        runs.append((time.perf_counter() - start) * 1000)
    return runs[0], statistics.median(runs[1:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=10_000)
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--long", type=int, default=200, help="messages in the conversation that is opened")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--keep", type=Path, help="build into (or reuse) DIR/bench.sqlite3 instead of a temp dir")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        path = folder / "bench.sqlite3"
        if path.exists():
            print(f"reusing {path}")
            with Store(path) as store:
                long_id = store.list_conversations(limit=1)[0].id
        else:
            start = time.perf_counter()
            built = build_synthetic_store(path, args.conversations, args.messages, args.long)
            long_id = built.long_conversation_id
            print(
                f"built {args.conversations:,} conversations, {args.messages:,} messages in "
                f"{time.perf_counter() - start:.1f} s ({path.stat().st_size / 1e6:,.0f} MB)"
            )

        with Store(path) as store:
            first_page = timed(lambda: store.list_conversations(limit=PAGE), args.repeat)
            cursor = None
            for _ in range(args.conversations // PAGE // 2):  # walk half way down the list
                cursor = store.list_conversations(limit=PAGE, after=cursor)[-1].cursor
            deep_page = timed(lambda: store.list_conversations(limit=PAGE, after=cursor), args.repeat)
            opened = timed(lambda: store.messages(long_id), args.repeat)
            everything = timed(lambda: store.list_conversations(kind=None), max(1, args.repeat // 4))
            shown = len(store.messages(long_id))

    print(f"{'ms':44}{'first':>9}{'median':>9}")
    rows = [
        (f"list the first page ({PAGE})", first_page, "target <= 50"),
        (f"list a page half way down ({PAGE})", deep_page, "target <= 50"),
        (f"open a {shown}-message conversation", opened, "target <= 100"),
        (f"list all {args.conversations:,} (CLI history)", everything, ""),
    ]
    for label, (first, median), target in rows:
        print(f"{label:44}{first:9.2f}{median:9.2f}   {target}")


if __name__ == "__main__":
    main()
