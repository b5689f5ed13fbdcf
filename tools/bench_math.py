"""What maths costs the chat view: typesetting, drawing, and a conversation or stream full of formulas.

Offscreen, no model. Prints, in milliseconds:
- first formula: loading ziamath and its maths font, once per process;
- typeset: one new formula, LaTeX -> SVG (math_typeset.typeset, not cached);
- draw: one formula SVG -> QImage at the view's size (math_images, not cached);
- answer cold / warm: MessageView.set_messages of an answer with N formulas, first time (typeset
  and drawn) and again with a new document (typeset and drawn ones reused);
- stream frame: the mean GUI-thread time per frame while that answer streams in 8-character
  pieces, against the same answer without maths.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/bench_math.py [--formulas 40]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def answer(formulas: int, maths: bool) -> str:
    parts = []
    for n in range(formulas):
        formula = f"$x_{{{n}}}^2 + \\frac{{{n}}}{{y+{n}}}$" if maths else f"`x_{n}^2 + {n}/(y+{n})`"
        parts.append(f"Step {n}: the value {formula} grows with {n}.\n")
        if n % 10 == 9:
            parts.append(f"\n$$\n\\sum_{{i=1}}^{{{n}}} i = \\frac{{{n}({n}+1)}}{{2}}\n$$\n\n" if maths else "\n")
    return "".join(parts)


def stream(view, text: str, app) -> float:
    """Mean time of one frame's work (append a piece, render the stream) while ``text`` streams."""
    view.clear_messages()
    view.begin_stream("bench")
    total, frames = 0.0, 0
    for i in range(0, len(text), 8):
        start = time.perf_counter()
        view.append_stream_text(text[i : i + 8])
        view._render_stream()
        view.document().documentLayout().documentSize()
        total += ms(start)
        frames += 1
    view.end_stream()
    return total / frames


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--formulas", type=int, default=40)
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv)
    from desktop_app.ui import math_images, math_typeset
    from desktop_app.ui.markdown_render import MathRef
    from desktop_app.ui.message_view import MessageView

    start = time.perf_counter()
    math_typeset.typeset("x", False)
    print(f"first formula (ziamath and its font): {ms(start):7.1f} ms")

    start = time.perf_counter()
    for n in range(20):
        math_typeset.typeset(f"\\int_0^{{{n}}} e^{{-x^2}}\\,dx = \\frac{{\\sqrt\\pi}}{{{n}+2}}", True)
    print(f"typeset, per formula:               {ms(start) / 20:7.1f} ms")

    view = MessageView()
    view.resize(760, 800)
    font, ratio = view.document().defaultFont(), view.devicePixelRatioF()
    start = time.perf_counter()
    for n in range(20):
        latex = f"\\int_0^{{{n}}} e^{{-x^2}}\\,dx = \\frac{{\\sqrt\\pi}}{{{n}+2}}"
        math_images.math_image(MathRef(f"$${latex}$$", latex, True, "#000000"), font, ratio)
    print(f"draw, per formula:                  {ms(start) / 20:7.1f} ms")

    text = answer(args.formulas, maths=True)
    for label in ("cold", "warm"):
        view.forget_rendered()
        start = time.perf_counter()
        view.set_messages([(1, "assistant", text)])
        view.document().documentLayout().documentSize()
        print(f"answer with {args.formulas} formulas, {label}:     {ms(start):7.1f} ms")
        view.document().clear()

    math_typeset.typeset.cache_clear()
    math_images._drawn.cache_clear()
    with_maths = stream(view, text, app)
    without = stream(view, answer(args.formulas, maths=False), app)
    print(f"stream frame, with maths:           {with_maths:7.2f} ms (without: {without:.2f} ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
