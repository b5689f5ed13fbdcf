"""A process killed mid-stream leaves a sound database holding the last saved text."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

from desktop_app.core.store import Store

REPO_ROOT = Path(__file__).resolve().parents[3]

STREAMING_WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from desktop_app.core.store import Store

    store = Store(Path(sys.argv[1]))
    conversation = store.create_conversation("doomed stream")
    message = store.add_message(conversation.id, "assistant", "", status="streaming")
    print(f"started {conversation.id} {message.id}", flush=True)
    count = 0
    while True:
        count += 1
        store.update_message_content(message.id, f"saved {count}")
        print(count, flush=True)
    """
)


def test_killed_writer_leaves_last_committed_text_and_it_is_recovered(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-c", STREAMING_WRITER, str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        header = child.stdout.readline()
        assert header.startswith("started "), child.stderr.read()
        conversation_id, message_id = (int(part) for part in header.split()[1:])
        for _ in range(50):  # wait until it is well into writing
            assert child.stdout.readline(), child.stderr.read()
    finally:
        child.kill()  # SIGKILL on POSIX: no cleanup, no checkpoint
        # Not communicate(): it reads the pipe itself and would lose the lines readline() has buffered.
        rest = child.stdout.read()
        child.stderr.read()
        child.wait()
    printed = [int(line) for line in rest.splitlines(keepends=True) if line.endswith("\n")]
    last_reported = printed[-1] if printed else 50

    assert Path(f"{path}-wal").exists()  # killed before it could fold the log back in
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        connection.close()

    with Store(path) as store:
        recovered = store.recover_interrupted()
        [message] = [m for m in store.messages(conversation_id) if m.id == message_id]

    saved = int(message.content.removeprefix("saved "))
    # Everything it reported is on disk; at most one more commit was made before it could say so.
    assert last_reported <= saved <= last_reported + 1
    assert recovered == 1
    assert message.status == "interrupted"
