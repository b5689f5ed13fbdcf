"""Fake engines for the writing tests: a base model (no chat template) and an instruct one."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from desktop_app.core.engine.fake import FakeEngine
from desktop_app.core.store import Store

# A Gemma-style template, enough for core/prompts to render real chat prompts.
CHAT_TEMPLATE = (
    "{{ bos_token }}{% for m in messages %}<start_of_turn>{{ m.role }}\n{{ m.content }}<end_of_turn>\n"
    "{% endfor %}{% if add_generation_prompt %}<start_of_turn>model\n{% endif %}"
)


@pytest.fixture
def base_engine(starter_model_path: Path) -> FakeEngine:
    engine = FakeEngine()
    engine.load(starter_model_path)
    return engine


@pytest.fixture
def chat_engine(starter_model_path: Path) -> FakeEngine:
    engine = FakeEngine(chat_template=CHAT_TEMPLATE)
    engine.load(starter_model_path)
    return engine


@pytest.fixture
def store() -> Iterator[Store]:
    """A store on the test's own data dir."""
    opened = Store()
    yield opened
    opened.close()
