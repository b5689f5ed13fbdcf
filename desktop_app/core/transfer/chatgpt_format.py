"""ChatGPT's data export (conversations.json): its conversations, with their branches, as Inkstone's.

The file is a list of conversations. Each has a "mapping" of nodes, a tree by "parent" and
"children", and a "current_node" (the last message of the branch the user saw). A node's
"message" (null for the hidden root) has "author": {"role": ...}, "content": {"content_type",
"parts" or "text"}, "create_time" (seconds since 1970), "metadata" ("model_slug") and
"recipient" ("all" when it is meant for the user).

Kept: the user's and the assistant's text (and a system message with text the user can see).
Left out: the hidden root and system messages, tool calls and tool output (browsing, code
runs), the model's "thoughts", and custom-instruction nodes; a kept message's parent is then
its nearest kept ancestor, so branches survive. An image in a message becomes "[image]".
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from desktop_app.core.store import NewConversation, NewMessage
from desktop_app.core.transfer.errors import ImportFileError
from desktop_app.core.transfer.ordering import parents_first

_TEXT_TYPES = frozenset({"text", "multimodal_text"})
_IMAGE_PART = "[image]"


def is_chatgpt(data: Any) -> bool:
    if isinstance(data, dict):
        return "mapping" in data
    return isinstance(data, list) and bool(data) and all(isinstance(item, dict) and "mapping" in item for item in data)


def parse(data: Any, name: str) -> list[NewConversation]:
    items = [data] if isinstance(data, dict) else data
    return [_conversation(item, f"{name}: conversation {number}") for number, item in enumerate(items, 1)]


def _conversation(item: dict[str, Any], where: str) -> NewConversation:
    title = item.get("title")
    title = title.strip() if isinstance(title, str) and title.strip() else "Untitled"
    where = f"{where} (“{title}”)"
    mapping = item.get("mapping")
    if not isinstance(mapping, dict):
        raise ImportFileError(f"{where}: “mapping” is not an object of messages.")
    created = _time(item.get("create_time"), where, "create_time")
    updated = _time(item.get("update_time"), where, "update_time") or created
    default_model = item.get("default_model_slug") if isinstance(item.get("default_model_slug"), str) else None
    nodes = _nodes(mapping, where)

    kept: dict[str, NewMessage] = {}
    for node_id, node in nodes.items():
        message = _message(node_id, node, nodes, where, created, default_model)
        if message is not None:
            kept[node_id] = message
    ordered = sorted(kept.values(), key=lambda m: (m.created_at or created or _EPOCH, _depth(str(m.key), nodes)))
    messages = parents_first(ordered, where)
    current = item.get("current_node")
    leaf = _kept_ancestor(current, nodes, kept) if isinstance(current, str) and current in nodes else None
    models = [m.model for m in messages if m.model]
    return NewConversation(
        title=title,
        messages=tuple(messages),
        model=models[-1] if models else default_model,
        created_at=created,
        updated_at=updated,
        current_leaf_key=leaf,
    )


def _nodes(mapping: dict[str, Any], where: str) -> dict[str, dict[str, Any]]:
    """The mapping's nodes, checked: each an object whose parent is in the mapping, with no loops."""
    nodes: dict[str, dict[str, Any]] = {}
    for node_id, node in mapping.items():
        if not isinstance(node, dict):
            raise ImportFileError(f"{where}: node {node_id!r} is not an object.")
        parent = node.get("parent")
        if parent is not None and (not isinstance(parent, str) or parent not in mapping):
            raise ImportFileError(f"{where}: node {node_id!r} has the parent {parent!r}, which is not in its mapping.")
        nodes[str(node_id)] = node
    for node_id in nodes:
        seen = set()
        current: str | None = node_id
        while current is not None:
            if current in seen:
                raise ImportFileError(f"{where}: node {node_id!r} follows itself through its parents (a loop).")
            seen.add(current)
            current = nodes[current].get("parent")
    return nodes


def _message(node_id: str, node: dict[str, Any], nodes: dict[str, dict[str, Any]], where: str,
             created: datetime | None, default_model: str | None) -> NewMessage | None:
    message = node.get("message")
    visible = _visible(message, node_id, where)
    if visible is None:
        return None
    role, text = visible
    assert isinstance(message, dict)
    metadata = message.get("metadata") if isinstance(message.get("metadata"), dict) else {}
    stamp = _time(message.get("create_time"), where, f"create_time of node {node_id!r}") or created
    updated = _time(message.get("update_time"), where, f"update_time of node {node_id!r}") or stamp
    model = metadata.get("model_slug") if isinstance(metadata.get("model_slug"), str) else None
    return NewMessage(
        key=node_id,
        parent_key=_kept_parent(node_id, nodes, where),
        role=role,
        content=text,
        status="interrupted" if message.get("status") == "in_progress" else "complete",
        model=(model or default_model) if role == "assistant" else None,
        created_at=stamp,
        updated_at=updated,
    )


def _visible(message: Any, node_id: str, where: str) -> tuple[str, str] | None:
    """(role, text) of a message the user saw in the conversation; None for what is left out."""
    if message is None:
        return None
    if not isinstance(message, dict):
        raise ImportFileError(f"{where}: the message of node {node_id!r} is not an object.")
    author = message.get("author")
    role = author.get("role") if isinstance(author, dict) else None
    if role not in ("user", "assistant", "system"):
        return None  # tool output, or a node without an author
    if message.get("recipient", "all") != "all":
        return None  # a call to a tool (browser, python...), not an answer
    metadata = message.get("metadata")
    if isinstance(metadata, dict) and metadata.get("is_visually_hidden_from_conversation"):
        return None
    text = _text(message.get("content"), node_id, where)
    return (role, text) if text.strip() else None


def _text(content: Any, node_id: str, where: str) -> str:
    if not isinstance(content, dict):
        raise ImportFileError(f"{where}: the message of node {node_id!r} has no content.")
    if content.get("content_type") not in _TEXT_TYPES:
        return ""  # code for a tool, thoughts, browsing results, custom instructions...
    parts = content.get("parts")
    if not isinstance(parts, list):
        raise ImportFileError(f"{where}: the text of node {node_id!r} has no list of parts.")
    pieces = []
    for part in parts:
        if isinstance(part, str):
            pieces.append(part)
        elif isinstance(part, dict) and str(part.get("content_type", "")).startswith("image"):
            pieces.append(_IMAGE_PART)
    return "\n\n".join(piece for piece in pieces if piece)


def _kept_parent(node_id: str, nodes: dict[str, dict[str, Any]], where: str) -> str | None:
    """The nearest ancestor that is kept: a left-out tool call or hidden message is skipped over."""
    parent = nodes[node_id].get("parent")
    while parent is not None and _visible(nodes[parent].get("message"), parent, where) is None:
        parent = nodes[parent].get("parent")
    return parent


def _kept_ancestor(node_id: str, nodes: dict[str, dict[str, Any]], kept: dict[str, NewMessage]) -> str | None:
    current: str | None = node_id
    while current is not None and current not in kept:
        current = nodes[current].get("parent")
    return current


def _depth(node_id: str, nodes: dict[str, dict[str, Any]]) -> int:
    depth, parent = 0, nodes[node_id].get("parent")
    while parent is not None:
        depth, parent = depth + 1, nodes[parent].get("parent")
    return depth


_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def _time(value: Any, where: str, what: str) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ImportFileError(f"{where}: {what} is not a time ({value!r}).")
    try:
        return datetime.fromtimestamp(float(value), tz=timezone.utc)
    except (OverflowError, OSError, ValueError):
        raise ImportFileError(f"{where}: {what} is out of range ({value!r}).") from None
