"""Writing pages on a FakeEngine that lives on its own QThread, as the chat worker's does."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest
from PySide6.QtCore import QThread

from desktop_app.core.engine.fake import FakeEngine
from desktop_app.core.settings import Settings
from desktop_app.core.store import Store
from desktop_app.ui.engine_runner import EngineRunner

# A Gemma-style template: enough for core/prompts to treat the fake as an instruct model.
CHAT_TEMPLATE = (
    "{{ bos_token }}{% for m in messages %}<start_of_turn>{{ m.role }}\n{{ m.content }}<end_of_turn>\n"
    "{% endfor %}{% if add_generation_prompt %}<start_of_turn>model\n{% endif %}"
)


@pytest.fixture
def store() -> Iterator[Store]:
    opened = Store()
    yield opened
    opened.close()


@pytest.fixture
def engine(starter_model_path: Path) -> FakeEngine:
    """A base model (no chat template): one segment per line, few-shot prompts."""
    fake = FakeEngine()
    fake.load(starter_model_path)
    return fake


@pytest.fixture
def engine_thread() -> Iterator[QThread]:
    thread = QThread()
    thread.setObjectName("test-engine")
    thread.start()
    yield thread
    thread.quit()
    thread.wait(10_000)


@pytest.fixture
def runner(engine: FakeEngine, engine_thread: QThread) -> Iterator[EngineRunner]:
    job_runner = EngineRunner(engine, engine_thread)
    yield job_runner
    job_runner.cancel_all()


@pytest.fixture
def translate_page(qtbot, store: Store, runner: EngineRunner, engine: FakeEngine):
    from desktop_app.ui.writing.translate_page import TranslatePage

    page = TranslatePage(store, runner, Settings())
    page.set_model(engine.model)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    return page


@pytest.fixture
def draft_page(qtbot, store: Store, runner: EngineRunner, engine: FakeEngine):
    from desktop_app.ui.writing.draft_page import DraftPage

    page = DraftPage(store, runner, Settings())
    page.set_model(engine.model)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    return page


def stored(kind: str) -> list[tuple[object, list[object]]]:
    """Conversations of a kind with their messages, read through a fresh Store (what a restart sees)."""
    fresh = Store()
    try:
        return [(c, fresh.messages(c.id)) for c in fresh.list_conversations(kind)]
    finally:
        fresh.close()
