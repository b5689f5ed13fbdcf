"""Schema versions as an ordered list of functions, each run once in its own transaction.

To change the schema, append a function and keep the old ones as they are:

    @migration
    def m002_glossary(conn: Connection) -> None:
        run(conn, "CREATE TABLE glossary_terms (id INTEGER PRIMARY KEY AUTOINCREMENT, ...)")

then update schema.py to match and add a test that opens a database from before it
(see tests/core/store/test_migrations.py). Migrations write plain SQL, not the ORM
models, because the models describe only the newest schema.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.engine import Connection

from desktop_app.core.store import search_index
from desktop_app.core.store.compatibility import MIGRATIONS_TABLE, check_compatible
from desktop_app.core.store.database import writer
from desktop_app.core.store.errors import StoreError

Migration = Callable[[Connection], None]
MIGRATIONS: list[Migration] = []


def migration(function: Migration) -> Migration:
    """Register function as the next schema version (order of definition is the order run)."""
    MIGRATIONS.append(function)
    return function


def run(conn: Connection, *statements: str) -> None:
    for statement in statements:
        conn.exec_driver_sql(statement)


@migration
def m001_initial(conn: Connection) -> None:
    run(
        conn,
        """
        CREATE TABLE conversations (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            title TEXT NOT NULL,
            kind TEXT NOT NULL,
            created_at DATETIME NOT NULL,
            updated_at DATETIME NOT NULL,
            model TEXT
        )
        """,
        "CREATE INDEX ix_conversations_updated_at ON conversations (updated_at)",
        """
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
        )
        """,
        "CREATE INDEX ix_messages_conversation_id ON messages (conversation_id)",
    )


@migration
def m002_glossary_terms(conn: Connection) -> None:
    """Glossary terms for Translate (desktop_app/core/store/glossary.py)."""
    run(
        conn,
        """
        CREATE TABLE glossary_terms (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            source TEXT NOT NULL,
            target TEXT NOT NULL,
            source_lang TEXT,
            target_lang TEXT,
            created_at DATETIME NOT NULL
        )
        """,
    )


@migration
def m003_conversation_list_index(conn: Connection) -> None:
    """Each page of a conversation list is one range of this index: one kind, most recent first.

    It replaces ix_conversations_updated_at. With that one, a page of chats walked past every
    translation and draft; the one list it still served, every kind at once (the CLI's `history`),
    reads the whole table anyway, and sorting 10,000 rows costs about 4 ms. One index fewer to
    keep up to date, as every message bumps updated_at.
    """
    run(
        conn,
        "CREATE INDEX ix_conversations_kind_updated_at_id ON conversations (kind, updated_at, id)",
        "DROP INDEX ix_conversations_updated_at",
    )


@migration
def m004_message_writer(conn: Connection) -> None:
    """Which process writes a streaming answer, so start-up recovery leaves live ones alone."""
    run(
        conn,
        "ALTER TABLE messages ADD COLUMN writer_pid INTEGER",
        "ALTER TABLE messages ADD COLUMN writer_started FLOAT",
    )


@migration
def m005_message_tree(conn: Connection) -> None:
    """Messages form a tree: an edited question or a regenerated answer is a sibling, not a replacement.

    Each message points at the one before it (parent_id); a conversation remembers the last
    message of the branch on screen (current_leaf_id). Existing conversations become one branch.
    parent_id has no ON DELETE action: the store removes a message with its whole subtree in one
    statement, and a conversation's messages go with it (SQLite checks the reference at the end of
    the statement); a cascade would recurse once per message of a long branch.
    """
    run(
        conn,
        "ALTER TABLE messages ADD COLUMN parent_id INTEGER REFERENCES messages (id)",
        """
        UPDATE messages SET parent_id = (
            SELECT MAX(earlier.id) FROM messages AS earlier
            WHERE earlier.conversation_id = messages.conversation_id AND earlier.id < messages.id
        )
        """,
        "CREATE INDEX ix_messages_parent_id ON messages (parent_id)",
        "ALTER TABLE conversations ADD COLUMN current_leaf_id INTEGER",
        "UPDATE conversations SET current_leaf_id = (SELECT MAX(id) FROM messages WHERE conversation_id = conversations.id)",
    )


@migration
def m006_message_search(conn: Connection) -> None:
    """A full-text index of every message (core/store/search_index.py), filled for the existing ones.

    Without FTS5 and its trigram tokenizer (SQLite before 3.34, or built without them) nothing is
    created and search scans the messages instead.
    """
    if not search_index.supported():
        return
    run(conn, *search_index.table_statements(), *search_index.trigger_statements(), *search_index.fill_statements())


@migration
def m007_conversation_settings(conn: Connection) -> None:
    """Per-conversation settings (a system-prompt preset, temperature and answer length, pinned) and the presets."""
    run(
        conn,
        """
        CREATE TABLE chat_presets (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL,
            system_prompt TEXT NOT NULL,
            created_at DATETIME NOT NULL
        )
        """,
        "ALTER TABLE conversations ADD COLUMN preset_id INTEGER REFERENCES chat_presets (id) ON DELETE SET NULL",
        "ALTER TABLE conversations ADD COLUMN temperature FLOAT",
        "ALTER TABLE conversations ADD COLUMN max_tokens INTEGER",
        "ALTER TABLE conversations ADD COLUMN pinned BOOLEAN NOT NULL DEFAULT 0",
    )
    now = datetime.now(timezone.utc).replace(tzinfo=None).isoformat(sep=" ")
    for name, prompt in _FIRST_PRESETS:
        conn.execute(
            text("INSERT INTO chat_presets (name, system_prompt, created_at) VALUES (:name, :prompt, :at)"),
            {"name": name, "prompt": prompt, "at": now},
        )


# The presets a new database starts with (the user can change or delete them). History: never edit.
_FIRST_PRESETS = (
    ("Assistant", "You are a helpful, knowledgeable assistant. Answer accurately and concisely; "
                  "say so when you are not sure. Answer in the language of the question."),
    ("Translator", "You are a professional translator. Translate the user's text faithfully and "
                   "naturally; if no target language is named, translate Chinese into English and any "
                   "other language into Chinese. Reply with the translation only."),
    ("Editor", "You are a careful editor. Improve the user's text for clarity, grammar and flow while "
               "keeping its meaning, tone and language. Reply with the edited text, then a short list of "
               "the main changes."),
    ("Coder", "You are an expert programmer. Give correct, idiomatic code in fenced code blocks with the "
              "language named, explain briefly what matters, and point out edge cases and pitfalls."),
)



@migration
def m008_documents(conn: Connection) -> None:
    """Documents: collections of sources (files and folders), their files with per-file indexing state
    (so an index survives kills and restarts), the chunks with their place in the file and their
    vector, the collections a conversation uses and the sources an answer cited.

    The keyword index (an FTS5 table) is not made here: FTS5 is missing from some SQLite builds, so
    core/store/document_search.py creates it at run time where it can, and fills it from the chunks.
    """
    run(
        conn,
        """
        CREATE TABLE doc_collections (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL UNIQUE,
            embedding_model TEXT NOT NULL,
            query_prefix TEXT NOT NULL DEFAULT '',
            document_prefix TEXT NOT NULL DEFAULT '',
            revision INTEGER NOT NULL DEFAULT 0,
            created_at DATETIME NOT NULL
        )
        """,
        """
        CREATE TABLE doc_sources (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            collection_id INTEGER NOT NULL REFERENCES doc_collections (id) ON DELETE CASCADE,
            path TEXT NOT NULL,
            include_patterns TEXT NOT NULL DEFAULT '',
            exclude_patterns TEXT NOT NULL DEFAULT '',
            added_at DATETIME NOT NULL,
            scanned_at DATETIME,
            error TEXT
        )
        """,
        "CREATE UNIQUE INDEX ix_doc_sources_collection_path ON doc_sources (collection_id, path)",
        """
        CREATE TABLE doc_files (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            source_id INTEGER NOT NULL REFERENCES doc_sources (id) ON DELETE CASCADE,
            path TEXT NOT NULL,
            size INTEGER NOT NULL,
            mtime FLOAT NOT NULL,
            content_hash TEXT,
            state TEXT NOT NULL,
            error TEXT,
            chunks_done INTEGER NOT NULL DEFAULT 0,
            chunks_total INTEGER NOT NULL DEFAULT 0,
            pages INTEGER,
            generation INTEGER NOT NULL DEFAULT 0,
            indexed_at DATETIME
        )
        """,
        "CREATE UNIQUE INDEX ix_doc_files_source_path ON doc_files (source_id, path)",
        "CREATE INDEX ix_doc_files_state ON doc_files (state)",
        """
        CREATE TABLE doc_chunks (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            file_id INTEGER NOT NULL REFERENCES doc_files (id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            text TEXT NOT NULL,
            heading TEXT NOT NULL DEFAULT '',
            page INTEGER,
            char_start INTEGER NOT NULL,
            char_end INTEGER NOT NULL,
            vector BLOB NOT NULL
        )
        """,
        "CREATE INDEX ix_doc_chunks_file_id_seq ON doc_chunks (file_id, seq)",
        """
        CREATE TABLE conversation_collections (
            conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
            collection_id INTEGER NOT NULL REFERENCES doc_collections (id) ON DELETE CASCADE,
            PRIMARY KEY (conversation_id, collection_id)
        )
        """,
        """
        CREATE TABLE message_citations (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            message_id INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
            number INTEGER NOT NULL,
            path TEXT NOT NULL,
            heading TEXT NOT NULL DEFAULT '',
            page INTEGER,
            char_start INTEGER NOT NULL,
            char_end INTEGER NOT NULL,
            text TEXT NOT NULL
        )
        """,
        "CREATE INDEX ix_message_citations_message_id ON message_citations (message_id)",
    )


@migration
def m009_symbol_grams(conn: Connection) -> None:
    """Short terms with a symbol ("C#", "0%", "#") or mixing CJK and Latin ("C语") are found
    through the grams index, not by scanning the messages: search_grams now gives their grams
    (core/search/grams.py), so message_grams is made again from every message (24 s for a
    million synthetic messages), with triggers that compute a message's grams once instead of
    twice. Without the search index (SQLite without FTS5's trigram tokenizer) there is nothing
    to rebuild.

    Also an index for the sectioned conversation list, which reads the pinned conversations of a
    kind, then the others, each most recent first: with (kind, updated_at, id) alone, listing the
    few pinned ones walked every conversation of the kind. That index stays, for the lists of a
    kind that do not look at pinned (the Translate and Draft pages, the CLI).
    """
    run(
        conn,
        "CREATE INDEX ix_conversations_kind_pinned_updated_at_id ON conversations (kind, pinned, updated_at, id)",
    )
    if search_index.present(conn):
        run(conn, *search_index.rebuild_grams_statements())


@migration
def m010_streaming_index(conn: Connection) -> None:
    """A partial index of the answers still being written: at every start, recover_interrupted
    looked for them by reading every message (175 ms of a 1 s launch with a million messages)."""
    run(conn, "CREATE INDEX ix_messages_streaming ON messages (id) WHERE status = 'streaming'")


def applied_migrations(conn: Connection) -> list[str]:
    rows = conn.execute(text(f"SELECT name FROM {MIGRATIONS_TABLE} ORDER BY rowid"))
    return [row[0] for row in rows]


def migrate(engine: Engine, migrations: list[Migration] | None = None) -> int:
    """Run the migrations not yet recorded, each in its own transaction; return the schema version.

    `migrations` defaults to all of them; tests pass a prefix to build an old database.
    """
    migrations = MIGRATIONS if migrations is None else migrations
    if engine.url.database and engine.url.database != ":memory:":
        # Before the first connection: connecting switches the file to WAL, a write.
        check_compatible(Path(engine.url.database), [function.__name__ for function in MIGRATIONS])
    write = writer(engine)
    with write.begin() as conn:
        run(
            conn,
            f"CREATE TABLE IF NOT EXISTS {MIGRATIONS_TABLE} "
            "(name TEXT PRIMARY KEY, applied_at DATETIME NOT NULL)",
        )
        unknown = set(applied_migrations(conn)) - {function.__name__ for function in MIGRATIONS}
    if unknown:
        raise StoreError(
            f"The database {engine.url.database} was made by a newer version of Inkstone "
            f"(schema changes {', '.join(sorted(unknown))}); update Inkstone to open it."
        )
    for function in migrations:
        # Lock first (BEGIN IMMEDIATE), then check: another process may have just run it.
        with write.begin() as conn:
            done = applied_migrations(conn)
            if function.__name__ in done:
                continue
            function(conn)
            conn.execute(
                text(f"INSERT INTO {MIGRATIONS_TABLE} (name, applied_at) VALUES (:name, :at)"),
                {"name": function.__name__, "at": datetime.now(timezone.utc).isoformat(sep=" ")},
            )
            conn.exec_driver_sql(f"PRAGMA user_version = {len(done) + 1}")
    return user_version(engine)


def user_version(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.exec_driver_sql("PRAGMA user_version").scalar_one())
