"""MessageTree: the branch on screen and where each message stands among its siblings."""

from __future__ import annotations

from datetime import datetime, timezone

from desktop_app.core.chat.tree import MessageTree
from desktop_app.core.store import MessageRecord

NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)


def message(message_id: int, parent: int | None, role: str = "user") -> MessageRecord:
    return MessageRecord(message_id, 1, role, f"m{message_id}", "complete", None, NOW, NOW, None, None, None, None,
                         parent)


# 1 -> 2 -> 3 ; 1 -> 4 -> 5 ; 6 (a second first message) -> 7
TREE = MessageTree([message(1, None), message(2, 1), message(3, 2), message(4, 1), message(5, 4),
                    message(6, None), message(7, 6)])


def test_the_branch_is_the_path_to_the_leaf_with_sibling_positions() -> None:
    branch = TREE.branch(3)

    assert [p.id for p in branch] == [1, 2, 3]
    assert [(p.position, p.siblings) for p in branch] == [(1, 2), (1, 2), (1, 1)]
    assert (branch[1].previous_sibling, branch[1].next_sibling) == (None, 4)


def test_a_leaf_with_children_goes_on_to_its_newest_branch() -> None:
    assert [p.id for p in TREE.branch(1)] == [1, 4, 5]


def test_no_leaf_shows_the_newest_branch_of_all() -> None:
    assert [p.id for p in TREE.branch(None)] == [6, 7]
    assert [p.id for p in TREE.branch(999)] == [6, 7]


def test_subtree_and_latest_leaf() -> None:
    assert TREE.subtree(1) == [1, 2, 3, 4, 5]
    assert TREE.latest_leaf(2) == 3
    assert TREE.latest_leaf(None) == 7
