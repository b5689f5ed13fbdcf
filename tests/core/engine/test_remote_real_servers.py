"""The remote engine against real OpenAI-compatible servers on the starter model: llama-cpp-python's own
server (`python -m llama_cpp.server`) and `inkstone serve`. A chat turn streams and is stored, Stop keeps
what was written, a server killed mid-answer, a wrong address and a wrong key each give a clear message."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Iterator

import pytest

from desktop_app.core.chat import ChatService
from desktop_app.core.engine import GenerationParams
from desktop_app.core.engine.remote import RemoteEngine, RemoteEngineError, RemoteSettings
from desktop_app.core.store import Store
from tests.support.servers import ServerProcess, free_port, start_inkstone_serve, start_llama_cpp_server

pytestmark = pytest.mark.model

STORY = "Write a long story about a dragon who learns to read, with many chapters."


@pytest.fixture(scope="module")
def llama_server(instruct_starter_path: Path) -> Iterator[ServerProcess]:
    # The starter with Gemma's chat template: llama-cpp-python formats chats with the model's own template
    # (on the bare base model it falls back to Llama 2's format, which the starter answers with nothing).
    server = start_llama_cpp_server(instruct_starter_path)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def inkstone_server(starter_model_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    server = start_inkstone_serve(starter_model_path, tmp_path_factory.mktemp("serve-data"))
    yield server
    server.stop()


@pytest.fixture(params=["llama-cpp-python", "inkstone"])
def server(request: pytest.FixtureRequest) -> ServerProcess:
    return request.getfixturevalue("llama_server" if request.param == "llama-cpp-python" else "inkstone_server")


@pytest.fixture
def store(data_dir: Path) -> Iterator[Store]:
    with Store() as store:
        yield store


def connected(server: ServerProcess, n_ctx: int = 0) -> RemoteEngine:
    engine = RemoteEngine()
    engine.connect(RemoteSettings(server.base_url, server.api_key, n_ctx=n_ctx))
    return engine


def test_a_chat_turn_streams_from_the_server_and_is_stored(server: ServerProcess, store: Store) -> None:
    engine = connected(server)
    service = ChatService(store)
    turn = service.start_turn(None, "What is the capital of France?", "remote")
    pieces: list[str] = []
    try:
        result = service.run_turn(turn, engine, GenerationParams(max_tokens=32, temperature=0), pieces.append)
    finally:
        engine.unload()

    assert len(pieces) > 1  # it streamed
    assert result.message.status in ("complete", "length")  # a base model may well use all 32 tokens
    assert result.message.content == "".join(pieces).strip() != ""
    assert store.messages(turn.conversation_id)[-1].content == result.message.content
    assert result.context is not None and result.context.prompt_tokens > 0


def test_inkstones_server_reports_its_context_size(inkstone_server: ServerProcess) -> None:
    engine = connected(inkstone_server)
    info = engine.model
    engine.unload()

    assert info is not None and info.n_ctx_train == info.n_ctx > 0


def test_stop_mid_answer_keeps_what_was_written(server: ServerProcess, store: Store) -> None:
    engine = connected(server)
    service = ChatService(store)
    turn = service.start_turn(None, STORY, "remote")
    cancel = threading.Event()
    pieces: list[str] = []

    def on_text(piece: str) -> None:
        pieces.append(piece)
        if len(pieces) == 3:
            cancel.set()

    try:
        result = service.run_turn(turn, engine, GenerationParams(max_tokens=400, temperature=0), on_text, cancel)
    finally:
        engine.unload()

    assert result.message.status == "stopped"
    assert result.message.content == "".join(pieces).strip()
    assert len(pieces) == 3


def test_a_wrong_key_is_named_as_such(server: ServerProcess) -> None:
    with pytest.raises(RemoteEngineError, match="refused the API key"):
        RemoteEngine().connect(RemoteSettings(server.base_url, "not-the-key"))


def test_a_wrong_address_is_named_as_unreachable() -> None:
    with pytest.raises(RemoteEngineError, match="Cannot reach the server"):
        RemoteEngine().connect(RemoteSettings(f"http://127.0.0.1:{free_port()}/v1"))


def test_a_server_killed_mid_answer_keeps_the_partial_answer(starter_model_path: Path, store: Store,
                                                            tmp_path: Path) -> None:
    server = start_inkstone_serve(starter_model_path, tmp_path / "killed-server")
    engine = connected(server)
    service = ChatService(store)
    turn = service.start_turn(None, STORY, "remote")
    pieces: list[str] = []

    def on_text(piece: str) -> None:
        pieces.append(piece)
        if len(pieces) == 3:
            server.process.kill()

    try:
        with pytest.raises(RemoteEngineError, match="lost in the middle of the answer"):
            service.run_turn(turn, engine, GenerationParams(max_tokens=400, temperature=0), on_text)
    finally:
        engine.unload()
        server.stop()

    answer = store.messages(turn.conversation_id)[-1]
    assert answer.status == "failed"
    assert answer.content == "".join(pieces)
    assert len(pieces) >= 3
