"""`inkstone ask` and `inkstone history` with the real starter model and a real database."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.core.store import Store

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.model
def test_ask_streams_the_answer_and_stores_the_exchange(capsys, starter_model_path: Path) -> None:
    from desktop_app.core.settings import Settings

    Settings(temperature=0.0).save()  # the starter answers "Paris" most times, greedily every time
    code = main(["ask", "--model", str(starter_model_path), "--max-tokens", "24", "What is the capital of France?"])

    out, err = capsys.readouterr()
    assert code == 0
    assert "Paris" in out
    assert "tok/s" in err
    with Store() as store:
        [conversation] = store.list_conversations()
        messages = store.messages(conversation.id)
    assert [m.role for m in messages] == ["user", "assistant"]
    assert messages[0].content == "What is the capital of France?"
    assert messages[1].content.strip() and messages[1].content.strip() in out
    assert messages[1].status == "complete" and messages[1].generated_tokens


@pytest.mark.model
def test_ask_continues_a_conversation_and_history_prints_it(capsys, starter_model_path: Path) -> None:
    assert main(["ask", "--model", str(starter_model_path), "--max-tokens", "16", "What is the capital of France?"]) == 0
    with Store() as store:
        [conversation] = store.list_conversations()
    assert main(["ask", "--model", str(starter_model_path), "--max-tokens", "16",
                 "--conversation", str(conversation.id), "What is the capital of Italy?"]) == 0
    capsys.readouterr()

    assert main(["history"]) == 0
    listing = capsys.readouterr().out
    assert main(["history", str(conversation.id)]) == 0
    shown = capsys.readouterr().out

    assert listing.count("\n") == 1 and listing.startswith(f"{conversation.id}\t")
    assert "What is the capital of France?" in listing
    assert "What is the capital of France?" in shown and "What is the capital of Italy?" in shown
    assert len(re.findall(r"^Assistant( \(.*\))?:$", shown, re.MULTILINE)) == 2  # (a note when cut at the limit)


def test_ask_with_a_file_that_is_not_a_model_fails_with_one_line(capsys, tmp_path: Path) -> None:
    bogus = tmp_path / "readme.gguf"
    bogus.write_text("hello", encoding="utf-8")

    code = main(["ask", "--model", str(bogus), "Hello?"])

    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("inkstone: error:") and err.count("\n") == 1
    with Store() as store:
        assert store.list_conversations() == []


def test_ask_with_an_unknown_conversation_fails_clearly(capsys, starter_model_path: Path) -> None:
    code = main(["ask", "--model", str(starter_model_path), "--conversation", "999", "Hello?"])

    assert code == 1
    assert "no conversation 999" in capsys.readouterr().err


def test_history_of_an_unknown_conversation_fails_clearly(capsys) -> None:
    assert main(["history", "42"]) == 1
    assert "no conversation 42" in capsys.readouterr().err


# A process that writes a streaming answer, then either stops (dead writer) or waits for its
# standard input to close before finishing it (live writer).
STREAMING_WRITER = """
import sys
from desktop_app.core.store import Store

store = Store()
conversation = store.create_conversation(sys.argv[1])
message = store.add_message(conversation.id, "assistant", "", status="streaming")
store.update_message_content(message.id, "half an answer")
print(message.id, flush=True)
if sys.argv[1] == "live":
    sys.stdin.read()
    store.finish_message(message.id, "a whole answer", "complete")
store.close()
"""


def start_writer(kind: str) -> tuple[subprocess.Popen, int]:
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-c", STREAMING_WRITER, kind],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )
    line = child.stdout.readline()
    assert line.strip().isdigit(), child.stderr.read()
    return child, int(line)


@pytest.mark.model
def test_ask_leaves_another_process_s_live_answer_streaming_and_interrupts_a_dead_one(
    capsys, starter_model_path: Path
) -> None:
    dead, dead_id = start_writer("dead")
    assert dead.wait(timeout=60) == 0
    live, live_id = start_writer("live")
    try:
        code = main(["ask", "--model", str(starter_model_path), "--max-tokens", "4", "Hello?"])
        with Store() as store:
            statuses = {m.id: m.status for c in store.list_conversations() for m in store.messages(c.id)}
    finally:
        live.stdin.close()
        live_code = live.wait(timeout=60)

    assert code == 0, capsys.readouterr().err
    assert statuses[live_id] == "streaming"
    assert statuses[dead_id] == "interrupted"
    assert live_code == 0
    with Store() as store:
        [finished] = [m for c in store.list_conversations() for m in store.messages(c.id) if m.id == live_id]
    assert (finished.status, finished.content) == ("complete", "a whole answer")


@pytest.mark.model
def test_ask_does_not_load_by_itself_a_model_that_crashed_last_time(capsys, starter_model_path: Path) -> None:
    from desktop_app.core.models.load_guard import LoadGuard
    from desktop_app.core.paths import data_dir
    from tests.support import crashing_process

    assert crashing_process.run(data_dir(), starter_model_path, "first answer", "abort") < 0  # the starter "crashed"

    refused = main(["ask", "What is the capital of France?"])
    refusal = capsys.readouterr().err
    retried = main(["ask", "--model", str(starter_model_path), "--max-tokens", "4", "What is the capital of France?"])

    assert refused == 1
    assert "crashed Inkstone last time (on its first answer); it was not loaded again" in refusal
    assert f"--model {starter_model_path}" in refusal
    assert retried == 0  # chosen explicitly, it loads; and having answered, it is trusted again
    assert LoadGuard().crashed() == []


@pytest.mark.model
def test_ask_says_how_much_of_a_question_too_long_for_the_window_was_left_out(capsys, starter_model_path: Path) -> None:
    from desktop_app.core.settings import Settings

    Settings(n_ctx=512).save()
    question = "Please read this long note. " * 300 + "What is the capital of France?"

    code = main(["ask", "--model", str(starter_model_path), "--max-tokens", "8", question])

    err = capsys.readouterr().err
    assert code == 0
    assert "too long for the model's context window (512 tokens)" in err and "characters were left out" in err
