"""Schema versions: run once, recorded, and old databases open with their data intact.

When you add a migration, add a test here that builds the database as it was before it
(raw SQL, like V1_SCHEMA below), fills it, opens it with Store and checks the data.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

import pytest

from desktop_app.core.store import DatabaseRefused, Store, search_index, set_aside
from desktop_app.core.search.grams import search_grams
from desktop_app.core.store.database import SEARCH_GRAMS_FUNCTION, create_sqlite_engine, register_functions
from desktop_app.core.store.migrations import MIGRATIONS, migrate
from desktop_app.core.store.schema import Base

# The schema exactly as Inkstone 0.1 (schema version 1) wrote it. Never edit: it is history.
V1_SCHEMA = """
CREATE TABLE _migrations (name TEXT PRIMARY KEY, applied_at DATETIME NOT NULL);
CREATE TABLE conversations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL,
    model TEXT
);
CREATE INDEX ix_conversations_updated_at ON conversations (updated_at);
CREATE TABLE messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    content TEXT NOT NULL,
    status TEXT NOT NULL,
    model TEXT,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL,
    prompt_tokens INTEGER,
    generated_tokens INTEGER,
    time_to_first_token FLOAT,
    tokens_per_second FLOAT
);
CREATE INDEX ix_messages_conversation_id ON messages (conversation_id);
INSERT INTO _migrations VALUES ('m001_initial', '2025-01-01 00:00:00');
PRAGMA user_version = 1;
"""


def sql_rows(path: Path, query: str) -> list[tuple]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(query).fetchall()
    finally:
        connection.close()


def test_new_database_records_every_migration(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"

    with Store(path) as store:
        version = store.schema_version()

    names = [name for (name,) in sql_rows(path, "SELECT name FROM _migrations ORDER BY rowid")]
    assert names == [function.__name__ for function in MIGRATIONS]
    assert version == len(MIGRATIONS)
    assert sql_rows(path, "PRAGMA user_version") == [(len(MIGRATIONS),)]


def test_reopening_does_not_rerun_migrations(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    Store(path).close()
    first_run = sql_rows(path, "SELECT name, applied_at FROM _migrations ORDER BY rowid")

    with Store(path) as store:
        store.create_conversation()
    with Store(path) as store:
        assert len(store.list_conversations()) == 1

    assert sql_rows(path, "SELECT name, applied_at FROM _migrations ORDER BY rowid") == first_run


def test_version_1_database_opens_with_its_data(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    old = sqlite3.connect(path)
    old.executescript(V1_SCHEMA)
    old.executescript(
        """
        INSERT INTO conversations VALUES (7, 'Old chat', 'chat', '2025-01-02 10:00:00.000000',
                                          '2025-01-02 10:05:00.000000', 'gemma');
        INSERT INTO messages VALUES (40, 7, 'user', 'Hello from 2025', 'complete', NULL,
                                     '2025-01-02 10:00:00.000000', '2025-01-02 10:00:00.000000',
                                     NULL, NULL, NULL, NULL);
        INSERT INTO messages VALUES (41, 7, 'assistant', 'Hi!', 'complete', 'gemma',
                                     '2025-01-02 10:05:00.000000', '2025-01-02 10:05:00.000000',
                                     9, 2, 0.5, 30.0);
        """
    )
    old.close()

    with Store(path) as store:
        version = store.schema_version()
        conversation = store.get_conversation(7)
        messages = store.messages(7)

    assert version == len(MIGRATIONS)
    assert conversation.title == "Old chat"
    assert conversation.updated_at == datetime(2025, 1, 2, 10, 5, tzinfo=timezone.utc)
    assert [(m.id, m.role, m.content) for m in messages] == [
        (40, "user", "Hello from 2025"),
        (41, "assistant", "Hi!"),
    ]
    assert (messages[1].prompt_tokens, messages[1].tokens_per_second) == (9, 30.0)


# What m002_glossary_terms added to V1_SCHEMA (schema version 2). Never edit: it is history.
V2_ADDITIONS = """
CREATE TABLE glossary_terms (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    source_lang TEXT,
    target_lang TEXT,
    created_at DATETIME NOT NULL
);
INSERT INTO _migrations VALUES ('m002_glossary_terms', '2025-06-01 00:00:00');
PRAGMA user_version = 2;
"""


def test_version_2_database_gets_the_conversation_list_index_and_lists_in_the_same_order(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    old = sqlite3.connect(path)
    old.executescript(V1_SCHEMA)
    old.executescript(V2_ADDITIONS)
    old.executemany(
        "INSERT INTO conversations VALUES (?, ?, ?, '2025-01-01 09:00:00.000000', ?, NULL)",
        [
            (1, "oldest", "chat", "2025-01-02 10:00:00.000000"),
            (2, "tied, lower id", "chat", "2025-01-03 10:00:00.000000"),
            (3, "tied, higher id", "chat", "2025-01-03 10:00:00.000000"),
            (4, "a draft", "draft", "2025-01-04 10:00:00.000000"),
            (5, "newest", "chat", "2025-01-05 10:00:00.000000"),
        ],
    )
    old.commit()
    old.close()

    with Store(path) as store:
        first = store.list_conversations(limit=2)
        rest = store.list_conversations(limit=2, after=first[-1].cursor)

    assert [c.title for c in first + rest] == ["newest", "tied, higher id", "tied, lower id", "oldest"]
    indexes = {name for (name,) in sql_rows(path, "SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert "ix_conversations_kind_updated_at_id" in indexes
    assert "ix_conversations_updated_at" not in indexes
    assert sql_rows(path, "PRAGMA index_info(ix_conversations_kind_updated_at_id)") == [
        (0, 2, "kind"),
        (1, 4, "updated_at"),
        (2, 0, "id"),
    ]


@pytest.mark.parametrize("version", range(1, len(MIGRATIONS) + 1))
def test_database_at_each_version_upgrades_to_current(tmp_path: Path, version: int) -> None:
    path = tmp_path / "store.sqlite3"
    engine = create_sqlite_engine(path)
    assert migrate(engine, MIGRATIONS[:version]) == version
    engine.dispose()

    with Store(path) as store:
        conversation = store.create_conversation("after upgrade")
        assert store.schema_version() == len(MIGRATIONS)
        assert store.get_conversation(conversation.id).title == "after upgrade"


def test_migrated_schema_matches_the_orm_models(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    Store(path).close()

    for table in Base.metadata.sorted_tables:
        info = sql_rows(path, f"PRAGMA table_info({table.name})")
        on_disk = {name: (bool(notnull) or bool(pk)) for _, name, _, notnull, _, pk in info}
        in_models = {column.name: not column.nullable for column in table.columns}
        assert on_disk == in_models, table.name

        indexes = {
            name
            for _, name, *_ in sql_rows(path, f"PRAGMA index_list({table.name})")
            if not name.startswith("sqlite_autoindex_")
        }
        assert {index.name for index in table.indexes} == indexes, table.name

        foreign_keys = {
            (row[3], row[2], row[4], row[6])
            for row in sql_rows(path, f"PRAGMA foreign_key_list({table.name})")
        }
        assert foreign_keys == {
            (fk.parent.name, fk.column.table.name, fk.column.name, fk.ondelete or "NO ACTION")
            for fk in table.foreign_keys
        }, table.name


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_database_from_a_newer_inkstone_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    Store(path).close()
    newer = sqlite3.connect(path)
    newer.execute("INSERT INTO _migrations VALUES ('m999_from_the_future', '2030-01-01')")
    newer.commit()
    newer.close()
    before = file_hash(path)

    with pytest.raises(DatabaseRefused, match="newer version of Inkstone"):
        Store(path)

    assert file_hash(path) == before


def test_database_with_a_higher_user_version_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    Store(path).close()
    newer = sqlite3.connect(path)
    newer.execute("PRAGMA journal_mode = DELETE")  # the newer Inkstone might not use WAL: nothing may switch it
    newer.execute("PRAGMA user_version = 99")
    newer.close()
    before = file_hash(path)

    with pytest.raises(DatabaseRefused, match="newer version of Inkstone") as refused:
        Store(path)

    assert refused.value.path == path
    assert file_hash(path) == before
    assert not Path(f"{path}-wal").exists()


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"this is not a database at all\n" * 100,
        lambda data: data[:100] + bytes(len(data) - 100),  # header kept, pages zeroed
        lambda data: data[:16] + bytes(84) + data[100:],  # header zeroed
    ],
    ids=["text", "pages-zeroed", "header-zeroed"],
)
def test_a_damaged_database_is_refused_clearly_and_left_untouched(tmp_path: Path, damage) -> None:
    path = tmp_path / "store.sqlite3"
    with Store(path) as store:
        store.create_conversation("precious")
    path.write_bytes(damage(path.read_bytes()))
    before = file_hash(path)

    with pytest.raises(DatabaseRefused, match=str(path)):
        Store(path)

    assert file_hash(path) == before


def test_another_program_s_database_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)")
    other.commit()
    other.close()
    before = file_hash(path)

    with pytest.raises(DatabaseRefused, match="another program"):
        Store(path)

    assert file_hash(path) == before


def test_a_refused_database_is_set_aside_with_its_wal_and_a_fresh_one_opens(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    with Store(path) as store:
        store.create_conversation("from the future")
    newer = sqlite3.connect(path)
    newer.execute("PRAGMA user_version = 99")
    newer.commit()
    newer.close()
    before = file_hash(path)
    with pytest.raises(DatabaseRefused):
        Store(path)

    kept = set_aside(path)

    assert kept.parent == path.parent and kept != path
    assert file_hash(kept) == before
    assert sql_rows(kept, "PRAGMA user_version") == [(99,)]
    with Store(path) as fresh:
        assert fresh.list_conversations() == []


def test_version_2_database_gains_the_writer_and_its_old_streaming_answer_is_interrupted(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    engine = create_sqlite_engine(path)
    migrate(engine, MIGRATIONS[: names().index("m004_message_writer")])
    engine.dispose()
    old = sqlite3.connect(path)
    old.executescript(
        """
        INSERT INTO conversations VALUES (3, 'Cut off', 'chat', '2025-01-02 10:00:00.000000',
                                          '2025-01-02 10:05:00.000000', 'gemma');
        INSERT INTO messages VALUES (9, 3, 'assistant', 'half an ans', 'streaming', 'gemma',
                                     '2025-01-02 10:05:00.000000', '2025-01-02 10:05:00.000000',
                                     NULL, NULL, NULL, NULL);
        """
    )
    old.commit()
    old.close()

    with Store(path) as store:
        recovered = store.recover_interrupted()
        [message] = store.messages(3)

    assert recovered == 1
    assert (message.status, message.content) == ("interrupted", "half an ans")
    assert sql_rows(path, "SELECT writer_pid, writer_started FROM messages") == [(None, None)]


def names() -> list[str]:
    return [function.__name__ for function in MIGRATIONS]


def test_failed_migration_leaves_no_trace(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"

    def m002_broken(conn) -> None:
        conn.exec_driver_sql("CREATE TABLE half_done (id INTEGER PRIMARY KEY)")
        conn.exec_driver_sql("THIS IS NOT SQL")

    engine = create_sqlite_engine(path)
    with pytest.raises(Exception):
        migrate(engine, [*MIGRATIONS, m002_broken])
    engine.dispose()

    tables = {name for (name,) in sql_rows(path, "SELECT name FROM sqlite_master WHERE type='table'")}
    assert "half_done" not in tables
    assert sql_rows(path, "PRAGMA user_version") == [(len(MIGRATIONS),)]


def test_database_before_documents_gains_their_tables_and_keeps_its_chats(tmp_path: Path) -> None:
    from desktop_app.core.documents.keywords import keyword_text
    from desktop_app.core.store.documents import DocumentStore

    path = tmp_path / "store.sqlite3"
    engine = create_sqlite_engine(path)
    migrate(engine, MIGRATIONS[: names().index("m008_documents")])
    engine.dispose()
    old = sqlite3.connect(path)
    old.execute("INSERT INTO conversations (id, title, kind, created_at, updated_at) VALUES "
                "(5, 'Before documents', 'chat', '2025-01-02 10:00:00.000000', '2025-01-02 10:00:00.000000')")
    old.commit()
    old.close()

    with Store(path) as store:
        docs = DocumentStore(store, keyword_text)
        collection = docs.ensure_collection("Documents", "starter:all-MiniLM-L6-v2")
        docs.set_conversation_collections(5, [collection.id])
        kept = store.get_conversation(5)
        used = docs.conversation_collections(5)
        store.delete_conversation(5)
        after_delete = docs.conversation_collections(5)

    assert kept.title == "Before documents"
    assert used == [collection.id]
    assert after_delete == []  # the link goes with the conversation
    tables = {name for (name,) in sql_rows(path, "SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"doc_collections", "doc_sources", "doc_files", "doc_chunks", "message_citations"} <= tables


def database_before(path: Path, migration_name: str, grams: Callable[[str | None], str] = search_grams) -> None:
    """A database with every migration before `migration_name`, and two chats (one streaming) in it,
    indexed (from m006 on) with `grams` as the search grams of that time."""
    engine = create_sqlite_engine(path)
    migrate(engine, MIGRATIONS[: names().index(migration_name)])
    engine.dispose()
    old = sqlite3.connect(path)
    register_functions(old)  # the search index's triggers (from m006 on) call one
    old.create_function(SEARCH_GRAMS_FUNCTION, 1, grams, deterministic=True)
    old.executescript(
        """
        INSERT INTO conversations (id, title, kind, created_at, updated_at, model) VALUES
            (1, 'Old chat', 'chat', '2025-01-02 10:00:00.000000', '2025-01-02 10:05:00.000000', 'gemma'),
            (2, 'Other chat', 'chat', '2025-01-03 10:00:00.000000', '2025-01-03 10:05:00.000000', 'gemma');
        INSERT INTO messages (id, conversation_id, role, content, status, model, created_at, updated_at) VALUES
            (10, 1, 'user', 'What is recursion? 什么是递归', 'complete', NULL, '2025-01-02 10:00:00', '2025-01-02 10:00:00'),
            (11, 2, 'user', 'Unrelated question', 'complete', NULL, '2025-01-03 10:00:00', '2025-01-03 10:00:00'),
            (12, 1, 'assistant', 'A function that calls itself.', 'complete', 'gemma', '2025-01-02 10:01:00', '2025-01-02 10:01:00'),
            (13, 1, 'user', 'An example?', 'complete', NULL, '2025-01-02 10:02:00', '2025-01-02 10:02:00'),
            (14, 1, 'assistant', 'factorial(n) calls factorial(n - 1)', 'streaming', 'gemma', '2025-01-02 10:03:00', '2025-01-02 10:03:00');
        """
    )
    old.commit()
    old.close()


def test_an_old_database_s_chats_become_one_branch_each_ending_at_their_last_message(tmp_path: Path) -> None:
    from desktop_app.core.chat import ChatService

    path = tmp_path / "store.sqlite3"
    database_before(path, "m005_message_tree")

    with Store(path) as store:
        branch = [placed.id for placed in ChatService(store).branch(1)]
        messages = store.messages(1)
        conversation = store.get_conversation(1)

    assert branch == [10, 12, 13, 14]
    assert [m.parent_id for m in messages] == [None, 10, 12, 13]
    assert conversation.current_leaf_id == 14


def test_an_old_database_s_messages_are_searchable_and_its_streaming_answer_once_recovered(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    database_before(path, "m006_message_search")

    with Store(path) as store:
        assert [m.id for _, m in store.search_messages("recursion")] == [10]
        assert [m.id for _, m in store.search_messages("递归")] == [10]
        assert store.search_messages("factorial") == []  # still "streaming" in the old file
        store.recover_interrupted()
        assert [m.id for _, m in store.search_messages("factorial")] == [14]


def test_an_old_database_gets_the_first_presets_and_default_conversation_settings(tmp_path: Path) -> None:
    from desktop_app.core.store import PresetRepository

    path = tmp_path / "store.sqlite3"
    database_before(path, "m007_conversation_settings")

    with Store(path) as store:
        conversation = store.get_conversation(1)
        presets = [preset.name for preset in PresetRepository(store).list()]
        coder = PresetRepository(store).find("coder")
        store.set_conversation_settings(1, preset_id=coder.id, temperature=0.2, max_tokens=None)
        store.set_pinned(1, True)
        PresetRepository(store).delete(coder.id)
        after = store.get_conversation(1)

    assert presets == ["Assistant", "Translator", "Editor", "Coder"]
    assert (conversation.preset_id, conversation.temperature, conversation.max_tokens, conversation.pinned) == (
        None, None, None, False)
    assert (after.preset_id, after.temperature, after.pinned) == (None, 0.2, True)  # a deleted preset lets go


def grams_before_symbol_grams(text: str | None) -> str:
    """What search_grams gave before m009: CJK grams and short words, no symbol grams (no token
    of those is longer than 2 characters)."""
    return " ".join(gram for gram in search_grams(text).split() if len(gram) <= 2)


def test_an_old_database_s_short_terms_with_symbols_are_found_through_the_rebuilt_grams_index(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    database_before(path, "m009_symbol_grams", grams=grams_before_symbol_grams)

    with Store(path) as store:
        assert store.has_search_index  # so each search below is served by the grams index
        assert [m.id for _, m in store.search_messages("?")] == [13, 10]
        assert [m.id for _, m in store.search_messages("N?")] == [10]
        assert [m.id for _, m in store.search_messages("f.")] == [12]
        assert [m.id for _, m in store.search_messages("递归")] == [10]  # the other grams are still there
        assert store.search_messages("n)") == []  # still "streaming" in the old file
        store.recover_interrupted()
        assert [m.id for _, m in store.search_messages("n)")] == [14]
        store.update_message_content(13, "An example, please")
        assert [m.id for _, m in store.search_messages("?")] == [10]
        assert [m.id for _, m in store.search_messages("e,")] == [13]

    indexes = {row[1] for row in sql_rows(path, "PRAGMA index_list(conversations)")}
    assert "ix_conversations_kind_pinned_updated_at_id" in indexes


def test_an_old_database_without_the_search_index_opens_and_scans(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search_index, "supported", lambda: False)  # as on a SQLite without trigram
    path = tmp_path / "store.sqlite3"
    database_before(path, "m009_symbol_grams")

    with Store(path) as store:
        assert not store.has_search_index
        assert [m.id for _, m in store.search_messages("n?")] == [10]


def test_an_answer_left_streaming_before_m010_is_still_recovered_through_the_new_index(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    database_before(path, "m010_streaming_index")  # message 14 was left streaming by a process now gone

    with Store(path) as store:
        assert store.recover_interrupted() == 1
        assert store.message(14).status == "interrupted"
        assert store.recover_interrupted() == 0
    raw = sqlite3.connect(path)
    try:
        indexed = raw.execute("SELECT count(*) FROM messages INDEXED BY ix_messages_streaming "
                              "WHERE status = 'streaming'").fetchone()[0]
    finally:
        raw.close()
    assert indexed == 0  # the recovered answer left the partial index
