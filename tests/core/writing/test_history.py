"""Translations and drafts land in the history; the saved glossary comes back as GlossaryTerm."""

from __future__ import annotations

from desktop_app.core.store import Store
from desktop_app.core.store.glossary import GlossaryRepository
from desktop_app.core.writing.glossary import GlossaryTerm
from desktop_app.core.writing.draft_history import save_draft
from desktop_app.core.writing.history import TranslationHistory, saved_glossary


def test_translation_is_stored_as_a_translation_conversation() -> None:
    with Store() as store:
        conversation_id = TranslationHistory(store).save("Hello world.", "Bonjour le monde.", source="en",
                                                         target="fr", stopped=True, model="starter")

        [conversation] = store.list_conversations(kind="translation")
        messages = store.messages(conversation_id)

    assert conversation.id == conversation_id and conversation.title == "Hello world."
    assert [(m.role, m.content, m.status) for m in messages] == [
        ("user", "[en → fr]\nHello world.", "complete"),
        ("assistant", "Bonjour le monde.", "stopped"),
    ]


def test_draft_is_stored_with_its_request() -> None:
    with Store() as store:
        conversation_id = save_draft(store, "email", {"topic": "Lunch", "audience": ""}, "Subject: Lunch")

        [conversation] = store.list_conversations(kind="draft")
        messages = store.messages(conversation_id)

    assert conversation.title == "Lunch"
    assert messages[0].content == "[email]\ntopic: Lunch"
    assert messages[1].content == "Subject: Lunch"


def test_saved_glossary_filters_by_language_pair() -> None:
    with Store() as store:
        repository = GlossaryRepository(store)
        repository.add("GPU", "carte graphique", target_lang="fr")
        repository.add("GPU", "Grafikkarte", target_lang="de")
        repository.add("Inkstone", "Inkstone")

        terms = saved_glossary(store, "en", "fr")

    assert terms == [GlossaryTerm("GPU", "carte graphique", None, "fr"), GlossaryTerm("Inkstone", "Inkstone")]
