"""How long Markdown takes to show and export on pathological input, and on ordinary prose.

Offscreen, no model. For each input shape, at two sizes (the second 4x the first; the default
big size is the 146 KB of the reported freeze), prints the time of:
- chat: render_markdown, the chat view's Markdown to HTML;
- chat view: the same plus what the window does next: QTextDocument.setHtml and the layout;
- html, docx: the Draft exports (markdown_to_html, markdown_to_docx);
- pdf: the PDF export (markdown_to_html, then Qt lays it out and prints it);
and the ratio big/small: about 4 means linear, 16 quadratic. A measurement still running
after --limit seconds is cut short where Python code runs (shown as ">limit"); time spent
inside Qt cannot be interrupted and is shown in full.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/bench_markdown_pathological.py
    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/bench_markdown_pathological.py emphasis --renderers chat,chat-view
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtGui import QTextDocument  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop_app.core.writing.export import markdown_to_docx, markdown_to_html  # noqa: E402
from desktop_app.ui.markdown_render import render_markdown  # noqa: E402
from desktop_app.ui.writing.pdf_export import write_pdf  # noqa: E402

PARAGRAPH = "Some *plain* prose with a [link](https://example.com) and `code`, as a model writes it. " * 6
ORDINARY = "## A heading\n\n" + (PARAGRAPH + "\n\n") * 3 + "- a point\n- another **point**\n\n"
# name -> text of about n characters (shapes after cmark's test/pathological_tests.py, plus Inkstone's own)
SHAPES: dict[str, Callable[[int], str]] = {
    "nested strong emphasis": lambda n: "*a **a " * (n // 14) + "b" + " a** a*" * (n // 14),
    "emphasis closers, no openers": lambda n: "a_ " * (n // 3),
    "emphasis openers, no closers": lambda n: "_a " * (n // 3),
    "openers and closers, multiple of 3": lambda n: "a**b" * (n // 8) + "c* " * (n // 6),
    "link openers and emphasis closers": lambda n: "[ a_" * (n // 4),
    "mismatched openers and closers": lambda n: "*a_ " * (n // 4),
    "asterisks, no spaces": lambda n: "*" * n,
    "emphasis run a*": lambda n: "a*" * (n // 2),
    "nested brackets": lambda n: "[" * (n // 2) + "a" + "]" * (n // 2),
    "unclosed links": lambda n: "[a](<b" * (n // 6),
    "unclosed link destinations": lambda n: "[a](b" * (n // 5),
    "backticks, growing runs": lambda n: "".join("e" + "`" * i for i in range(1, int((2 * n) ** 0.5))),
    "unclosed angle brackets": lambda n: "<" * n,
    "strikethrough tildes": lambda n: "~~a" * (n // 3),
    "nested block quotes": lambda n: "> " * (n // 2) + "a",
    "nested lists": lambda n: "".join("  " * i + "- a\n" for i in range(int(n ** 0.5))),
    "table with many columns": lambda n: "|a" * (n // 4) + "|\n" + "|-" * (n // 4) + "|\n",
    "table with many rows": lambda n: "a|b\n-|-\n" + "x|y\n" * (n // 4),
    "web-address-like dots (linkify)": lambda n: "a." * (n // 2),
    "many www. (linkify)": lambda n: "www." * (n // 4),
    "entities": lambda n: "&#" * (n // 2),
    "backslashes": lambda n: "\\" * n,
    "ordinary answer (baseline)": lambda n: (ORDINARY * (n // len(ORDINARY) + 1))[:n],
}
VIEW_WIDTH = 700  # pixels, about a chat bubble


def show_in_view(text: str) -> None:
    document = QTextDocument()
    document.setHtml(render_markdown(text))
    document.setTextWidth(VIEW_WIDTH)
    document.size()  # forces the layout


def export_pdf(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        write_pdf(markdown_to_html(text), Path(folder) / "bench.pdf")


RENDERERS: dict[str, Callable[[str], object]] = {
    "chat": lambda text: render_markdown(text),
    "chat-view": show_in_view,
    "html": markdown_to_html,
    "docx": markdown_to_docx,
    "pdf": export_pdf,
}


class TooLong(Exception):
    pass


def timed(render: Callable[[str], object], text: str, limit: int) -> float | None:
    """Seconds taken, or None when cut short after limit seconds."""

    def stop(signum, frame):
        raise TooLong

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(limit)
    started = time.perf_counter()
    try:
        render(text)
        return time.perf_counter() - started
    except TooLong:
        return None
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def shown(seconds: float | None, limit: int) -> str:
    return f">{limit} s".rjust(10) if seconds is None else f"{seconds * 1000:7.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("filter", nargs="?", default="", help="only shapes whose name contains this")
    parser.add_argument("--size", type=int, default=36_500, help="the small size in characters (big = 4x)")
    parser.add_argument("--renderers", default=",".join(RENDERERS), help="comma-separated: " + ", ".join(RENDERERS))
    parser.add_argument("--limit", type=int, default=60, help="seconds before a measurement is cut short")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])  # noqa: F841 - Qt needs it for fonts and PDF
    small, big = args.size, 4 * args.size
    print(f"{'input shape':38} {'renderer':9} {small // 1000:>7} KB {big // 1000:>7} KB  ratio")
    for name, make in SHAPES.items():
        if args.filter not in name:
            continue
        for renderer in args.renderers.split(","):
            render = RENDERERS[renderer]
            first = timed(render, make(small), args.limit)
            second = timed(render, make(big), args.limit) if first is not None else None
            ratio = f"{second / max(first, 1e-6):5.1f}" if first is not None and second is not None else "    -"
            print(f"{name:38} {renderer:9} {shown(first, args.limit)} {shown(second, args.limit)}  {ratio}", flush=True)


if __name__ == "__main__":
    main()
