"""`inkstone bench --window`: the real main window, offscreen, on the real model; one table of figures.

Builds a store of 10,000 conversations and 1,000,000 messages (one of them 200 messages of
Markdown with code) in a temporary data folder, opens the window on it as `inkstone` does,
and measures what a user feels: launch, opening a long chat, streaming into it (against
bare llama-cpp-python on the same prompt, in the same run), first-token times over a chat
that outgrows the context window and when switching between chats, and Stop.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Callable

from desktop_app.ui.window_bench.figures import Figure

__all__ = ["Figure", "run_window_bench"]


def run_window_bench(model_path: Path | None, *, messages: int = 1_000_000, conversations: int = 10_000,
                     progress: Callable[[str], None] = print) -> list[Figure]:
    """Run every measurement; `progress` hears what runs now. The data folder is temporary."""
    with tempfile.TemporaryDirectory(prefix="inkstone-bench-") as folder:
        previous = os.environ.get("INKSTONE_DATA_DIR")
        os.environ["INKSTONE_DATA_DIR"] = folder
        try:
            return _run(Path(folder), model_path, messages, conversations, progress)
        finally:
            if previous is None:
                os.environ.pop("INKSTONE_DATA_DIR", None)
            else:
                os.environ["INKSTONE_DATA_DIR"] = previous


def _run(folder: Path, model_path: Path | None, messages: int, conversations: int,
         progress: Callable[[str], None]) -> list[Figure]:
    from PySide6.QtWidgets import QApplication

    from desktop_app.app import build_main_window
    from desktop_app.core.paths import database_path
    from desktop_app.core.store.synthetic import build_synthetic_store
    from desktop_app.ui.window_bench import measures
    from desktop_app.ui.window_bench.driver import BenchEngine, wait_for

    app = QApplication.instance() or QApplication([])
    progress(f"building a store of {conversations:,} conversations and {messages:,} messages…")
    synthetic = build_synthetic_store(database_path(), conversations, messages, long_messages=200)
    figures = measures.store_figures(synthetic.path, synthetic.long_conversation_id, messages)
    progress("launching the window in a new process…")
    figures += measures.launch_figure(folder)

    engine = BenchEngine()
    window, services = build_main_window(engine)
    try:
        window.resize(1280, 800)
        window.show()
        loaded: list[object] = []
        window.modelReady.connect(loaded.append)
        window.start(str(model_path) if model_path else None)
        wait_for(lambda: bool(loaded) or not window.progress.isVisible())
        if not loaded:
            raise RuntimeError("the model did not load: " + window.chat_page.banner.text())
        progress("opening the long conversation…")
        figures += measures.open_conversation_figures(window, synthetic.long_conversation_id)
        progress("streaming into it, against bare llama-cpp-python…")
        figures += measures.streaming_figures(window, engine, synthetic.long_conversation_id)
        progress("a 30-turn chat that outgrows the context window…")
        figures += measures.overflow_figures(window, engine)
        progress("switching between four chats, and a translation in between…")
        others = [synthetic.long_conversation_id - i for i in range(1, 5)]
        figures += measures.switching_figures(window, engine, others)
        progress("Stop while a long prompt is read, and while the answer streams…")
        figures += measures.stop_figures(window, engine)
    finally:
        window.close()
        services.close()
    del app
    return figures
