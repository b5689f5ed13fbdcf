"""Translate and Draft through the GUI on the real starter model (llama.cpp, Gemma 3 270M base)."""

from __future__ import annotations

from typing import Iterator

import pytest

from desktop_app.core.engine.tuned import Sampling
from desktop_app.core.settings import Settings
from desktop_app.core.store.glossary import GlossaryRepository
from desktop_app.ui.writing.draft_page import DraftPage
from desktop_app.ui.engine_runner import EngineRunner
from desktop_app.ui.writing.translate_page import TranslatePage
from tests.ui.writing.conftest import stored

pytestmark = pytest.mark.model

CHINESE = "大型语言模型可以帮助人们翻译文件。它们在本地电脑上运行。"


@pytest.fixture
def real_runner(llama_engine, engine_thread) -> Iterator[EngineRunner]:
    job_runner = EngineRunner(llama_engine, engine_thread)
    job_runner.set_sampling(Sampling(top_p=0.95, top_k=40, min_p=0.05, repeat_penalty=1.1, seed=7))  # repeatable
    yield job_runner
    job_runner.cancel_all()


def test_a_chinese_paragraph_becomes_english_with_the_glossary_term(qtbot, store, real_runner, llama_engine) -> None:
    GlossaryRepository(store).add("大型语言模型", "large language model", "zh-Hans", "en")
    page = TranslatePage(store, real_runner, Settings())
    page.set_model(llama_engine.model)
    qtbot.addWidget(page)
    page.show()
    page.source_edit.setPlainText(CHINESE)
    page.target_lang.set_code("en")

    with qtbot.waitSignal(page.translationFinished, timeout=60_000) as finished:
        page.translate_button.click()
    result = finished.args[0]

    assert result.source.code == "zh-Hans" and not result.stopped
    assert "large language model" in result.text.lower()
    assert page.translation_view.toPlainText() == result.text
    assert page.detected_label.text().startswith("Detected: Simplified Chinese")
    [(_, messages)] = stored("translation")
    assert messages[1].content == result.text


def test_an_email_template_produces_a_draft(qtbot, store, real_runner, llama_engine) -> None:
    page = DraftPage(store, real_runner, Settings())
    page.set_model(llama_engine.model)
    page.draft_max_tokens = 48
    qtbot.addWidget(page)
    page.show()
    page.template_form.set_template("email")
    page.template_form.form.set_values({"topic": "Moving the team meeting to Friday", "audience": "the team"})

    with qtbot.waitSignal(page.draftFinished, timeout=60_000) as finished:
        page.generate_button.click()
    result = finished.args[0]

    body = result.text.split("Dear team,", 1)[-1]
    assert result.generated_tokens > 0 and body.strip()
    assert page.editor.toPlainText() == result.text
    assert stored("draft")[0][1][1].content == result.text
