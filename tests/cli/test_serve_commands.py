"""`inkstone serve` on the real starter model, through the official openai client: the safe local server."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Iterator

import httpx2
import openai
import pytest

from tests.support.servers import ROOT, ServerProcess, start_inkstone_serve

QUESTION = [{"role": "user", "content": "What is the capital of France?"}]


@pytest.fixture(scope="module")
def served(starter_model_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    server = start_inkstone_serve(starter_model_path, tmp_path_factory.mktemp("serve-data"))
    yield server
    server.stop()


@pytest.fixture
def client(served: ServerProcess) -> openai.OpenAI:
    return openai.OpenAI(base_url=served.base_url, api_key=served.api_key, max_retries=0)


def run_cli(*args: str, data_dir: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "INKSTONE_DATA_DIR": str(data_dir)}
    return subprocess.run([sys.executable, "-m", "desktop_app", *args], env=env, capture_output=True, text=True,
                          timeout=120)


@pytest.mark.model
def test_the_client_lists_the_served_model(client: openai.OpenAI) -> None:
    [model] = client.models.list().data

    assert "gemma" in model.id.lower()
    assert model.model_extra["max_model_len"] > 0


@pytest.mark.model
def test_a_chat_completion_answers_whole_and_streamed_alike(client: openai.OpenAI) -> None:
    whole = client.chat.completions.create(model="any", messages=QUESTION, temperature=0, max_tokens=24)
    chunks = list(client.chat.completions.create(model="any", messages=QUESTION, temperature=0, max_tokens=24,
                                                 stream=True, stream_options={"include_usage": True}))

    streamed = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert whole.choices[0].message.content == "Paris."
    assert streamed == whole.choices[0].message.content
    assert chunks[-1].usage.completion_tokens == whole.usage.completion_tokens > 0


@pytest.mark.model
def test_a_stop_string_ends_the_answer_before_it(client: openai.OpenAI) -> None:
    question = [{"role": "user", "content": "What is the capital of Italy?"}]
    full = client.chat.completions.create(model="any", messages=question, temperature=0, max_tokens=24)
    text = full.choices[0].message.content

    cut = client.chat.completions.create(model="any", messages=question, temperature=0, max_tokens=24, stop=[" is "])

    assert " is " in text  # "The capital of Italy is Rome."
    assert cut.choices[0].message.content == text[: text.index(" is ")]
    assert cut.choices[0].finish_reason == "stop"


@pytest.mark.model
@pytest.mark.parametrize("key", ["", "not-the-token"])
def test_a_missing_or_wrong_token_is_refused(served: ServerProcess, key: str) -> None:
    client = openai.OpenAI(base_url=served.base_url, api_key=key or "unused", max_retries=0,
                           default_headers={"Authorization": f"Bearer {key}"} if key else {"Authorization": ""})

    with pytest.raises(openai.AuthenticationError):
        client.chat.completions.create(model="any", messages=QUESTION, max_tokens=4)


@pytest.mark.model
def test_a_web_page_from_another_origin_is_refused(served: ServerProcess) -> None:
    response = httpx2.post(f"{served.base_url}/chat/completions", json={"messages": QUESTION, "max_tokens": 4},
                           headers={"Authorization": f"Bearer {served.api_key}", "Origin": "http://evil.example"})

    assert response.status_code == 403
    assert "access-control-allow-origin" not in response.headers


@pytest.mark.model
def test_a_client_that_disconnects_mid_stream_cancels_its_generation(client: openai.OpenAI,
                                                                    served: ServerProcess) -> None:
    stream = client.completions.create(model="any", prompt="1, 2, 3, 4, 5, 6, 7,", temperature=0, max_tokens=1000,
                                       stream=True)
    for received, _chunk in enumerate(stream, 1):
        if received == 5:
            break
    stream.close()

    line = served.wait_for_line("POST /v1/completions 200")
    assert "cancelled" in line
    completion_tokens = int(re.search(r"(\d+) completion tokens", line).group(1))
    assert 5 <= completion_tokens < 1000


@pytest.mark.model
def test_two_clients_at_once_are_answered_in_turn(served: ServerProcess) -> None:
    spans: dict[str, tuple[float, float, str]] = {}

    def ask(name: str, question: str) -> None:
        client = openai.OpenAI(base_url=served.base_url, api_key=served.api_key, max_retries=0)
        pieces, first = [], None
        for chunk in client.chat.completions.create(model="any", messages=[{"role": "user", "content": question}],
                                                    temperature=0, max_tokens=16, stream=True):
            if chunk.choices and chunk.choices[0].delta.content:
                first = first or time.monotonic()
                pieces.append(chunk.choices[0].delta.content)
        spans[name] = (first or 0.0, time.monotonic(), "".join(pieces))

    threads = [threading.Thread(target=ask, args=("a", "What is the capital of France?")),
               threading.Thread(target=ask, args=("b", "What is the capital of Italy?"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)

    (a_first, a_last, a_text), (b_first, b_last, b_text) = spans["a"], spans["b"]
    assert a_text and b_text  # both answered in full
    assert a_last <= b_first or b_last <= a_first  # one after the other, never interleaved


def test_serving_to_the_network_needs_the_explicit_flag(tmp_path: Path) -> None:
    refused = run_cli("serve", "--host", "0.0.0.0", data_dir=tmp_path)

    assert refused.returncode == 1
    assert "--allow-remote" in refused.stderr


def test_the_stored_token_is_printed_and_kept_private(tmp_path: Path) -> None:
    first = run_cli("serve", "--print-token", data_dir=tmp_path)
    again = run_cli("serve", "--print-token", data_dir=tmp_path)
    renewed = run_cli("serve", "--regenerate-token", data_dir=tmp_path)

    token = first.stdout.strip()
    assert token.startswith("ink-") and again.stdout.strip() == token
    assert renewed.stdout.strip() != token
    assert stat.S_IMODE((tmp_path / "server-token").stat().st_mode) == 0o600
