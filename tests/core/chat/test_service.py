"""ChatService: the user's words are stored at once, the answer while it streams."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from desktop_app.core import stream_saver
from desktop_app.core.chat import ChatService
from desktop_app.core.engine import GenerationParams
from desktop_app.core.engine.fake import FakeEngine
from desktop_app.core.errors import EngineError, InkstoneError
from desktop_app.core.store import Store


@pytest.fixture
def store(data_dir: Path):
    with Store() as store:
        yield store


@pytest.fixture
def engine(starter_model_path: Path) -> FakeEngine:
    engine = FakeEngine()
    engine.load(starter_model_path)
    return engine


def test_the_user_message_is_stored_before_the_model_runs(store: Store) -> None:
    turn = ChatService(store).start_turn(None, "  Hello there  ", "fake")

    [conversation] = store.list_conversations()
    assert conversation.id == turn.conversation_id
    assert conversation.title == "Hello there"
    assert [(m.role, m.content, m.status) for m in store.messages(conversation.id)] == [
        ("user", "Hello there", "complete"),
        ("assistant", "", "streaming"),
    ]


def test_an_empty_message_is_refused(store: Store) -> None:
    with pytest.raises(InkstoneError):
        ChatService(store).start_turn(None, " \n ", "fake")
    assert store.list_conversations() == []


def test_the_answer_is_saved_while_it_streams(store: Store, engine: FakeEngine, monkeypatch) -> None:
    monkeypatch.setattr(stream_saver, "SAVE_INTERVAL_SECONDS", 0.0)
    chat = ChatService(store)
    turn = chat.start_turn(None, "Count", "fake")
    engine.enqueue(["one", " two", " three"])
    seen_in_store: list[str] = []

    def on_text(piece: str) -> None:
        seen_in_store.append(store.messages(turn.conversation_id)[-1].content)

    result = chat.run_turn(turn, engine, GenerationParams(), on_text)

    assert seen_in_store == ["one", "one two", "one two three"]
    assert result.message.content == "one two three" and result.message.status == "complete"
    assert result.message.generated_tokens == 3


def test_stop_keeps_the_partial_answer_as_stopped(store: Store, engine: FakeEngine) -> None:
    chat = ChatService(store)
    turn = chat.start_turn(None, "Go on", "fake")
    engine.enqueue(["a", "b", "c", "d", "e"])
    cancel = threading.Event()

    def on_text(piece: str) -> None:
        if piece == "b":
            cancel.set()

    result = chat.run_turn(turn, engine, GenerationParams(), on_text, cancel)

    assert result.stats.stop_reason == "cancelled"
    assert store.messages(turn.conversation_id)[-1].content == "ab"
    assert store.messages(turn.conversation_id)[-1].status == "stopped"


def test_a_failed_answer_is_kept_as_failed_and_left_out_of_the_next_prompt(store: Store, engine: FakeEngine) -> None:
    chat = ChatService(store)
    turn = chat.start_turn(None, "First question", "fake")
    engine.fail_with = "out of memory"
    with pytest.raises(EngineError):
        chat.run_turn(turn, engine, GenerationParams(), lambda piece: None)
    assert store.messages(turn.conversation_id)[-1].status == "failed"

    second = chat.start_turn(turn.conversation_id, "Second question", "fake")
    history = chat.history(second)

    assert [(t.role, t.content) for t in history] == [("user", "First question"), ("user", "Second question")]


def test_leading_whitespace_of_the_answer_is_dropped(store: Store, engine: FakeEngine) -> None:
    chat = ChatService(store)
    turn = chat.start_turn(None, "Capital?", "fake")
    engine.enqueue([" ", " Paris", " is it."])
    streamed: list[str] = []

    chat.run_turn(turn, engine, GenerationParams(), streamed.append)

    assert "".join(streamed) == "Paris is it."


def test_killing_the_process_mid_answer_loses_at_most_the_last_save(data_dir: Path, tmp_path: Path) -> None:
    progress = tmp_path / "progress.txt"
    script = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from desktop_app.core.chat import ChatService
        from desktop_app.core.engine import GenerationParams
        from desktop_app.core.engine.fake import FakeEngine
        from desktop_app.core.store import Store

        store = Store()
        engine = FakeEngine(delay=0.01, check_files=False)
        engine.load(Path("fake.gguf"))
        engine.enqueue([f"w{{i}} " for i in range(100000)])
        chat = ChatService(store)
        turn = chat.start_turn(None, "Write forever", "fake")
        pieces = []
        def on_text(piece):
            pieces.append(piece)
            if len(pieces) == 150:
                Path({str(progress)!r}).write_text("150")
        chat.run_turn(turn, engine, GenerationParams(max_tokens=100000), on_text)
        """
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[3])}
    child = subprocess.Popen([sys.executable, "-c", script], env=env)
    try:
        deadline = time.monotonic() + 60
        while not progress.exists():
            assert child.poll() is None, "the writer died before streaming"
            assert time.monotonic() < deadline
            time.sleep(0.05)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()

    with Store() as store:
        [conversation] = store.list_conversations()
        assert store.recover_interrupted() == 1
        user, answer = store.messages(conversation.id)
    assert user.content == "Write forever"
    assert answer.status == "interrupted"
    assert answer.content.startswith("w0 w1 w2")
    # 150 pieces at 10 ms each is 1.5 s of text: saves every half second keep most of it.
    assert len(answer.content.split()) >= 50


def fill(store: Store, exchanges: int, words: int = 40) -> int:
    conversation = store.create_conversation("long")
    for i in range(exchanges):
        store.add_message(conversation.id, "user", f"Question {i}: " + "tell me more " * (words // 3))
        store.add_message(conversation.id, "assistant", f"Answer {i}: " + "here is more " * (words // 3))
    return conversation.id


def chat_turns(chat: ChatService, engine, conversation_id: int, count: int, max_tokens: int = 32):
    results = []
    for i in range(count):
        turn = chat.start_turn(conversation_id, f"Follow-up question {i}?", "m")
        results.append(chat.run_turn(turn, engine, GenerationParams(max_tokens=max_tokens, temperature=0.0), lambda p: None))
    return results


def test_a_long_chat_reads_its_whole_history_again_only_now_and_then(store: Store, starter_model_path: Path) -> None:
    from desktop_app.core.engine.base import LoadOptions

    engine = FakeEngine()
    engine.load(starter_model_path, LoadOptions(n_ctx=2048))
    conversation_id = fill(store, 30)  # more than the window holds
    chat = ChatService(store)

    results = chat_turns(chat, engine, conversation_id, 20)

    assert all(params.keep_context for params in engine.params)
    reread = [r for r in results[1:] if r.stats.cached_tokens < r.stats.prompt_tokens // 2]
    assert len(reread) <= 3  # one turn at a time from the front would re-read on every turn
    assert all(r.context.left_out > 0 for r in results)  # older messages were left out, and it is said
    assert all(r.context.used <= r.context.window for r in results)


def test_a_question_too_long_for_the_window_says_how_much_was_cut(store: Store, starter_model_path: Path) -> None:
    from desktop_app.core.engine.base import LoadOptions

    engine = FakeEngine()
    engine.load(starter_model_path, LoadOptions(n_ctx=512))
    chat = ChatService(store)
    turn = chat.start_turn(None, "word " * 2000, "m")

    result = chat.run_turn(turn, engine, GenerationParams(max_tokens=64), lambda p: None)

    assert result.context is not None and 0 < result.context.question_cut_chars < 10_000


@pytest.mark.model
def test_on_the_real_model_turns_after_compaction_reuse_the_context_again(store: Store, llama_engine) -> None:
    conversation_id = fill(store, 40)  # about 3,000 tokens: more than the 2,048-token window
    chat = ChatService(store)

    results = chat_turns(chat, llama_engine, conversation_id, 4, max_tokens=8)

    first, *later = results
    assert first.context.left_out > 0 and first.stats.cached_tokens < first.stats.prompt_tokens // 2
    for result in later:  # the window start stayed put: everything before the new question is reused
        assert result.stats.cached_tokens >= result.stats.prompt_tokens - 40, result.stats
