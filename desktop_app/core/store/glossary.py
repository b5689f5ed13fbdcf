"""Glossary terms for Translate, kept in the same database as the history.

The table is created by migrations.m002_glossary_terms. Values go out as frozen
GlossaryTermRecord, never ORM objects; core/writing turns them into GlossaryTerm.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Text, delete, select
from sqlalchemy.orm import Mapped, mapped_column

from desktop_app.core.store.errors import StoreError
from desktop_app.core.store.repository import Store
from desktop_app.core.store.schema import Base, UTCDateTime


class GlossaryTermRow(Base):
    __tablename__ = "glossary_terms"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(Text)
    target: Mapped[str] = mapped_column(Text)
    source_lang: Mapped[str | None] = mapped_column(Text)
    target_lang: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


@dataclass(frozen=True)
class GlossaryTermRecord:
    id: int
    source: str
    target: str
    source_lang: str | None
    target_lang: str | None
    created_at: datetime


def _record(row: GlossaryTermRow) -> GlossaryTermRecord:
    return GlossaryTermRecord(row.id, row.source, row.target, row.source_lang, row.target_lang, row.created_at)


class GlossaryRepository:
    """Add, list, change and remove glossary terms through a Store's sessions."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def add(self, source: str, target: str, source_lang: str | None = None,
            target_lang: str | None = None) -> GlossaryTermRecord:
        source, target = source.strip(), target.strip()
        if not source or not target:
            raise StoreError("A glossary term needs both a source and a target.")
        row = GlossaryTermRow(source=source, target=target, source_lang=source_lang or None,
                              target_lang=target_lang or None, created_at=self._store._clock.now())
        with self._store._session(write=True) as session:
            session.add(row)
            session.flush()
            return _record(row)

    def list(self, source_lang: str | None = None, target_lang: str | None = None) -> list[GlossaryTermRecord]:
        """All terms in the order added; with languages given, only terms that apply to that pair
        (a term without a language applies to every pair)."""
        query = select(GlossaryTermRow).order_by(GlossaryTermRow.id)
        if source_lang is not None:
            query = query.where((GlossaryTermRow.source_lang == source_lang) | GlossaryTermRow.source_lang.is_(None))
        if target_lang is not None:
            query = query.where((GlossaryTermRow.target_lang == target_lang) | GlossaryTermRow.target_lang.is_(None))
        with self._store._session(write=False) as session:
            return [_record(row) for row in session.scalars(query)]

    def update(self, term_id: int, source: str, target: str, source_lang: str | None = None,
               target_lang: str | None = None) -> GlossaryTermRecord:
        with self._store._session(write=True) as session:
            row = session.get(GlossaryTermRow, term_id)
            if row is None:
                raise StoreError(f"Glossary term {term_id} no longer exists.")
            row.source, row.target = source.strip(), target.strip()
            row.source_lang, row.target_lang = source_lang or None, target_lang or None
            session.flush()
            return _record(row)

    def delete(self, term_id: int) -> None:
        """Deleting a term that is already gone does nothing."""
        with self._store._session(write=True) as session:
            session.execute(delete(GlossaryTermRow).where(GlossaryTermRow.id == term_id))
