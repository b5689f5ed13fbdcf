"""A kill or Ctrl+C in the middle of `inkstone ask`, `translate` or `draft` keeps what was written."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from desktop_app.core.store import Store

ROOT = Path(__file__).resolve().parents[2]

# The real command line, with a slow scripted engine in place of llama.cpp.
SCRIPT = """
import sys
import time
import desktop_app.core.engine.llama as llama
from desktop_app.core.engine.fake import FakeEngine

class Slow(FakeEngine):
    def __init__(self):
        super().__init__(delay=0.01)
        for reply in range(1000):  # one reply per segment for translations, one long one for the rest
            self.enqueue([f"w{{i}} " for i in range(reply * 30, reply * 30 + (30 if reply else 100000))])

    def load(self, path, options=None):
        time.sleep(float({load_seconds!r}))
        return super().load(path) if options is None else super().load(path, options)

llama.LlamaEngine = Slow
from desktop_app.cli import main
sys.exit(main({argv!r}))
"""


def start(argv: list[str], load_seconds: float = 0.0) -> subprocess.Popen:
    script = textwrap.dedent(SCRIPT).format(argv=argv, load_seconds=load_seconds)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen([sys.executable, "-c", script], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)


def read_until(child: subprocess.Popen, words: int) -> str:
    """What the command printed once it printed `words` streamed words."""
    seen = ""
    deadline = time.monotonic() + 60
    while seen.count(" w") + seen.startswith("w") < words:
        assert time.monotonic() < deadline, seen
        char = child.stdout.read(1)
        assert char, f"the command ended early: {seen!r}"
        seen += char
    return seen


def messages(kind: str):
    with Store() as store:
        store.recover_interrupted()
        [conversation] = store.list_conversations(kind)
        return store.messages(conversation.id)


@pytest.fixture
def source_file(tmp_path: Path) -> Path:
    path = tmp_path / "notes.txt"
    path.write_text("The weather is fine today.\n" * 100, encoding="utf-8")
    return path


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGINT], ids=["kill", "ctrl-c"])
def test_a_translation_cut_short_keeps_what_was_printed(how, source_file: Path, starter_model_path: Path) -> None:
    child = start(["translate", "--to", "fr", "--from", "en", "--model", str(starter_model_path), str(source_file)])
    try:
        printed = read_until(child, 150)
        child.send_signal(how)
        child.wait(30)
    finally:
        child.kill()

    source, translation = messages("translation")
    assert source.content.endswith("The weather is fine today.\n" * 100)
    assert translation.status == ("stopped" if how == signal.SIGINT else "interrupted")
    kept = translation.content.split()
    assert len(kept) >= 100  # saved every half second while it streamed: 1.5 s printed, most of it kept
    same = min(len(kept), len(printed.split())) - 1  # the last word read may be cut
    assert printed.split()[:same] == kept[:same]


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGINT], ids=["kill", "ctrl-c"])
def test_a_draft_cut_short_keeps_what_was_printed(how, starter_model_path: Path) -> None:
    child = start(["draft", "--template", "article", "--field", "topic=Local models",
                   "--model", str(starter_model_path)])
    try:
        read_until(child, 150)
        child.send_signal(how)
        child.wait(30)
    finally:
        child.kill()

    request, text = messages("draft")
    assert request.content.startswith("[article]")
    assert len(text.content.split()) >= 100


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGINT], ids=["kill", "ctrl-c"])
def test_a_question_asked_while_the_model_loads_is_kept(how, starter_model_path: Path, data_dir: Path) -> None:
    child = start(["ask", "--model", str(starter_model_path), "What is the capital of France?"], load_seconds=30)
    try:
        deadline = time.monotonic() + 60
        while not _question_stored():
            assert child.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
        child.send_signal(how)
        child.wait(30)
    finally:
        child.kill()

    question, answer = messages("chat")
    assert question.content == "What is the capital of France?"
    assert answer.status == ("stopped" if how == signal.SIGINT else "interrupted")


def test_ctrl_c_during_an_answer_stores_it_as_stopped(starter_model_path: Path) -> None:
    child = start(["ask", "--model", str(starter_model_path), "Write forever"])
    try:
        read_until(child, 100)
        child.send_signal(signal.SIGINT)
        child.wait(30)
    finally:
        child.kill()

    _question, answer = messages("chat")
    assert answer.status == "stopped" and len(answer.content.split()) >= 50


def _question_stored() -> bool:
    """The question and the answer's placeholder are both in the store (the model is loading now)."""
    try:
        with Store() as store:
            conversations = store.list_conversations("chat")
            return bool(conversations) and len(store.messages(conversations[0].id)) == 2
    except Exception:  # the database is being created by the child at this very moment
        return False
