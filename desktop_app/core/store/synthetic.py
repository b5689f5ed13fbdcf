"""A large store built in seconds, for benchmarks: many conversations, many Markdown messages.

The schema comes from the migrations (a Store opens the new file once); the rows go in with
executemany on one sqlite3 connection in one transaction, not through the Store, so a million
messages take seconds instead of an hour of one-transaction-per-message writes. Each conversation
is one branch. The search index's triggers are set aside while the rows go in and the index is
filled once at the end (one INSERT…SELECT per index), as the migration fills it.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from desktop_app.core.store import search_index
from desktop_app.core.store.database import register_functions
from desktop_app.core.store.repository import Store

MODEL_NAME = "synthetic-model"
_START = datetime(2024, 1, 1, 8, 0, 0)  # naive UTC, as the store writes it
_SPAN = timedelta(days=700)  # conversations are spread over about two years


@dataclass(frozen=True)
class SyntheticStore:
    path: Path
    conversations: int
    messages: int
    long_conversation_id: int  # the most recently active conversation, with `long_messages` messages


_QUESTIONS = [
    "How do I read a CSV file in Python and skip the header?",
    "Can you explain what a mutex is, with a short example?",
    "Translate this to French: the meeting moved to Thursday.",
    "Why does my SQL query get slower as the table grows?",
    "Write a haiku about autumn rain.",
    "What is the difference between a list and a tuple?\nAnd when should I use each?",
    "请用简单的话解释一下什么是递归。",
    "Summarise the plot of Hamlet in three sentences.",
]

_ANSWERS = [
    "Use the `csv` module and call `next()` once to skip the header:\n\n"
    "```python\nimport csv\n\nwith open(\"data.csv\", newline=\"\", encoding=\"utf-8\") as f:\n"
    "    reader = csv.reader(f)\n    next(reader)  # the header\n    for row in reader:\n"
    "        print(row[0], row[1])\n```\n\n"
    "If you want the columns by name, `csv.DictReader` reads the header for you.",
    "A **mutex** (mutual exclusion lock) lets only one thread at a time run a critical section.\n\n"
    "```c\npthread_mutex_lock(&lock);\ncounter += 1;  /* only one thread here at a time */\n"
    "pthread_mutex_unlock(&lock);\n```\n\n"
    "- Lock as little code as you can.\n- Always unlock, also on the error path.\n"
    "- Take several locks in the same order everywhere, or you risk a deadlock.",
    "La réunion a été déplacée à jeudi.",
    "Most often the query cannot use an index, so the database reads **every row**:\n\n"
    "1. Run `EXPLAIN QUERY PLAN` on it.\n2. Look for `SCAN` (a full table read) or `USE TEMP B-TREE`.\n"
    "3. Add an index that matches the `WHERE` columns, then the `ORDER BY` columns.\n\n"
    "```sql\nCREATE INDEX ix_orders_customer_date ON orders (customer_id, created_at);\n```\n\n"
    "| rows | without index | with index |\n|--:|--:|--:|\n| 10,000 | 4 ms | 0.1 ms |\n"
    "| 1,000,000 | 400 ms | 0.1 ms |",
    "Soft rain on the roof\nthe maple lets go its leaves\none by one, then all",
    "A `list` is mutable, a `tuple` is not.\n\n"
    "```python\npoint = (3, 4)        # a fixed record: a tuple\nqueue = [\"a\", \"b\"]   # grows and shrinks: a list\n"
    "queue.append(\"c\")\n```\n\n"
    "Use a tuple for a fixed group of values (it can be a dictionary key); use a list for a "
    "collection you change. Tuples are also a little smaller and faster to create.",
    "**递归**就是一个函数调用它自己，每次处理更小的问题，直到遇到可以直接回答的情况。\n\n"
    "```python\ndef factorial(n: int) -> int:\n    if n <= 1:\n        return 1  # 基本情况\n"
    "    return n * factorial(n - 1)\n```\n\n关键是：一定要有基本情况，否则会无限调用下去。",
    "Prince Hamlet learns from his father's ghost that his uncle Claudius murdered the king. "
    "He feigns madness and hesitates while he tests the truth, and his delay costs Polonius, "
    "Ophelia and Gertrude their lives. In the final duel Hamlet kills Claudius but dies of a "
    "poisoned blade, and Fortinbras takes the throne of Denmark.",
]


def build_synthetic_store(
    path: Path,
    conversations: int = 10_000,
    messages: int = 1_000_000,
    long_messages: int = 200,
    *,
    kind: str = "chat",
    seed: int = 7,
) -> SyntheticStore:
    """A new store at path: `messages` spread over `conversations`, one of them `long_messages` long.

    The long one is the most recently active (the one a window opens on); the others have about
    the same number of messages each and their order of activity is shuffled, so the list order is
    not the id order. Refuses to touch an existing file.
    """
    path = Path(path)
    if conversations < 1 or long_messages > messages or (conversations == 1 and long_messages != messages):
        raise ValueError("need at least one conversation, and the long one cannot hold more than all messages")
    if path.exists():
        raise FileExistsError(f"{path} exists; the synthetic store is built only into a new file")
    with Store(path) as store:  # the schema, from the migrations
        indexed = store.has_search_index

    rng = random.Random(seed)
    others = conversations - 1
    counts = _spread(messages - long_messages, others) + [long_messages]
    last_active = sorted(rng.random() for _ in range(others))
    rng.shuffle(last_active)
    last_active.append(1.0)  # the long conversation: the most recent

    connection = sqlite3.connect(path, isolation_level=None)
    register_functions(connection)
    try:
        connection.execute("PRAGMA journal_mode = OFF")  # a new file: nothing to protect while building
        connection.execute("PRAGMA synchronous = OFF")
        connection.execute("BEGIN")
        for statement in search_index.drop_trigger_statements():
            connection.execute(statement)
        starts = []
        first_ids = []
        conversation_rows = []
        next_id = 1
        for index, (count, activity) in enumerate(zip(counts, last_active)):
            updated = _START + _SPAN * activity
            created = updated - timedelta(minutes=count)
            starts.append(created)
            first_ids.append(next_id)
            next_id += count
            leaf = next_id - 1 if count else None
            conversation_rows.append(
                (index + 1, _title(index), kind, _stamp(created), _stamp(updated), MODEL_NAME, leaf)
            )
        connection.executemany(
            "INSERT INTO conversations (id, title, kind, created_at, updated_at, model, current_leaf_id)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            conversation_rows,
        )
        connection.executemany(
            "INSERT INTO messages (id, parent_id, conversation_id, role, content, status, model, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, 'complete', ?, ?, ?)",
            (
                row
                for conversation_id, (count, created, first) in enumerate(zip(counts, starts, first_ids), start=1)
                for row in _messages(conversation_id, count, created, first)
            ),
        )
        if indexed:
            for statement in search_index.fill_statements() + search_index.trigger_statements():
                connection.execute(statement)
        connection.execute("COMMIT")
        connection.execute("PRAGMA journal_mode = WAL")
    finally:
        connection.close()
    return SyntheticStore(path, conversations, messages, long_conversation_id=conversations)


def _spread(total: int, buckets: int) -> list[int]:
    base, extra = divmod(total, buckets) if buckets else (0, 0)
    return [base + (1 if i < extra else 0) for i in range(buckets)]


def _title(index: int) -> str:
    question = _QUESTIONS[index % len(_QUESTIONS)].splitlines()[0]
    return f"{question[:40]} #{index + 1}"


def _stamp(moment: datetime) -> str:
    return moment.isoformat(sep=" ", timespec="microseconds")


def _messages(
    conversation_id: int, count: int, created: datetime, first_id: int
) -> Iterator[tuple[int, int | None, int, str, str, str | None, str, str]]:
    """User and assistant in turn, one minute apart, the last one at the conversation's last activity;
    each follows the one before (ids from first_id on)."""
    for offset in range(count):
        stamp = _stamp(created + timedelta(minutes=offset + 1))
        pick = (conversation_id * 3 + offset // 2) % len(_ANSWERS)
        message_id, parent_id = first_id + offset, (first_id + offset - 1 if offset else None)
        if offset % 2 == 0:
            yield message_id, parent_id, conversation_id, "user", _QUESTIONS[pick], None, stamp, stamp
        else:
            yield message_id, parent_id, conversation_id, "assistant", _ANSWERS[pick], MODEL_NAME, stamp, stamp
