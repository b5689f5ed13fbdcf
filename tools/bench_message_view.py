"""How MessageView scales: showing a long conversation, and streaming into it.

Offscreen, no model. Prints:
- set_messages of a 500-message conversation, first time (renders Markdown) and again (cached);
- streaming a 2,000-piece answer, per piece: append_stream_text plus the timer's re-render
  plus the event processing (layout, paint) that follows, into an empty conversation and
  into the 500-message one. A ratio near 1 means a token's cost does not grow with the chat.

The timer's re-render is driven by piece count, not wall clock, so runs are comparable:
at --tokens-per-second 35 and an 80 ms timer, one render every 3 pieces.

    QT_QPA_PLATFORM=offscreen /work/venv/bin/python tools/bench_message_view.py
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop_app.ui import message_view  # noqa: E402
from desktop_app.ui.message_view import MessageView  # noqa: E402

ASSISTANT_SHAPES = [
    "Sure. Here is **the idea** in short, with `inline code` and a [link](https://example.com).\n\n"
    "1. Read the file.\n2. Parse it.\n3. Write the result.",
    "```python\ndef load(path: str) -> list[str]:\n    with open(path, encoding='utf-8') as f:\n"
    "        return [line.rstrip() for line in f]  # keep order\n```\n\nThat returns the lines.",
    "| name | size | note |\n|:--|--:|:-:|\n| alpha | 12 | ok |\n| beta | 3 | 中文 |\n| gamma | 7 | - |\n\n"
    "> Sizes are in KB.",
    "这是一个中文回答。我们先看第一部分，然后再讨论第二部分。\n\n- 第一点：简单。\n- 第二点：**重要**。\n\n"
    "最后的总结写在这里。",
    "## Summary\n\nA plain paragraph that goes on for a while so that the line wraps at least once "
    "in a window of ordinary width, as answers usually do.",
]


def conversation(count: int) -> list[tuple[object, str, str]]:
    messages: list[tuple[object, str, str]] = []
    for i in range(count):
        if i % 2 == 0:
            messages.append((i, "user", f"Question {i}: how would you do step {i}?\nWith an example, please."))
        else:
            shape = ASSISTANT_SHAPES[(i // 2) % len(ASSISTANT_SHAPES)]
            messages.append((i, "assistant", f"Answer {i}. {shape}"))
    return messages


def answer_pieces(count: int) -> list[str]:
    """A long Markdown answer (prose, code, a table, Chinese) cut into `count` token-sized pieces."""
    parts = []
    for i in range(80):  # about 8,000 characters: roughly 2,000 tokens of English
        parts.append(f"### Part {i}\n\nSome prose about part {i}, with **bold** and `code`. 这是第{i}部分的说明。")
        if i % 4 == 0:
            parts.append(f"```python\nfor n in range({i}):\n    print(n * n)  # square\n```")
        if i % 7 == 0:
            parts.append("| a | b |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |")
    text = "\n\n".join(parts)
    cuts = [len(text) * i // count for i in range(count + 1)]
    return [text[a:b] for a, b in zip(cuts, cuts[1:])]


def timed(app: QApplication, action) -> float:
    start = time.perf_counter()
    action()
    app.processEvents()
    return time.perf_counter() - start


def stream(app: QApplication, view: MessageView, pieces: list[str], render_every: int) -> dict[str, float]:
    """Stream pieces; returns per-piece and per-render figures in milliseconds."""
    view.begin_stream("bench-answer")
    app.processEvents()
    per_piece: list[float] = []
    renders: list[float] = []
    for i, piece in enumerate(pieces, start=1):
        start = time.perf_counter()
        view.append_stream_text(piece)
        if i % render_every == 0:
            render_start = time.perf_counter()
            view._render_stream()  # what the timer does, driven by piece count for comparable runs
            renders.append(time.perf_counter() - render_start)
        app.processEvents()
        per_piece.append(time.perf_counter() - start)
    end = timed(app, view.end_stream)
    tenth = max(1, len(per_piece) // 10)
    ms = 1000.0
    return {
        "piece_mean": statistics.fmean(per_piece) * ms,
        "piece_first_10pct": statistics.fmean(per_piece[:tenth]) * ms,
        "piece_last_10pct": statistics.fmean(per_piece[-tenth:]) * ms,
        "render_mean": statistics.fmean(renders) * ms,
        "render_max": max(renders) * ms,
        "renders": len(renders),
        "total": sum(per_piece) * ms,
        "end_stream": end * ms,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=500)
    parser.add_argument("--pieces", type=int, default=2000)
    parser.add_argument("--tokens-per-second", type=float, default=35.0)
    args = parser.parse_args()

    app = QApplication.instance() or QApplication(sys.argv)
    render_every = max(1, round(args.tokens_per_second * message_view.RENDER_INTERVAL_MS / 1000))
    long_chat = conversation(args.messages)
    pieces = answer_pieces(args.pieces)

    view = MessageView()
    view.resize(900, 700)
    view.show()
    app.processEvents()

    first = timed(app, lambda: view.set_messages(long_chat))
    timed(app, lambda: view.set_messages([("other", "user", "another chat")]))
    second = timed(app, lambda: view.set_messages(long_chat))
    chars = sum(len(text) for _, _, text in long_chat)
    print(f"conversation: {args.messages} messages, {chars:,} characters")
    print(f"set_messages first time : {first * 1000:8.1f} ms (renders Markdown, then setHtml + layout)")
    print(f"set_messages cached     : {second * 1000:8.1f} ms (setHtml + layout only)")

    answer_chars = sum(map(len, pieces))
    print(f"\nstreaming {len(pieces)} pieces ({answer_chars:,} characters), one re-render every {render_every} pieces")
    empty = MessageView()
    empty.resize(900, 700)
    empty.show()
    app.processEvents()
    into_empty = stream(app, empty, pieces, render_every)
    into_long = stream(app, view, pieces, render_every)

    rows = [
        ("per piece, mean", "piece_mean"),
        ("per piece, first 10%", "piece_first_10pct"),
        ("per piece, last 10%", "piece_last_10pct"),
        ("re-render, mean", "render_mean"),
        ("re-render, max", "render_max"),
        ("end_stream", "end_stream"),
        ("whole answer", "total"),
    ]
    print(f"{'ms':24}{'empty chat':>12}{f'{args.messages} msgs':>12}{'ratio':>8}")
    for label, key in rows:
        a, b = into_empty[key], into_long[key]
        print(f"{label:24}{a:12.3f}{b:12.3f}{b / a:8.2f}")
    print(f"{'re-renders':24}{into_empty['renders']:12d}{into_long['renders']:12d}")


if __name__ == "__main__":
    main()
