"""Conversation history in SQLite. The only package that imports SQLAlchemy."""

from desktop_app.core.store.compatibility import DatabaseRefused, aside_name, set_aside
from desktop_app.core.store import document_schema as _document_schema  # noqa: F401 (registers its tables)
from desktop_app.core.store.errors import StoreError
from desktop_app.core.store.glossary import GlossaryRepository, GlossaryTermRecord
from desktop_app.core.store.presets import PresetRecord, PresetRepository
from desktop_app.core.store.records import (
    CONVERSATION_KINDS,
    MESSAGE_ROLES,
    MESSAGE_STATUSES,
    ConversationRecord,
    DeletedMessages,
    MessageRecord,
    NewConversation,
    NewMessage,
)
from desktop_app.core.store.repository import AT_LEAF, Store

__all__ = [
    "AT_LEAF",
    "CONVERSATION_KINDS",
    "MESSAGE_ROLES",
    "MESSAGE_STATUSES",
    "ConversationRecord",
    "DatabaseRefused",
    "DeletedMessages",
    "GlossaryRepository",
    "GlossaryTermRecord",
    "MessageRecord",
    "NewConversation",
    "NewMessage",
    "PresetRecord",
    "PresetRepository",
    "Store",
    "StoreError",
    "aside_name",
    "set_aside",
]
