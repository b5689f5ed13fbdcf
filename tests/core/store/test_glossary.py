"""Glossary terms in the store: added, listed per language pair, changed, removed, and migrated in."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from desktop_app.core.store import Store, StoreError
from desktop_app.core.store.database import create_sqlite_engine
from desktop_app.core.store.glossary import GlossaryRepository
from desktop_app.core.store.migrations import MIGRATIONS, m002_glossary_terms, migrate


def test_terms_are_listed_in_order_and_filtered_by_language_pair(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite3") as store:
        repository = GlossaryRepository(store)
        any_pair = repository.add(" Inkstone ", "Inkstone")
        french = repository.add("GPU", "carte graphique", "en", "fr")
        repository.add("GPU", "Grafikkarte", "en", "de")

        everything = repository.list()
        for_french = repository.list("en", "fr")

    assert [t.target for t in everything] == ["Inkstone", "carte graphique", "Grafikkarte"]
    assert for_french == [any_pair, french]
    assert any_pair.source == "Inkstone" and any_pair.source_lang is None


def test_terms_can_be_changed_and_removed(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite3") as store:
        repository = GlossaryRepository(store)
        term = repository.add("GPU", "carte graphique")

        changed = repository.update(term.id, "GPU", "processeur graphique", None, "fr")
        repository.delete(term.id)
        repository.delete(term.id)  # twice is harmless

        assert changed.target == "processeur graphique" and changed.target_lang == "fr"
        assert repository.list() == []
        with pytest.raises(StoreError, match="no longer exists"):
            repository.update(term.id, "a", "b")


def test_empty_source_or_target_is_refused(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite3") as store, pytest.raises(StoreError, match="both a source and a target"):
        GlossaryRepository(store).add("GPU", "  ")


def glossary_table_exists(path: Path) -> bool:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(
            "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='glossary_terms'"
        ).fetchone() == (1,)
    finally:
        connection.close()


def test_database_from_before_the_glossary_gets_the_table_and_keeps_its_data(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    engine = create_sqlite_engine(path)
    migrate(engine, MIGRATIONS[: MIGRATIONS.index(m002_glossary_terms)])
    engine.dispose()
    old = sqlite3.connect(path)
    old.execute("INSERT INTO conversations (id, title, kind, created_at, updated_at) "
                "VALUES (7, 'kept', 'translation', '2025-01-01 10:00:00', '2025-01-01 10:00:00')")
    old.commit()
    old.close()
    assert not glossary_table_exists(path)

    with Store(path) as store:
        term = GlossaryRepository(store).add("GPU", "carte graphique")
        kept = store.get_conversation(7)

    assert glossary_table_exists(path)
    assert term.id == 1
    assert kept is not None and (kept.title, kept.kind) == ("kept", "translation")
