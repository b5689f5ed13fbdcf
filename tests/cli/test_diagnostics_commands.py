"""Failures of a command reach the log with their traceback but never the conversation's text;
`inkstone diagnostics` prints the report; a crash of an earlier run is mentioned once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.core.diagnostics import log_path
from desktop_app.core.engine import fake
from desktop_app.core.store import Store

REPO_ROOT = Path(__file__).resolve().parents[2]
QUESTION = "What did Aunt Mirabel whisper about the lighthouse?"
PARTIAL_ANSWER = "She said the keeper"


# `inkstone history`, but the command dies of a segfault (as a llama.cpp bug would).
CRASHING_HISTORY = """
import faulthandler
import desktop_app.cli.chat_commands as chat_commands
from desktop_app.cli import main

chat_commands.run_history = lambda args: faulthandler._sigsegv()
main(["history"])
"""


class EngineThatBreaks(fake.FakeEngine):
    """Streams part of an answer, then fails the way a llama.cpp surprise would."""

    def generate(self, prompt, params, on_text, cancel=None, on_prompt_progress=None):
        on_text(PARTIAL_ANSWER)
        raise RuntimeError("llama_decode returned -3")


@pytest.fixture
def breaking_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    import desktop_app.core.engine.llama as llama

    monkeypatch.setattr(llama, "LlamaEngine", EngineThatBreaks)


def test_a_failed_ask_logs_its_traceback_and_no_conversation_text(
    breaking_engine, capsys, data_dir: Path, starter_model_path: Path
) -> None:
    model = starter_model_path

    code = main(["ask", "--model", str(model), QUESTION])

    err = capsys.readouterr().err
    log = log_path(data_dir).read_text(encoding="utf-8")
    assert code == 1
    assert err.count("\n") == 1 and "llama_decode returned -3" in err and str(log_path(data_dir)) in err
    assert "Starting inkstone ask" in log
    assert "Traceback (most recent call last)" in log and "RuntimeError: llama_decode returned -3" in log
    assert QUESTION not in log and "Mirabel" not in log
    assert PARTIAL_ANSWER not in log
    with Store() as store:  # the failure is still recorded where it belongs
        [conversation] = store.list_conversations()
        assert [m.status for m in store.messages(conversation.id)] == ["complete", "failed"]


def test_diagnostics_prints_versions_hardware_and_the_log(capsys) -> None:
    assert main(["diagnostics"]) == 0

    out = capsys.readouterr().out
    assert "Inkstone: " in out and "llama-cpp-python: " in out
    assert "== Hardware ==" in out and "RAM: " in out
    assert "Starting inkstone diagnostics" in out
    assert "== Last crash ==\n(none recorded)" in out


def test_a_crash_of_an_earlier_run_is_mentioned_once_and_kept_in_the_report(capsys, data_dir: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    child = subprocess.run([sys.executable, "-c", CRASHING_HISTORY], env=env, capture_output=True, timeout=120)
    assert child.returncode == -signal.SIGSEGV

    assert main(["history"]) == 0
    first = capsys.readouterr().err
    assert main(["diagnostics"]) == 0
    second = capsys.readouterr()

    assert "stopped unexpectedly" in first and "crash-" in first
    assert "stopped unexpectedly" not in second.err
    assert "Segmentation fault" in second.out
