"""What the conversation sidebar costs the GUI thread, with few and with many conversations.

Offscreen, no model. For each size (default 10 and 10,000 conversations, in a synthetic store) prints:
- open: build the sidebar on the store, load its first page, show it and paint (the window's start);
- send: what ChatPage does to the sidebar when a message is sent in a conversation further down
  the list: read the conversation, move its row to the top, keep it selected, then repaint;
- finish: the same when the answer ends (the row is already at the top: it changes in place).
The store's own writes (the message itself) are not counted: they are the same as before.
Target: the same cost for 10 and for 10,000. What a send repaints is the visible rows (a 700 px
list shows about 30), so 10 conversations, fewer than a screenful, cost a little less than 100;
from a screenful on, the cost no longer grows.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/bench_sidebar.py [--sizes 10 100 10000]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import qInstallMessageHandler  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop_app.core.store import Store  # noqa: E402
from desktop_app.core.store.synthetic import build_synthetic_store  # noqa: E402
from desktop_app.ui.conversation_list_model import ConversationListModel  # noqa: E402
from desktop_app.ui.conversation_sidebar import ConversationSidebar  # noqa: E402


def open_sidebar(app: QApplication, store: Store) -> ConversationSidebar:
    sidebar = ConversationSidebar(ConversationListModel(store))
    sidebar.resize(260, 700)
    sidebar.reload(None)
    sidebar.show()
    app.processEvents()
    return sidebar


def close(app: QApplication, sidebar: ConversationSidebar) -> None:
    sidebar.close()
    sidebar.deleteLater()
    app.processEvents()


def activity(app: QApplication, store: Store, sidebar: ConversationSidebar, conversation_id: int) -> float:
    """ChatPage._list_activity plus the repaint that follows, in milliseconds."""
    start = time.perf_counter()
    record = store.get_conversation(conversation_id)
    sidebar.upsert(record)
    sidebar.select(conversation_id)
    app.processEvents()
    return (time.perf_counter() - start) * 1000


def measure(app: QApplication, sizes: list[int], repeat: int, folder: Path) -> dict[int, dict[str, list[float]]]:
    """Round-robin over the sizes, so that a busy machine slows every size alike."""
    stores = {}
    for size in sizes:
        path = folder / f"sidebar-{size}.sqlite3"
        build_synthetic_store(path, conversations=size, messages=size * 2, long_messages=2)
        stores[size] = Store(path)
    figures: dict[int, dict[str, list[float]]] = {size: {"open": [], "send": [], "finish": []} for size in sizes}
    try:
        for _ in range(max(5, repeat // 10)):
            for size in sizes:
                start = time.perf_counter()
                sidebar = open_sidebar(app, stores[size])
                figures[size]["open"].append((time.perf_counter() - start) * 1000)
                close(app, sidebar)

        sidebars = {size: open_sidebar(app, stores[size]) for size in sizes}
        rng = random.Random(1)
        for _ in range(repeat):
            for size in sizes:
                store, sidebar = stores[size], sidebars[size]
                # A conversation the user can see, not the top one (rows that are section headers have none).
                row = rng.randrange(2, min(sidebar.model.rowCount(), 30))
                while sidebar.model.conversation_id(row) is None:
                    row += 1
                conversation_id = sidebar.model.conversation_id(row)
                sidebar.select(conversation_id)  # the user picked it
                app.processEvents()
                store.add_message(conversation_id, "user", "a new question")  # ChatService, not the sidebar
                figures[size]["send"].append(activity(app, store, sidebar, conversation_id))
                store.add_message(conversation_id, "assistant", "the answer")
                figures[size]["finish"].append(activity(app, store, sidebar, conversation_id))
        for size, sidebar in sidebars.items():
            print(f"  {size:,} conversations: {sidebar.model.rowCount()} rows loaded after {repeat} sends")
            close(app, sidebar)
    finally:
        for store in stores.values():
            store.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 10_000])
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv)
    # The offscreen platform warns about size hints on every window; say it once, not per run.
    qInstallMessageHandler(lambda _kind, _context, message: None if "propagateSizeHints" in message else print(message))

    with tempfile.TemporaryDirectory() as folder:
        results = measure(app, args.sizes, args.repeat, Path(folder))

    header = "".join(f"{f'{size:,} conversations':>24}" for size in args.sizes)
    print(f"\n{'GUI thread, ms':26}{header}")
    print(f"{'':26}" + "".join(f"{'min':>8}{'median':>8}{'p95':>8}" for _ in args.sizes))
    for key, label in (("open", "open the sidebar"), ("send", "send (row moves to top)"), ("finish", "finish (row in place)")):
        cells = []
        for size in args.sizes:
            runs = sorted(results[size][key])
            cells.append(f"{runs[0]:8.2f}{statistics.median(runs):8.2f}{runs[int(len(runs) * 0.95)]:8.2f}")
        print(f"{label:26}" + "".join(cells))


if __name__ == "__main__":
    main()
