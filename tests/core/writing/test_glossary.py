"""Glossary: which terms apply to a segment, and the repair of terms copied through untranslated."""

from __future__ import annotations

from desktop_app.core.writing.glossary import (
    GlossaryTerm,
    enforce_terms,
    relevant_terms,
    substitute_terms,
    terms_for_pair,
)

GPU = GlossaryTerm("GPU", "carte graphique")
MODEL = GlossaryTerm("model", "modèle")
LLM = GlossaryTerm("大型语言模型", "large language model")
LANGUAGE_MODEL = GlossaryTerm("语言模型", "language model")


def test_only_terms_occurring_in_the_segment_are_relevant_longest_first() -> None:
    found = relevant_terms([GPU, LANGUAGE_MODEL, LLM, MODEL], "大型语言模型需要GPU。")

    assert found == [LLM, LANGUAGE_MODEL, GPU]


def test_latin_terms_match_whole_words_ignoring_case() -> None:
    assert relevant_terms([MODEL], "The Model works.") == [MODEL]
    assert relevant_terms([MODEL], "The models work.") == []
    assert relevant_terms([MODEL], "remodel") == []


def test_duplicate_sources_keep_the_first_target() -> None:
    other = GlossaryTerm("gpu", "processeur graphique")

    assert relevant_terms([GPU, other], "A GPU.") == [GPU]


def test_terms_for_pair_keeps_unset_languages_and_matching_ones() -> None:
    fr_only = GlossaryTerm("cloud", "nuage", target_lang="fr")
    de_only = GlossaryTerm("cloud", "Wolke", target_lang="de")
    empty = GlossaryTerm("x", " ")

    assert terms_for_pair([GPU, fr_only, de_only, empty], "en", "fr") == [GPU, fr_only]


def test_enforce_replaces_a_copied_source_term_by_its_target() -> None:
    translated = "Le GPU et le gpu sont rapides, mais les GPUs non."

    assert enforce_terms(translated, [GPU]) == "Le carte graphique et le carte graphique sont rapides, mais les GPUs non."


def test_enforce_prefers_the_longest_term_and_leaves_synonyms_alone() -> None:
    assert enforce_terms("大型语言模型 and 语言模型", [LANGUAGE_MODEL, LLM]) == "large language model and language model"
    assert enforce_terms("a big language model", [LLM]) == "a big language model"


def test_enforce_skips_a_term_whose_target_contains_its_source() -> None:
    term = GlossaryTerm("GPU", "GPU (processeur graphique)")

    assert enforce_terms("Le GPU.", [term]) == "Le GPU."


def test_substitute_writes_targets_into_the_source() -> None:
    assert substitute_terms("大型语言模型很强大。", [LLM]) == "large language model很强大。"
