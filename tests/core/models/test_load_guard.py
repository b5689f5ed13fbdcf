"""A model whose load or first answer killed the process is remembered, and not loaded by itself again."""

from __future__ import annotations

import signal
import subprocess
from pathlib import Path

import pytest

from desktop_app.core.engine.base import GenerationParams
from desktop_app.core.engine.fake import FakeEngine
from desktop_app.core.errors import EngineError
from desktop_app.core.models.load_guard import (
    STAGE_FIRST_ANSWER,
    STAGE_LOAD,
    GuardedEngine,
    LoadGuard,
)
from tests.support import crashing_process

@pytest.fixture
def model(tmp_path: Path) -> Path:
    path = tmp_path / "models" / "nan-epsilon.gguf"
    path.parent.mkdir()
    path.write_bytes(b"GGUF")
    return path


def test_a_model_whose_load_aborted_the_process_is_reported_at_the_next_start(data_dir: Path, model: Path) -> None:
    assert crashing_process.run(data_dir, model, STAGE_LOAD, "abort") == -signal.SIGABRT

    [crash] = LoadGuard(data_dir).crashed()

    assert crash.path == model.resolve() and crash.stage == STAGE_LOAD
    assert crash.message == (
        "The model nan-epsilon.gguf crashed Inkstone last time (while loading it); it was not loaded again."
    )
    assert LoadGuard(data_dir).refusal(model) == crash
    assert LoadGuard(data_dir).refusal(model.parent / "other.gguf") is None


def test_a_model_killed_on_its_first_answer_is_reported(data_dir: Path, model: Path) -> None:
    assert crashing_process.run(data_dir, model, STAGE_FIRST_ANSWER, "kill") == -signal.SIGKILL

    [crash] = LoadGuard(data_dir).crashed()

    assert crash.stage == STAGE_FIRST_ANSWER
    assert "on its first answer" in crash.message


def test_the_refusal_lasts_until_the_model_is_chosen_again(data_dir: Path, model: Path) -> None:
    crashing_process.run(data_dir, model, STAGE_LOAD, "abort")
    assert LoadGuard(data_dir).refusal(model) is not None  # a second start still refuses it

    guard = LoadGuard(data_dir)
    guard.begin(model)  # the user picked it explicitly
    guard.finish()

    assert LoadGuard(data_dir).crashed() == []


def test_a_process_still_loading_is_not_a_crash_until_it_dies(data_dir: Path, model: Path) -> None:
    pipes = dict(stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    child = crashing_process.start(data_dir, model, STAGE_LOAD, "wait", **pipes)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "recorded"

        assert LoadGuard(data_dir).crashed() == []
    finally:
        child.kill()
        child.wait(timeout=60)

    assert [c.path for c in LoadGuard(data_dir).crashed()] == [model.resolve()]


def test_a_normal_exit_leaves_nothing_behind(data_dir: Path, model: Path) -> None:
    assert crashing_process.run(data_dir, model, STAGE_FIRST_ANSWER, "exit") == 0

    assert LoadGuard(data_dir).crashed() == []


def test_guarded_engine_keeps_the_record_until_the_first_answer_finishes(data_dir: Path, model: Path) -> None:
    guard = LoadGuard(data_dir)
    engine = GuardedEngine(FakeEngine(check_files=False), guard)

    engine.load(model)
    recorded_while_loaded = guard.active
    engine.generate("Hello", GenerationParams(max_tokens=4), lambda piece: None)

    assert recorded_while_loaded
    assert not guard.active


def test_guarded_engine_clears_the_record_when_the_answer_fails_cleanly(data_dir: Path, model: Path) -> None:
    fake = FakeEngine(check_files=False)
    guard = LoadGuard(data_dir)
    engine = GuardedEngine(fake, guard)
    engine.load(model)
    fake.fail_with = "llama_decode failed"

    with pytest.raises(EngineError):
        engine.generate("Hello", GenerationParams(max_tokens=4), lambda piece: None)

    assert not guard.active


def test_guarded_engine_clears_the_record_when_the_load_fails_cleanly(data_dir: Path, model: Path) -> None:
    class RefusingEngine(FakeEngine):
        def load(self, path, options=None):  # type: ignore[no-untyped-def]
            raise EngineError("llama.cpp could not load it")

    guard = LoadGuard(data_dir)

    with pytest.raises(EngineError):
        GuardedEngine(RefusingEngine(), guard).load(model)

    assert not guard.active
