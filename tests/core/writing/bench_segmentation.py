"""Prints how long segmenting a 200-page document takes with the starter model's tokenizer.

Run: python -m tests.core.writing.bench_segmentation   (not collected by pytest)
"""

from __future__ import annotations

import time

from desktop_app.core.engine.base import LoadOptions
from desktop_app.core.engine.llama import LlamaEngine
from desktop_app.core.models.starter import starter_model_path
from desktop_app.core.writing.segmentation import join_segments, segment_text

PARAGRAPHS = [
    "The committee met on Tuesday to review the budget. Dr. Smith presented the figures for 2024, "
    "which showed a 3.5% increase in costs. Several members asked about the new building! Was it "
    "really necessary? The chair said the decision would be taken in March.",
    "大型语言模型可以翻译文本，也可以回答问题。它们需要大量的数据和计算资源。研究人员正在努力降低成本！",
]


def main() -> None:
    engine = LlamaEngine()
    engine.load(starter_model_path(), LoadOptions(n_ctx=2048))
    english = "\n\n".join(PARAGRAPHS[0] for _ in range(2400))  # about 100k words
    chinese = "\n\n".join(PARAGRAPHS[1] for _ in range(3000))  # about 150k characters
    one_paragraph = " ".join(PARAGRAPHS[0] for _ in range(400))  # a single 17k-word paragraph
    for name, text in (("english 200 pages", english), ("chinese", chinese), ("one huge paragraph", one_paragraph)):
        for budget, single in ((400, False), (80, True)):
            calls = 0

            def counting(piece: str) -> int:
                nonlocal calls
                calls += 1
                return engine.count_tokens(piece)

            start = time.perf_counter()
            segments = segment_text(text, counting, budget, single_lines=single)
            seconds = time.perf_counter() - start
            assert join_segments(segments, [s.text for s in segments]) == text
            print(f"{name:20} {len(text.split()):>7} words {len(text):>8} chars  budget {budget:>3}: "
                  f"{len(segments):>6} segments, {calls:>6} token counts, {seconds:.2f} s")
    engine.unload()


if __name__ == "__main__":
    main()
