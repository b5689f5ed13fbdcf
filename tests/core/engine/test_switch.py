"""The engine switch: a server replaces the local model only once it answers, and a model file brings it back."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from desktop_app.core.engine.fake import FakeEngine
from desktop_app.core.engine.remote import RemoteEngineError, RemoteSettings
from desktop_app.core.engine.switch import EngineSwitch
from tests.support.servers import InProcessServer, free_port


@pytest.fixture
def served() -> Iterator[InProcessServer]:
    engine = FakeEngine(check_files=False)
    engine.load(Path("server-model.gguf"))
    server = InProcessServer(engine)
    yield server
    server.close()


def test_connecting_frees_the_local_model_and_loading_a_file_brings_it_back(
        served: InProcessServer, starter_model_path: Path) -> None:
    local = FakeEngine()
    switch = EngineSwitch(local)
    switch.load(starter_model_path)

    remote_info = switch.connect(RemoteSettings(served.base_url, served.api_key))

    assert local.model is None
    assert switch.model == remote_info and remote_info.server
    assert switch.remote is not None

    local_info = switch.load(starter_model_path)

    assert switch.model == local_info and not local_info.server
    assert switch.remote is None


def test_a_server_that_cannot_be_reached_keeps_the_local_model(starter_model_path: Path) -> None:
    local = FakeEngine()
    switch = EngineSwitch(local)
    loaded = switch.load(starter_model_path)

    with pytest.raises(RemoteEngineError):
        switch.connect(RemoteSettings(f"http://127.0.0.1:{free_port()}/v1"))

    assert switch.model == loaded
    assert local.model == loaded
