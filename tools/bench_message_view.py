"""How MessageView scales: showing a long conversation, and streaming a long answer into it.

Offscreen, no model. Prints:
- set_messages of a conversation, first time (renders Markdown) and again (cached);
- streaming an answer token by token, the GUI thread's cost per streamed batch (append, the
  render when the view's timer is due, and the layout/paint event processing that follows),
  sampled at about 250, 1,000, 4,000 and 16,000 tokens, into an empty conversation and into
  a long one. Flat rows mean the cost of a batch grows neither with the answer nor the chat.

Costs are the GUI thread's CPU time (time.thread_time), so other processes on the machine do
not blur them. Time is simulated, so runs are comparable: batches
arrive at --tokens-per-second (one token each: the worker batches every 30 ms), and the view
renders when its own timer would fire (its interval is read back after each render, so a
view that backs off is measured backing off).

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/bench_message_view.py
    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/bench_message_view.py --before /work/main

--before runs the same measurement on another checkout's desktop_app (read only) and prints
both side by side. --shape code streams one long code block instead of a mixed answer.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

SAMPLES = (250, 1_000, 4_000, 16_000)  # answer length, in tokens, where the cost is sampled
SAMPLE_SPAN = 250  # batches averaged for each sample (one cycle of the mixed answer)

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


def mixed_section(i: int) -> str:
    """About 110 tokens of what answers hold: a heading, prose, a list, code, a table, Chinese."""
    return (
        f"### Part {i}\n\nSome prose about part {i}, with **bold**, `code` and a [link](https://example.com/{i}). "
        f"It goes on for a sentence or two, as explanations do, before the details.\n\n"
        f"- first point of part {i}\n- second point, *emphasised*\n- third point\n\n"
        f"```python\nfor n in range({i}):\n    total += n * n  # square\nprint(total)\n```\n\n"
        f"| step | cost |\n|---|--:|\n| read | {i} |\n| parse | {2 * i} |\n\n"
        f"这是第{i}部分的说明，内容比较简短。\n\n"
    )


def code_block(lines: int) -> str:
    body = "".join(f"    result_{i} = transform(items[{i}], scale={i % 7})  # step {i}\n" for i in range(lines))
    return "Here is the whole module:\n\n```python\ndef run(items):\n" + body + "```\n"


def answer_pieces(tokens: int, shape: str) -> list[str]:
    """An answer of about ``tokens`` tokens, cut into token-sized pieces (4 characters)."""
    if shape == "code":
        text = code_block(tokens * 4 // 50)
    else:
        sections: list[str] = []
        while sum(map(len, sections)) < tokens * 4:
            sections.append(mixed_section(len(sections)))
        text = "".join(sections)
    text = text[: tokens * 4]
    return [text[i : i + 4] for i in range(0, len(text), 4)]


def stream(app, view, pieces: list[str], tokens_per_second: float) -> dict[str, list[float]]:
    """Stream pieces on a simulated clock; per-batch and per-render costs in milliseconds."""
    view.begin_stream("bench-answer")
    app.processEvents()
    timer = view._timer
    per_batch: list[float] = []
    renders: list[tuple[int, float]] = []
    due: float | None = None  # simulated time at which the view's timer fires
    for i, piece in enumerate(pieces):
        now = i / tokens_per_second
        start = time.thread_time()
        while due is not None and due <= now:
            render_start = time.thread_time()
            view._render_stream()
            renders.append((i, (time.thread_time() - render_start) * 1000))
            due = due + timer.interval() / 1000 if timer.isActive() else None  # re-armed: more to do
            timer.stop()
        view.append_stream_text(piece)
        if due is None and timer.isActive():
            due = now + timer.interval() / 1000
        timer.stop()  # the simulated clock fires it, not the real one
        app.processEvents()
        per_batch.append((time.thread_time() - start) * 1000)
    end_start = time.thread_time()
    view.end_stream()
    app.processEvents()
    end_ms = (time.thread_time() - end_start) * 1000
    result: dict[str, list[float]] = {"end_stream": [end_ms]}
    for sample in SAMPLES:
        if sample > len(pieces):
            continue
        first = max(0, sample - SAMPLE_SPAN)
        batch = per_batch[first:sample]
        rendered = [ms for at, ms in renders if first <= at < sample]
        result[str(sample)] = [
            statistics.fmean(batch),
            max(batch),
            statistics.fmean(rendered) if rendered else 0.0,
            max(rendered) if rendered else 0.0,
            len(rendered),
        ]
    return result


def measure(args: argparse.Namespace) -> dict[str, object]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(Path(args.code_root).resolve()))
    from PySide6.QtWidgets import QApplication

    from desktop_app.ui.message_view import MessageView

    app = QApplication.instance() or QApplication(sys.argv)
    long_chat = conversation(args.messages)
    pieces = answer_pieces(args.tokens, args.shape)

    view = MessageView()
    view.resize(900, 700)
    view.show()
    app.processEvents()
    start = time.thread_time()
    view.set_messages(long_chat)
    app.processEvents()
    first = (time.thread_time() - start) * 1000
    view.set_messages([("other", "user", "another chat")])
    start = time.thread_time()
    view.set_messages(long_chat)
    app.processEvents()
    cached = (time.thread_time() - start) * 1000

    empty = MessageView()
    empty.resize(900, 700)
    empty.show()
    app.processEvents()
    return {
        "set_messages": [first, cached],
        "answer_chars": sum(map(len, pieces)),
        "empty": stream(app, empty, pieces, args.tokens_per_second),
        "long": stream(app, view, pieces, args.tokens_per_second),
    }


def print_report(args: argparse.Namespace, runs: dict[str, dict]) -> None:
    names = list(runs)
    print(f"conversation: {args.messages} messages; answer: {args.tokens:,} tokens of {args.shape} "
          f"at {args.tokens_per_second:g} tokens/s, one token per batch")
    for name in names:
        first, cached = runs[name]["set_messages"]
        print(f"[{name}] set_messages: first {first:.1f} ms, cached {cached:.1f} ms")
    print("\nGUI-thread ms per streamed batch (append + render when due + layout/paint), "
          f"mean and max over the {SAMPLE_SPAN} batches up to each length")
    columns = [(name, chat) for chat in ("empty", "long") for name in names]
    titles = [f"{name} empty" if chat == "empty" else f"{name} {args.messages} msgs" for name, chat in columns]
    header = "".join(f"{title:>24}" for title in titles)
    print(f"{'tokens':>8}{header}")
    for sample in SAMPLES:
        row = ""
        for name, chat in columns:
            figures = runs[name][chat].get(str(sample))
            row += f"{'' if figures is None else f'{figures[0]:8.2f} / {figures[1]:7.2f}':>24}"
        print(f"{sample:>8}{row}")
    print("\nms per render (mean / max) and renders, over the same batches")
    print(f"{'tokens':>8}{header}")
    for sample in SAMPLES:
        row = ""
        for name, chat in columns:
            figures = runs[name][chat].get(str(sample))
            row += f"{'' if figures is None else f'{figures[2]:6.2f} / {figures[3]:6.2f} ({int(figures[4])})':>24}"
        print(f"{sample:>8}{row}")
    row = "".join(f"{runs[name][chat]['end_stream'][0]:24.1f}" for name, chat in columns)
    print(f"\n{'end_stream (one full render), ms':<32}\n{'':>8}{row}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=200)
    parser.add_argument("--tokens", type=int, default=16_000)
    parser.add_argument("--tokens-per-second", type=float, default=35.0)
    parser.add_argument("--shape", choices=("mixed", "code"), default="mixed")
    parser.add_argument("--code-root", default=str(Path(__file__).resolve().parents[1]), help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--before", help="another checkout to measure the same way, e.g. /work/main")
    args = parser.parse_args()

    if args.json:
        print(json.dumps(measure(args)))
        return
    runs: dict[str, dict] = {}
    if args.before:
        command = [
            *(sys.executable, __file__, "--json", "--code-root", args.before, "--shape", args.shape),
            *("--messages", str(args.messages), "--tokens", str(args.tokens)),
            *("--tokens-per-second", str(args.tokens_per_second)),
        ]
        runs["before"] = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
    runs["after" if args.before else "this"] = measure(args)
    print_report(args, runs)


if __name__ == "__main__":
    main()
