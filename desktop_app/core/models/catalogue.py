"""The curated list of recommended models (resources/catalogue.json), as typed entries."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from desktop_app.core.errors import InkstoneError
from desktop_app.core.resources import resources_dir

TASKS = ("chat", "translate", "draft", "embedding")  # "embedding": a model for Documents search, not for chat


class CatalogueError(InkstoneError):
    """The shipped catalogue file is missing or malformed (a packaging bug, not a user error)."""


@dataclass(frozen=True)
class CatalogueEntry:
    id: str
    name: str
    repo_id: str
    filename: str
    size_bytes: int
    size_approximate: bool
    quantization: str
    parameters: int
    license: str
    languages: tuple[str, ...]  # ISO 639-1 codes the model is good at, best first
    tasks: tuple[str, ...]  # a subset of TASKS
    context_length: int
    gated: bool  # the Hub asks the user to accept a licence (and log in) before download
    summary: str = ""
    query_prefix: str = ""  # embedding models: what goes before a search query
    document_prefix: str = ""  # embedding models: what goes before a passage

    @property
    def is_embedding(self) -> bool:
        return "embedding" in self.tasks

    @property
    def pull_spec(self) -> str:
        """What `inkstone models pull` takes for this entry."""
        return f"{self.repo_id}:{self.filename}"

    def good_at(self, language: str) -> bool:
        return language.lower() in self.languages


def catalogue_path() -> Path:
    return resources_dir() / "catalogue.json"


def load_catalogue(path: Path | None = None) -> list[CatalogueEntry]:
    """Read and check the catalogue; raise CatalogueError naming the bad entry if it is malformed."""
    path = path or catalogue_path()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CatalogueError(f"The model catalogue {path} cannot be read: {exc.strerror or exc}.") from exc
    except ValueError as exc:
        raise CatalogueError(f"The model catalogue {path} is not valid JSON: {exc}.") from exc
    models = raw.get("models") if isinstance(raw, dict) else None
    if not isinstance(models, list):
        raise CatalogueError(f"The model catalogue {path} has no 'models' list.")
    entries = [_entry(item, index) for index, item in enumerate(models)]
    seen: set[str] = set()
    for entry in entries:
        if entry.id in seen:
            raise CatalogueError(f"The model catalogue lists '{entry.id}' twice.")
        seen.add(entry.id)
    return entries


def find_entry(entry_id: str, entries: list[CatalogueEntry] | None = None) -> CatalogueEntry | None:
    for entry in entries if entries is not None else load_catalogue():
        if entry.id == entry_id:
            return entry
    return None


def _entry(item: object, index: int) -> CatalogueEntry:
    if not isinstance(item, dict):
        raise CatalogueError(f"Catalogue entry {index} is not an object.")
    label = item.get("id", f"#{index}")
    try:
        entry = CatalogueEntry(
            id=_typed(item, "id", str),
            name=_typed(item, "name", str),
            repo_id=_typed(item, "repo_id", str),
            filename=_typed(item, "filename", str),
            size_bytes=_typed(item, "size_bytes", int),
            size_approximate=_typed(item, "size_approximate", bool),
            quantization=_typed(item, "quantization", str),
            parameters=_typed(item, "parameters", int),
            license=_typed(item, "license", str),
            languages=tuple(_typed(item, "languages", list)),
            tasks=tuple(_typed(item, "tasks", list)),
            context_length=_typed(item, "context_length", int),
            gated=_typed(item, "gated", bool),
            summary=str(item.get("summary", "")),
            query_prefix=str(item.get("query_prefix", "")),
            document_prefix=str(item.get("document_prefix", "")),
        )
    except (KeyError, TypeError) as exc:
        raise CatalogueError(f"Catalogue entry '{label}': {exc.args[0]}") from exc
    if "/" not in entry.repo_id or not entry.filename.endswith(".gguf"):
        raise CatalogueError(f"Catalogue entry '{label}' must name a Hub repo (owner/name) and a .gguf file.")
    unknown = set(entry.tasks) - set(TASKS)
    if unknown:
        raise CatalogueError(f"Catalogue entry '{label}' has unknown tasks {sorted(unknown)}.")
    return entry


def _typed(item: dict, key: str, kind: type):
    if key not in item:
        raise KeyError(f"missing '{key}'")
    value = item[key]
    # bool is an int subclass; keep the two apart so `"gated": 1` or `"size_bytes": true` is caught.
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise TypeError(f"'{key}' should be {kind.__name__}, not {type(value).__name__}")
    return value
