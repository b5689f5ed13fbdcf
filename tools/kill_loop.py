"""Kill `inkstone ask`, `translate` and `draft` at random moments, many times, and count what was lost.

Each run starts the real command line in a child process (with a slow scripted engine in place
of llama.cpp, so every run streams for as long as needed), reads what it prints, and kills it
with SIGKILL or SIGINT (Ctrl+C) after a random time. Then the store is opened as the next
start would open it, and the script counts: runs whose question or source text is missing,
the characters printed but not stored, the statuses the cut answers got, and the database's
integrity check. Target: nothing missing, at most half a second of text lost per kill, no
integrity failure.

    .venv/bin/python tools/kill_loop.py --runs 30
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CHILD = textwrap.dedent(
    """
    import sys
    import desktop_app.core.engine.llama as llama
    from desktop_app.core.engine.fake import FakeEngine

    class Slow(FakeEngine):
        def __init__(self):
            super().__init__(delay=0.01)
            for reply in range(1000):
                self.enqueue([f"w{{i}} " for i in range(reply * 40, reply * 40 + (40 if reply else 100000))])

    llama.LlamaEngine = Slow
    from desktop_app.cli import main
    sys.exit(main({argv!r}))
    """
)

WORDS_PER_SECOND = 100  # the scripted engine writes a word every 10 ms


def run_once(kind: str, model: Path, source: Path, data: Path, rng: random.Random) -> dict:
    argv = {
        "ask": ["ask", "--model", str(model), "Write forever"],
        "translate": ["translate", "--to", "fr", "--from", "en", "--model", str(model), str(source)],
        "draft": ["draft", "--template", "article", "--field", "topic=Local models", "--model", str(model)],
    }[kind]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1", "INKSTONE_DATA_DIR": str(data)}
    child = subprocess.Popen([sys.executable, "-c", CHILD.format(argv=argv)], env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL)
    how = rng.choice([signal.SIGKILL, signal.SIGINT])
    deadline = time.monotonic() + rng.uniform(1.0, 4.0)  # after start-up: a kill before it stores nothing to lose
    printed = bytearray()
    fd = child.stdout.fileno()
    os.set_blocking(fd, False)
    while time.monotonic() < deadline and child.poll() is None:
        try:
            printed += os.read(fd, 65536)
        except BlockingIOError:
            pass
        time.sleep(0.005)
    child.send_signal(how)
    child.wait(30)
    os.set_blocking(fd, True)
    printed += child.stdout.read()
    return {"kind": kind, "signal": signal.Signals(how).name, "printed": printed.decode("utf-8", "replace")}


def stored_text(data: Path, kind: str) -> tuple[str | None, str | None, str | None]:
    """(question or source, answer text, answer status) of the newest entry of that kind, as a restart sees it."""
    from desktop_app.core.store import Store

    previous = os.environ.get("INKSTONE_DATA_DIR")
    os.environ["INKSTONE_DATA_DIR"] = str(data)
    try:
        with Store() as store:
            store.recover_interrupted()
            conversations = store.list_conversations({"ask": "chat", "translate": "translation"}.get(kind, kind))
            if not conversations:
                return None, None, None
            messages = store.messages(conversations[0].id)
    finally:
        if previous is None:
            os.environ.pop("INKSTONE_DATA_DIR", None)
        else:
            os.environ["INKSTONE_DATA_DIR"] = previous
    user = next((m for m in messages if m.role == "user"), None)
    answer = next((m for m in messages if m.role == "assistant"), None)
    return (user.content if user else None, answer.content if answer else None, answer.status if answer else None)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=30, help="kills per command (default 30)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    from desktop_app.core.models.starter import starter_model_path

    model = starter_model_path()  # only its header is read: the scripted engine stands in for llama.cpp
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "notes.txt"
        source.write_text("The weather is fine today.\n" * 200, encoding="utf-8")
        for kind in ("ask", "translate", "draft"):
            missing, lost_words, statuses, integrity = 0, [], Counter(), Counter()
            for i in range(args.runs):
                data = Path(folder) / f"{kind}-{i}"
                run = run_once(kind, model, source, data, rng)
                question, answer, status = stored_text(data, kind)
                if question is None:
                    missing += 1
                    continue
                printed_words = run["printed"].split()
                stored_words = (answer or "").split()
                lost_words.append(max(0, len(printed_words) - len(stored_words)))
                statuses[f"{run['signal']}→{status}"] += 1
                with sqlite3.connect(data / "inkstone.sqlite3") as db:
                    integrity[db.execute("PRAGMA integrity_check").fetchone()[0]] += 1
            lost_seconds = [w / WORDS_PER_SECOND for w in lost_words] or [0.0]
            print(f"{kind:9} runs {args.runs}: entries missing {missing}; text lost per kill: median "
                  f"{statistics.median(lost_seconds):.2f} s, worst {max(lost_seconds):.2f} s "
                  f"({max(lost_words, default=0)} words); statuses {dict(statuses)}; integrity {dict(integrity)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
