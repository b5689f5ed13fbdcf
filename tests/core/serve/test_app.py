"""Inkstone's server over real HTTP, on a scripted engine: the OpenAI shapes, the guard, the bounds, cancel.

The same server on the real starter model, through `inkstone serve`, is tested in tests/cli/test_serve_commands.py.
"""

from __future__ import annotations

import base64
import logging
import struct
import threading
from pathlib import Path
from typing import Iterator, Sequence

import httpx2
import openai
import pytest

from desktop_app.core.engine.fake import FakeEngine
from tests.support.servers import InProcessServer, wait_until


@pytest.fixture
def engine() -> FakeEngine:
    engine = FakeEngine(check_files=False)
    engine.load(Path("scripted.gguf"))
    return engine


@pytest.fixture
def server(engine: FakeEngine) -> Iterator[InProcessServer]:
    served = InProcessServer(engine, allowed_origins=("http://localhost:3000",), max_body_bytes=64 * 1024)
    yield served
    served.close()


@pytest.fixture
def client(server: InProcessServer) -> openai.OpenAI:
    return openai.OpenAI(base_url=server.base_url, api_key=server.api_key, max_retries=0)


def test_the_loaded_model_is_listed_with_its_context_size(client: openai.OpenAI) -> None:
    [model] = client.models.list().data

    assert model.id == "scripted"
    assert model.model_extra["max_model_len"] == 4096


def test_a_chat_completion_answers_in_the_openai_shape(client: openai.OpenAI, engine: FakeEngine) -> None:
    engine.enqueue([" Paris", " is", " the", " capital."])

    reply = client.chat.completions.create(model="scripted", messages=[{"role": "user", "content": "Capital?"}])

    assert reply.choices[0].message.content == "Paris is the capital."  # the answer's leading space dropped
    assert reply.choices[0].finish_reason == "stop"
    assert reply.usage.completion_tokens == 4
    assert "User: Capital?" in engine.prompts[-1]  # the base model's transcript, as Inkstone renders it


def test_a_streamed_chat_completion_sends_pieces_then_usage(client: openai.OpenAI, engine: FakeEngine) -> None:
    engine.enqueue(["One", " two", " three"])

    chunks = list(client.chat.completions.create(
        model="scripted", messages=[{"role": "user", "content": "Count"}], stream=True,
        stream_options={"include_usage": True}))

    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == "One two three"
    assert chunks[0].choices[0].delta.role == "assistant"
    assert [c.choices[0].finish_reason for c in chunks if c.choices][-1] == "stop"
    assert chunks[-1].usage.completion_tokens == 3


def test_sampling_and_stop_strings_reach_the_engine(client: openai.OpenAI, engine: FakeEngine) -> None:
    engine.enqueue(["alpha", " beta", " END", " gamma"])

    reply = client.chat.completions.create(model="scripted", messages=[{"role": "user", "content": "Go"}],
                                           stop=[" END"], temperature=0.2, top_p=0.5, seed=11, max_tokens=30)

    assert reply.choices[0].message.content == "alpha beta"
    params = engine.params[-1]
    assert (params.temperature, params.top_p, params.seed, params.max_tokens) == (0.2, 0.5, 11, 30)
    assert " END" in params.stop


def test_a_text_completion_continues_the_prompt_as_given(client: openai.OpenAI, engine: FakeEngine) -> None:
    engine.enqueue([" upon", " a", " time"])

    reply = client.completions.create(model="scripted", prompt="Once", max_tokens=3)

    assert reply.choices[0].text == " upon a time"
    assert engine.prompts[-1] == "Once"


def test_max_tokens_is_lowered_to_the_servers_cap(client: openai.OpenAI, engine: FakeEngine) -> None:
    client.chat.completions.create(model="scripted", messages=[{"role": "user", "content": "Hi"}],
                                   max_tokens=1_000_000)

    assert engine.params[-1].max_tokens <= 8192


@pytest.mark.parametrize("key", [None, "wrong"])
def test_a_missing_or_wrong_token_is_refused_with_401(server: InProcessServer, key: str | None) -> None:
    headers = {"Authorization": f"Bearer {key}"} if key else {}

    response = httpx2.get(f"{server.base_url}/models", headers=headers)

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "invalid_api_key"


def test_a_regenerated_token_applies_at_once(server: InProcessServer) -> None:
    old = server.api_key
    server.token.value = "fresh"

    assert httpx2.get(f"{server.base_url}/models", headers={"Authorization": f"Bearer {old}"}).status_code == 401
    assert httpx2.get(f"{server.base_url}/models", headers={"Authorization": "Bearer fresh"}).status_code == 200


def test_a_web_page_from_an_origin_not_listed_is_refused(server: InProcessServer) -> None:
    headers = {"Authorization": f"Bearer {server.api_key}", "Origin": "http://evil.example"}

    response = httpx2.get(f"{server.base_url}/models", headers=headers)
    preflight = httpx2.options(f"{server.base_url}/chat/completions", headers={
        "Origin": "http://evil.example", "Access-Control-Request-Method": "POST"})

    assert response.status_code == 403
    assert "access-control-allow-origin" not in response.headers
    assert preflight.status_code >= 400
    assert "access-control-allow-origin" not in preflight.headers


def test_a_listed_origin_gets_cors_headers_without_credentials(server: InProcessServer) -> None:
    preflight = httpx2.options(f"{server.base_url}/chat/completions", headers={
        "Origin": "http://localhost:3000", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type"})
    response = httpx2.get(f"{server.base_url}/models", headers={
        "Authorization": f"Bearer {server.api_key}", "Origin": "http://localhost:3000"})

    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "http://localhost:3000"
    assert response.headers["access-control-allow-origin"] == "http://localhost:3000"
    assert "access-control-allow-credentials" not in response.headers


def test_without_listed_origins_no_cors_headers_are_sent(engine: FakeEngine) -> None:
    served = InProcessServer(engine)
    try:
        response = httpx2.get(f"{served.base_url}/models", headers={"Authorization": f"Bearer {served.api_key}"})
    finally:
        served.close()

    assert response.status_code == 200
    assert not any(name.startswith("access-control-") for name in response.headers)


def test_a_body_past_the_limit_is_refused_with_413(server: InProcessServer, engine: FakeEngine) -> None:
    body = {"model": "m", "messages": [{"role": "user", "content": "x" * 100_000}]}

    response = httpx2.post(f"{server.base_url}/chat/completions", json=body,
                           headers={"Authorization": f"Bearer {server.api_key}"})

    assert response.status_code == 413
    assert response.json()["error"]["code"] == "request_too_large"
    assert engine.prompts == []


def test_a_prompt_longer_than_the_context_is_refused_with_400(client: openai.OpenAI, engine: FakeEngine) -> None:
    with pytest.raises(openai.BadRequestError) as refused:
        client.chat.completions.create(model="m", messages=[{"role": "user", "content": "word " * 12_000}])

    assert refused.value.code == "context_length_exceeded"
    assert engine.prompts == []


def test_unknown_paths_and_methods_answer_in_the_openai_error_shape(server: InProcessServer) -> None:
    headers = {"Authorization": f"Bearer {server.api_key}"}

    missing = httpx2.get(f"{server.base_url}/assistants", headers=headers)
    wrong_method = httpx2.get(f"{server.base_url}/chat/completions", headers=headers)

    assert missing.status_code == 404 and "error" in missing.json()
    assert wrong_method.status_code == 405 and "error" in wrong_method.json()


def test_without_a_model_the_server_says_so_with_503(engine: FakeEngine, server: InProcessServer,
                                                     client: openai.OpenAI) -> None:
    engine.unload()

    with pytest.raises(openai.InternalServerError) as refused:
        client.chat.completions.create(model="m", messages=[{"role": "user", "content": "Hi"}])

    assert refused.value.status_code == 503
    assert client.models.list().data == []


def test_a_client_that_disconnects_mid_stream_stops_the_generation(server: InProcessServer, engine: FakeEngine,
                                                                   client: openai.OpenAI) -> None:
    engine.delay = 0.02
    engine.enqueue([f"w{i} " for i in range(2000)])

    stream = client.chat.completions.create(model="m", messages=[{"role": "user", "content": "Go on"}],
                                            stream=True, max_tokens=2000)
    received = 0
    for chunk in stream:
        received += bool(chunk.choices and chunk.choices[0].delta.content)
        if received == 5:
            break
    stream.close()

    wait_until(lambda: len(engine.stats) == 1, 10, "the generation to end")
    assert engine.stats[0].stop_reason == "cancelled"
    assert engine.stats[0].generated_tokens < 100


def test_two_clients_at_once_are_answered_in_turn(server: InProcessServer, engine: FakeEngine) -> None:
    engine.delay = 0.01
    engine.enqueue([f"a{i} " for i in range(20)])
    engine.enqueue([f"b{i} " for i in range(20)])
    answers: list[str] = []

    def ask() -> None:
        client = openai.OpenAI(base_url=server.base_url, api_key=server.api_key, max_retries=0)
        answers.append(client.chat.completions.create(
            model="m", messages=[{"role": "user", "content": "Go"}]).choices[0].message.content)

    threads = [threading.Thread(target=ask) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert sorted(answer.split()[0][0] for answer in answers) == ["a", "b"]  # each got one whole answer
    assert all(len(answer.split()) == 20 for answer in answers)


class Letters:
    """A stand-in embedding model: one dimension per letter a-c (the contract is what is tested here)."""

    name = "letters"

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        return [[float(text.count(c)) for c in "abc"] for text in texts]


def test_embeddings_are_served_when_an_embedding_model_is_loaded(engine: FakeEngine) -> None:
    served = InProcessServer(engine, embedder=Letters())
    try:
        client = openai.OpenAI(base_url=served.base_url, api_key=served.api_key, max_retries=0)
        result = client.embeddings.create(model="letters", input=["abc", "aab"])  # the client asks for base64
        raw = httpx2.post(f"{served.base_url}/embeddings", json={"input": "cc", "encoding_format": "base64"},
                          headers={"Authorization": f"Bearer {served.api_key}"}).json()
    finally:
        served.close()

    assert [d.embedding for d in result.data] == [[1.0, 1.0, 1.0], [2.0, 1.0, 0.0]]
    assert struct.unpack("<3f", base64.b64decode(raw["data"][0]["embedding"])) == (0.0, 0.0, 2.0)


def test_without_an_embedding_model_embeddings_answer_404(client: openai.OpenAI) -> None:
    with pytest.raises(openai.NotFoundError):
        client.embeddings.create(model="any", input="text")


def test_the_request_log_has_the_endpoint_and_tokens_but_no_content(client: openai.OpenAI, engine: FakeEngine,
                                                                     server: InProcessServer) -> None:
    engine.enqueue(["The", " secret", " answer"])
    logged = threading.Event()

    class Recorder(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(record.getMessage())
            logged.set()

    lines: list[str] = []
    access = logging.getLogger("desktop_app.core.serve.access")
    recorder = Recorder(logging.INFO)
    access.addHandler(recorder)  # directly: an earlier test may have changed how records propagate
    old_level = access.level
    access.setLevel(logging.INFO)
    try:
        client.chat.completions.create(model="m", messages=[{"role": "user", "content": "my private question"}])
        assert logged.wait(5)  # the server logs once the response is sent, on its own thread
    finally:
        access.removeHandler(recorder)
        access.setLevel(old_level)

    [line] = lines
    assert "POST /v1/chat/completions 200" in line
    assert "3 completion tokens" in line
    assert "private" not in line and "secret" not in line and server.api_key not in line
