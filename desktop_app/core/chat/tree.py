"""A conversation's messages as a tree, and the branch on screen: the path from a first message to a leaf.

Editing a question or regenerating an answer adds a sibling, so a message can have several
children. What the user sees, and what the model reads, is one path through the tree. The
newest message under any message is always a leaf (a child is written after its parent), so
"the newest branch under X" is the path to the highest id under X.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from desktop_app.core.store import MessageRecord


@dataclass(frozen=True)
class PathMessage:
    """A message on the branch on screen, with where it stands among its siblings."""

    record: MessageRecord
    position: int  # 1-based, among the messages with the same parent (in the order written)
    siblings: int  # how many messages share its parent, itself included
    previous_sibling: int | None
    next_sibling: int | None

    @property
    def id(self) -> int:
        return self.record.id


class MessageTree:
    def __init__(self, messages: Sequence[MessageRecord]) -> None:
        self.messages = {message.id: message for message in messages}
        self._children: dict[int | None, list[int]] = {}
        for message in sorted(messages, key=lambda m: m.id):
            parent = message.parent_id if message.parent_id in self.messages else None
            self._children.setdefault(parent, []).append(message.id)

    def __contains__(self, message_id: object) -> bool:
        return message_id in self.messages

    def children(self, message_id: int | None) -> list[int]:
        """The messages that follow `message_id` (None: the first messages), oldest first."""
        return list(self._children.get(message_id, ()))

    def siblings(self, message_id: int) -> list[int]:
        """The messages with the same parent, itself included, oldest first."""
        return self.children(self._parent(message_id))

    def latest_leaf(self, message_id: int | None) -> int | None:
        """The newest message at or under `message_id` (None: in the whole conversation)."""
        stack = [message_id] if message_id is not None else self.children(None)
        best = message_id
        while stack:
            current = stack.pop()
            if current is not None and (best is None or current > best):
                best = current
            stack.extend(self._children.get(current, ()))
        return best

    def subtree(self, message_id: int) -> list[int]:
        """The message and everything after it on every branch."""
        found, stack = [], [message_id]
        while stack:
            current = stack.pop()
            found.append(current)
            stack.extend(self._children.get(current, ()))
        return sorted(found)

    def path_to(self, message_id: int) -> list[MessageRecord]:
        """From the first message to `message_id`, inclusive."""
        path: list[MessageRecord] = []
        current: int | None = message_id
        while current is not None and current in self.messages:
            record = self.messages[current]
            path.append(record)
            current = record.parent_id
        path.reverse()
        return path

    def branch(self, leaf_id: int | None) -> list[PathMessage]:
        """The branch on screen for a conversation whose current leaf is `leaf_id`: the path to it, or
        on to the newest message under it if it has children (None or unknown: the newest branch)."""
        start = leaf_id if leaf_id in self.messages else None
        end = self.latest_leaf(start)
        if end is None:
            return []
        return [self._placed(record) for record in self.path_to(end)]

    def _placed(self, record: MessageRecord) -> PathMessage:
        siblings = self.siblings(record.id)
        index = siblings.index(record.id)
        return PathMessage(
            record,
            index + 1,
            len(siblings),
            siblings[index - 1] if index > 0 else None,
            siblings[index + 1] if index + 1 < len(siblings) else None,
        )

    def _parent(self, message_id: int) -> int | None:
        parent = self.messages[message_id].parent_id
        return parent if parent in self.messages else None
