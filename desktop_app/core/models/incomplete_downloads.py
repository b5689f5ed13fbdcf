"""Downloads an earlier run left unfinished: <file>.part beside its <file>.part.json sidecar.

download.py writes the pair and resumes from it; this module only finds them (so a restarted app
can offer Resume) and deletes them (Discard). A .part without a readable sidecar cannot be
resumed safely, so it is not listed; download_model starts such a file over by itself.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

SIDECAR_SUFFIX = ".part.json"


@dataclass(frozen=True)
class IncompleteDownload:
    repo_id: str
    filename: str  # as in the repo (may contain folders)
    revision: str  # the commit the bytes came from, so a resume asks for the same file
    part: Path
    sidecar: Path
    bytes_done: int  # what is on disk now
    size: int | None  # the whole file, as the Hub said

    @property
    def fraction(self) -> float | None:
        return self.bytes_done / self.size if self.size else None


def find_incomplete_downloads(models_root: Path) -> list[IncompleteDownload]:
    """Every resumable part file under models_root, sorted by path."""
    found = []
    root = Path(models_root)
    if not root.is_dir():
        return found
    for dirpath, dirnames, filenames in os.walk(root, onerror=lambda _: None):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.endswith(SIDECAR_SUFFIX):
                item = _read(Path(dirpath) / name)
                if item is not None:
                    found.append(item)
    return found


def discard(item: IncompleteDownload) -> None:
    """Delete the part file and its sidecar; missing files are fine."""
    for path in (item.part, item.sidecar):
        try:
            path.unlink()
        except FileNotFoundError:
            pass


def _read(sidecar: Path) -> IncompleteDownload | None:
    part = sidecar.with_name(sidecar.name.removesuffix(".json"))
    try:
        state = json.loads(sidecar.read_text(encoding="utf-8"))
        have = part.stat().st_size
    except (OSError, ValueError):
        return None
    if not isinstance(state, dict):
        return None
    repo_id, filename = state.get("repo_id"), state.get("filename")
    if not isinstance(repo_id, str) or not isinstance(filename, str) or "/" not in repo_id:
        return None
    commit = state.get("commit")
    size = state.get("size")
    return IncompleteDownload(
        repo_id=repo_id,
        filename=filename,
        revision=commit if isinstance(commit, str) and commit else "main",
        part=part,
        sidecar=sidecar,
        bytes_done=have,
        size=size if isinstance(size, int) and not isinstance(size, bool) else None,
    )
