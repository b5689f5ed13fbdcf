"""Translation prompts: a few-shot pattern for base models, a rendered instruction for chat models."""

from __future__ import annotations

from desktop_app.core.writing.glossary import GlossaryTerm
from desktop_app.core.writing.languages import LANGUAGES, get_language
from desktop_app.core.writing.translate_prompts import (
    TranslationOptions,
    base_translation_prompt,
    translation_prompt,
)

EN, FR, ZH = get_language("en"), get_language("fr"), get_language("zh-Hans")


def test_base_prompt_ends_with_the_segment_and_the_target_label() -> None:
    spec = base_translation_prompt("The weather is nice today.", EN, FR, TranslationOptions())

    assert spec.text.endswith("English: The weather is nice today.\nFrench:")
    assert "French: Où est la gare ?" in spec.text
    assert spec.stop == ("\n", "English:")


def test_base_prompt_puts_the_previous_segment_last_before_the_new_one() -> None:
    spec = base_translation_prompt("Second.", EN, FR, TranslationOptions(), previous=("First.", "Premier."))

    assert spec.text.endswith("English: First.\nFrench: Premier.\n\nEnglish: Second.\nFrench:")


def test_base_prompt_shows_the_register_asked_for() -> None:
    formal = base_translation_prompt("Hi.", EN, FR, TranslationOptions(tone="formal")).text
    informal = base_translation_prompt("Hi.", EN, FR, TranslationOptions(tone="informal")).text

    assert "Pourriez-vous m'aider ?" in formal and "Tu peux" not in formal
    assert "Tu peux m'aider ?" in informal


def test_base_prompt_writes_glossary_targets_into_the_source_line() -> None:
    term = GlossaryTerm("大型语言模型", "large language model")

    spec = base_translation_prompt("大型语言模型很强大。", ZH, EN, TranslationOptions(), [term])

    assert spec.text.endswith("Chinese: large language model很强大。\nEnglish:")


def test_every_language_pair_has_examples() -> None:
    for source in LANGUAGES:
        for target in LANGUAGES:
            if source != target:
                spec = base_translation_prompt("x", source, target, TranslationOptions(tone="formal"))
                assert spec.text.count("\n\n") == 4


def test_chat_prompt_renders_the_instruction_with_the_models_template(chat_engine) -> None:
    spec = translation_prompt(
        chat_engine, "Hello GPU.", EN, FR, TranslationOptions(tone="informal"),
        [GlossaryTerm("GPU", "carte graphique")], previous=("Before.", "Avant."),
    )

    assert spec.text.startswith("<start_of_turn>")
    assert spec.text.endswith("<start_of_turn>model\n")
    assert "into French" in spec.text
    assert "informal" in spec.text
    assert "GPU → carte graphique" in spec.text
    assert "Before." in spec.text and "Avant." in spec.text
    assert "Markdown" in spec.text  # keep formatting is on by default
    assert "Text to translate:\nHello GPU." in spec.text
    assert "<end_of_turn>" in spec.stop


def test_base_engine_gets_the_pattern(base_engine) -> None:
    spec = translation_prompt(base_engine, "Hi.", EN, FR, TranslationOptions())

    assert spec.text.endswith("English: Hi.\nFrench:")
