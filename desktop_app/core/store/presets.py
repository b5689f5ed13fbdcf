"""System-prompt presets ("personas"): named system prompts a conversation can use.

The table is created (with a few first presets) by migrations.m007_conversation_settings;
a conversation refers to one by preset_id (set to NULL when the preset is deleted).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, func, select

from desktop_app.core.store.errors import StoreError
from desktop_app.core.store.repository import Store
from desktop_app.core.store.schema import Preset


@dataclass(frozen=True)
class PresetRecord:
    id: int
    name: str
    system_prompt: str


def _record(row: Preset) -> PresetRecord:
    return PresetRecord(row.id, row.name, row.system_prompt)


class PresetRepository:
    def __init__(self, store: Store) -> None:
        self._store = store

    def list(self) -> list[PresetRecord]:
        """Every preset, in the order they were made."""
        with self._store._session(write=False) as session:
            return [_record(row) for row in session.scalars(select(Preset).order_by(Preset.id))]

    def get(self, preset_id: int) -> PresetRecord | None:
        with self._store._session(write=False) as session:
            row = session.get(Preset, preset_id)
            return None if row is None else _record(row)

    def find(self, name: str) -> PresetRecord | None:
        """The first preset with this name, ignoring case."""
        with self._store._session(write=False) as session:
            row = session.scalars(
                select(Preset).where(func.lower(Preset.name) == name.strip().lower()).order_by(Preset.id).limit(1)
            ).first()
            return None if row is None else _record(row)

    def add(self, name: str, system_prompt: str) -> PresetRecord:
        name = _checked_name(name)
        row = Preset(name=name, system_prompt=system_prompt.strip(), created_at=self._store._clock.now())
        with self._store._session(write=True) as session:
            session.add(row)
            session.flush()
            return _record(row)

    def update(self, preset_id: int, name: str, system_prompt: str) -> PresetRecord:
        with self._store._session(write=True) as session:
            row = session.get(Preset, preset_id)
            if row is None:
                raise StoreError("That preset was deleted.")
            row.name, row.system_prompt = _checked_name(name), system_prompt.strip()
            session.flush()
            return _record(row)

    def delete(self, preset_id: int) -> None:
        """Conversations that used it go back to the default system prompt."""
        with self._store._session(write=True) as session:
            session.execute(delete(Preset).where(Preset.id == preset_id))


def _checked_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise StoreError("A preset needs a name.")
    return name
