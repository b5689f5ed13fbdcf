"""The GUI thread and a streaming worker use one Store at the same time."""

from __future__ import annotations

import threading
from pathlib import Path

from desktop_app.core.store import Store

UPDATES = 300


def test_worker_streaming_while_another_thread_reads_and_writes(tmp_path: Path) -> None:
    with Store(tmp_path / "store.sqlite3") as store:
        conversation = store.create_conversation()
        answer = store.add_message(conversation.id, "assistant", "", status="streaming")
        errors: list[BaseException] = []
        start = threading.Barrier(2)
        worker_done = threading.Event()

        def worker() -> None:
            try:
                start.wait()
                for count in range(1, UPDATES + 1):
                    store.update_message_content(answer.id, "x" * count)
                store.finish_message(answer.id, "x" * UPDATES, "complete", generated_tokens=UPDATES)
            except BaseException as exc:  # reported below, in the test's thread
                errors.append(exc)
            finally:
                worker_done.set()

        thread = threading.Thread(target=worker)
        thread.start()
        start.wait()
        reads = 0
        try:
            while not worker_done.is_set() or reads < 20:
                store.list_conversations()
                lengths = [len(m.content) for m in store.messages(conversation.id) if m.id == answer.id]
                assert lengths and 0 <= lengths[0] <= UPDATES
                if reads % 5 == 0:
                    store.add_message(conversation.id, "user", f"typed while streaming {reads}")
                    store.rename_conversation(conversation.id, f"title {reads}")
                reads += 1
        finally:
            thread.join()

        assert errors == []
        final = {m.id: m for m in store.messages(conversation.id)}[answer.id]
        assert (final.content, final.status) == ("x" * UPDATES, "complete")
