"""Benchmark: cost of one Store.update_message_content call (the streaming save).

Run from the repo root:  /work/venv/bin/python tests/core/store/bench_update_message_content.py
Not collected by pytest (no test_ prefix): it prints figures instead of asserting times.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from desktop_app.core.store import Store  # noqa: E402

CALLS = 1000


def main() -> None:
    with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "bench.sqlite3") as store:
        conversation = store.create_conversation()
        for _ in range(200):  # a conversation with some history
            store.add_message(conversation.id, "user", "earlier message " * 20)
        message = store.add_message(conversation.id, "assistant", "", status="streaming")
        for label, piece in (("short answer (grows to ~6 KB)", "word "), ("long answer (grows to ~24 KB)", "word " * 4)):
            timings = []
            text = ""
            for _ in range(CALLS):
                text += piece + "\u4e2d"
                started = time.perf_counter()
                store.update_message_content(message.id, text)
                timings.append(time.perf_counter() - started)
            timings.sort()
            print(
                f"{label}: {CALLS} calls, mean {statistics.mean(timings) * 1e3:.3f} ms, "
                f"median {timings[len(timings) // 2] * 1e3:.3f} ms, "
                f"p99 {timings[int(len(timings) * 0.99)] * 1e3:.3f} ms"
            )


if __name__ == "__main__":
    main()
