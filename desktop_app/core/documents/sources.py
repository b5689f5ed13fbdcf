"""Which files a source holds now, and which of them need indexing again.

A folder is walked recursively for the supported types, with include and exclude patterns
(glob patterns matched against the path inside the folder and against the file name; hidden
files and folders are skipped). A file whose size and date are unchanged is not read at all;
one whose date changed is hashed, and only a different hash queues it again. So an edited file
is the only one re-indexed, and a copied or touched folder costs a hash per file, no embedding.
"""

from __future__ import annotations

import fnmatch
import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from desktop_app.core.documents.extract import SUPPORTED_SUFFIXES
from desktop_app.core.store.document_schema import SourceRecord
from desktop_app.core.store.documents import DocumentStore


@dataclass(frozen=True)
class FoundFile:
    path: str
    size: int
    mtime: float


@dataclass(frozen=True)
class SyncResult:
    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    error: str | None = None  # the source itself cannot be read


def _matches(relative: str, name: str, patterns: Sequence[str]) -> bool:
    return any(fnmatch.fnmatch(relative, p) or fnmatch.fnmatch(name, p) for p in patterns)


def walk_source(path: Path, include: Sequence[str] = (), exclude: Sequence[str] = ()) -> list[FoundFile]:
    """The supported files of a file or folder source, sorted; raises OSError when it cannot be read."""
    if path.is_file():
        stat = path.stat()
        return [FoundFile(str(path), stat.st_size, stat.st_mtime)]
    if not path.is_dir():
        raise FileNotFoundError(f"{path} does not exist")
    found: list[FoundFile] = []
    for folder, dirs, files in os.walk(path):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
                continue
            full = Path(folder) / name
            relative = full.relative_to(path).as_posix()
            if include and not _matches(relative, name, include):
                continue
            if exclude and _matches(relative, name, exclude):
                continue
            try:
                stat = full.stat()
            except OSError:
                continue  # vanished while walking
            found.append(FoundFile(str(full), stat.st_size, stat.st_mtime))
    return found


def content_hash(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def sync_source(docs: DocumentStore, source: SourceRecord) -> SyncResult:
    """Bring the source's file list up to date: new files queued, changed ones queued again, gone ones removed."""
    try:
        found = {f.path: f for f in walk_source(Path(source.path), source.include_patterns, source.exclude_patterns)}
    except OSError as exc:
        reason = str(exc) if isinstance(exc, FileNotFoundError) else (exc.strerror or str(exc))
        docs.set_source_scanned(source.id, reason)
        return SyncResult(error=reason)
    known = {f.path: f for f in docs.files(source_id=source.id)}
    gone = [record.id for path, record in known.items() if path not in found]
    docs.remove_files(gone)
    added = changed = unchanged = 0
    for path, now in found.items():
        record = known.get(path)
        if record is None:
            docs.add_file(source.id, path, now.size, now.mtime)
            added += 1
        elif (record.size, record.mtime) == (now.size, now.mtime) or record.state in ("queued", "indexing"):
            unchanged += 1
        else:
            try:
                same = record.content_hash is not None and content_hash(path) == record.content_hash
            except OSError:
                same = False
            if same:
                docs.touch_file(record.id, now.size, now.mtime)
                unchanged += 1
            else:
                docs.queue_file(record.id, now.size, now.mtime)
                changed += 1
    docs.set_source_scanned(source.id, None)
    return SyncResult(added, changed, len(gone), unchanged)
