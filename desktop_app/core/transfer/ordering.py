"""Messages put in an order the store can insert them in: every parent before its children."""

from __future__ import annotations

import heapq
from collections.abc import Sequence

from desktop_app.core.store import NewMessage
from desktop_app.core.transfer.errors import ImportFileError


def parents_first(messages: Sequence[NewMessage], where: str) -> list[NewMessage]:
    """The same messages, each after its parent, otherwise in the order given (the order written:
    the store gives ids in this order, and the newest branch is the one with the highest id).

    ImportFileError for two messages with one id, a parent that is not in the conversation,
    or messages that (through their parents) follow themselves.
    """
    by_key: dict[object, NewMessage] = {}
    for message in messages:
        if message.key in by_key:
            raise ImportFileError(f"{where}: two messages have the id {message.key!r}.")
        by_key[message.key] = message
    children: dict[object, list[int]] = {}
    for index, message in enumerate(messages):
        if message.parent_key is not None and message.parent_key not in by_key:
            raise ImportFileError(
                f"{where}: message {message.key!r} follows message {message.parent_key!r}, which is not in it."
            )
        children.setdefault(message.parent_key, []).append(index)
    ordered: list[NewMessage] = []
    ready = list(children.get(None, []))  # indexes whose parent is placed, the earliest first
    heapq.heapify(ready)
    while ready:
        message = messages[heapq.heappop(ready)]
        ordered.append(message)
        for child in children.get(message.key, []):
            heapq.heappush(ready, child)
    if len(ordered) != len(messages):
        placed = {m.key for m in ordered}
        loop = next(m.key for m in messages if m.key not in placed)
        raise ImportFileError(f"{where}: message {loop!r} follows itself through its parents (a loop).")
    return ordered
