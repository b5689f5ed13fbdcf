"""The remote engine over real HTTP: Inkstone's server on a scripted engine, servers that hang, stand-ins
for the context reports of llama-server and Ollama. Against llama-cpp-python's server and `inkstone serve`
on the real starter model: test_remote_real_servers.py."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Iterator

import pytest

from desktop_app.core.engine.base import ChatMessage, GenerationParams
from desktop_app.core.engine.fake import FakeEngine
from desktop_app.core.engine.remote import (
    DEFAULT_REMOTE_CTX,
    RemoteEngine,
    RemoteEngineError,
    RemoteSettings,
    api_addresses,
)
from tests.support.servers import InProcessServer, free_port, wait_until


@pytest.fixture
def served() -> Iterator[InProcessServer]:
    engine = FakeEngine(check_files=False)
    engine.load(Path("far-model.gguf"))
    server = InProcessServer(engine)
    yield server
    server.close()


@pytest.fixture
def remote(served: InProcessServer) -> Iterator[RemoteEngine]:
    engine = RemoteEngine()
    engine.connect(RemoteSettings(served.base_url, served.api_key))
    yield engine
    engine.unload()


@pytest.mark.parametrize("typed, base, root", [
    ("http://gpu-box:8000/v1", "http://gpu-box:8000/v1", "http://gpu-box:8000"),
    ("gpu-box:8000", "http://gpu-box:8000/v1", "http://gpu-box:8000"),
    ("https://llm.example/api/v1/", "https://llm.example/api/v1", "https://llm.example/api"),
    ("http://127.0.0.1:11434", "http://127.0.0.1:11434/v1", "http://127.0.0.1:11434"),
])
def test_the_api_address_is_found_from_what_the_user_typed(typed: str, base: str, root: str) -> None:
    assert api_addresses(typed) == (base, root)


@pytest.mark.parametrize("typed", ["", "ftp://host/v1", "http://"])
def test_an_address_that_is_not_a_web_address_is_refused(typed: str) -> None:
    with pytest.raises(RemoteEngineError):
        api_addresses(typed)


def test_connecting_reads_the_model_and_its_context_size(remote: RemoteEngine, served: InProcessServer) -> None:
    info = remote.model

    assert info is not None
    assert info.name == "far-model"
    assert info.n_ctx == 4096 and info.n_ctx_train == 4096  # reported by the server (max_model_len)
    assert info.takes_messages and info.is_instruct
    assert info.server == served.base_url


def test_a_context_size_given_by_the_user_caps_the_servers(served: InProcessServer) -> None:
    engine = RemoteEngine()
    info = engine.connect(RemoteSettings(served.base_url, served.api_key, n_ctx=1024))
    engine.unload()

    assert info.n_ctx == 1024


def test_chat_messages_stream_from_the_server(remote: RemoteEngine, served: InProcessServer) -> None:
    served.engine.enqueue(["Bonjour", " le", " monde"])
    pieces: list[str] = []

    stats = remote.generate_chat([ChatMessage("system", "Be kind."), ChatMessage("user", "Say hello")],
                                 GenerationParams(max_tokens=20, temperature=0.1, seed=3), pieces.append)

    assert "".join(pieces) == "Bonjour le monde"
    assert stats.text == "Bonjour le monde" and stats.stop_reason == "stop"
    assert stats.generated_tokens == 3  # the server's usage
    sent = served.engine.params[-1]
    assert (sent.max_tokens, sent.temperature, sent.seed) == (20, 0.1, 3)
    assert "Be kind." in served.engine.prompts[-1] and "Say hello" in served.engine.prompts[-1]


def test_a_raw_prompt_goes_to_the_completions_endpoint(remote: RemoteEngine, served: InProcessServer) -> None:
    served.engine.enqueue([" upon", " a", " time"])

    stats = remote.generate("Once", GenerationParams(max_tokens=3), lambda _piece: None)

    assert stats.text == " upon a time"
    assert served.engine.prompts[-1] == "Once"


def test_stop_strings_end_the_answer_even_past_the_four_the_api_takes(remote: RemoteEngine,
                                                                       served: InProcessServer) -> None:
    served.engine.enqueue(["one", " two", " #", "# three"])
    stops = ("a1", "a2", "a3", "a4", "##")

    stats = remote.generate_chat([ChatMessage("user", "Go")], GenerationParams(stop=stops), lambda _piece: None)

    assert stats.text == "one two "
    assert stats.stop_reason == "stop"


def test_stop_mid_answer_keeps_the_text_and_stops_the_server(remote: RemoteEngine, served: InProcessServer) -> None:
    served.engine.delay = 0.02
    served.engine.enqueue([f"w{i} " for i in range(500)])
    cancel = threading.Event()
    pieces: list[str] = []

    def on_text(piece: str) -> None:
        pieces.append(piece)
        if len(pieces) == 5:
            cancel.set()

    stats = remote.generate_chat([ChatMessage("user", "Go")], GenerationParams(max_tokens=500), on_text, cancel)

    assert stats.stop_reason == "cancelled"
    assert len(pieces) == 5 and stats.text == "".join(pieces)
    assert stats.text.startswith("w0 w1 w2 w3 w4")
    wait_until(lambda: len(served.engine.stats) == 1, 10, "the server's generation to end")
    assert served.engine.stats[0].stop_reason == "cancelled"  # the closed connection stopped it there too


def test_a_wrong_key_is_named_as_such(served: InProcessServer) -> None:
    with pytest.raises(RemoteEngineError, match="refused the API key"):
        RemoteEngine().connect(RemoteSettings(served.base_url, "wrong-key"))


def test_an_address_where_nothing_listens_is_named_as_unreachable() -> None:
    with pytest.raises(RemoteEngineError, match="Cannot reach the server"):
        RemoteEngine().connect(RemoteSettings(f"http://127.0.0.1:{free_port()}/v1"))


def test_a_model_the_server_does_not_have_is_refused_with_the_list(served: InProcessServer) -> None:
    with pytest.raises(RemoteEngineError, match="far-model"):
        RemoteEngine().connect(RemoteSettings(served.base_url, served.api_key, model="llama-70b"))


def test_a_failed_connection_keeps_the_engine_connected_before(remote: RemoteEngine) -> None:
    with pytest.raises(RemoteEngineError):
        remote.connect(RemoteSettings(f"http://127.0.0.1:{free_port()}/v1"))

    assert remote.model is not None and remote.model.name == "far-model"


def _hanging_routes(gone: threading.Event):  # type: ignore[no-untyped-def]
    """A server that lists a model, then takes a chat request and never answers it."""
    import anyio
    from starlette.responses import JSONResponse, Response
    from starlette.routing import Route

    async def models(_request):  # type: ignore[no-untyped-def]
        return JSONResponse({"object": "list", "data": [{"id": "slow", "object": "model", "max_model_len": 2048}]})

    async def hang(request):  # type: ignore[no-untyped-def]
        while not await request.is_disconnected():
            await anyio.sleep(0.01)
        gone.set()
        return Response(status_code=499)

    return [Route("/v1/models", models), Route("/v1/chat/completions", hang, methods=["POST"])]


def test_a_server_that_says_nothing_times_out_with_a_clear_message() -> None:
    with _stand_in(_hanging_routes(threading.Event())) as url:
        engine = RemoteEngine()
        engine.connect(RemoteSettings(url, timeout=0.3))
        with pytest.raises(RemoteEngineError, match="sent nothing for 0.3 s"):
            engine.generate_chat([ChatMessage("user", "Hi")], GenerationParams(), lambda _piece: None)
        engine.unload()


def test_stop_before_the_first_byte_returns_and_closes_the_connection() -> None:
    gone = threading.Event()
    with _stand_in(_hanging_routes(gone)) as url:
        engine = RemoteEngine()
        engine.connect(RemoteSettings(url))
        cancel = threading.Event()
        threading.Timer(0.3, cancel.set).start()

        stats = engine.generate_chat([ChatMessage("user", "Hi")], GenerationParams(), lambda _piece: None, cancel)

        assert stats.stop_reason == "cancelled" and stats.text == ""
        assert gone.wait(5)  # the server saw its client go
        engine.unload()


def test_a_server_that_does_not_report_its_context_gets_the_default() -> None:
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    async def models(_request):  # type: ignore[no-untyped-def]
        return JSONResponse({"object": "list", "data": [{"id": "quiet", "object": "model"}]})

    with _stand_in([Route("/v1/models", models)]) as url:
        info = RemoteEngine().connect(RemoteSettings(url))

    assert info.n_ctx == DEFAULT_REMOTE_CTX and info.n_ctx_train == 0


def test_llama_servers_props_give_the_context_size() -> None:
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    async def models(_request):  # type: ignore[no-untyped-def]
        return JSONResponse({"object": "list", "data": [{"id": "qwen.gguf", "object": "model",
                                                         "meta": {"n_ctx_train": 32768}}]})

    async def props(_request):  # type: ignore[no-untyped-def]
        return JSONResponse({"default_generation_settings": {"n_ctx": 8192}, "total_slots": 1})

    with _stand_in([Route("/v1/models", models), Route("/props", props)]) as url:
        info = RemoteEngine().connect(RemoteSettings(url))

    assert info.n_ctx == 8192


def test_ollamas_show_gives_the_context_size() -> None:
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    async def models(_request):  # type: ignore[no-untyped-def]
        return JSONResponse({"object": "list", "data": [{"id": "llama3.2:3b", "object": "model"}]})

    async def show(request):  # type: ignore[no-untyped-def]
        assert (await request.json())["model"] == "llama3.2:3b"
        return JSONResponse({"parameters": "stop \"<|eot_id|>\"\nnum_ctx 16384",
                             "model_info": {"llama.context_length": 131072}})

    with _stand_in([Route("/v1/models", models), Route("/api/show", show, methods=["POST"])]) as url:
        info = RemoteEngine().connect(RemoteSettings(url))

    assert info.n_ctx == 16384


class _StandIn:
    def __init__(self, routes) -> None:  # type: ignore[no-untyped-def]
        import uvicorn
        from starlette.applications import Starlette

        self.server = uvicorn.Server(uvicorn.Config(Starlette(routes=routes), host="127.0.0.1", port=free_port(),
                                                    log_config=None, lifespan="off", timeout_graceful_shutdown=1))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        wait_until(lambda: self.server.started, 10, "the stand-in server")
        return f"http://127.0.0.1:{self.server.config.port}/v1"

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(10)


def _stand_in(routes) -> _StandIn:  # type: ignore[no-untyped-def]
    """A few routes of another server (llama-server, Ollama) on a real loopback port."""
    return _StandIn(routes)
