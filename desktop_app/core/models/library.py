"""The GGUF models Inkstone can use: its own models folder, the Hugging Face cache and user folders.

A scan never fails because of one bad file: unreadable or damaged models are listed with their
error, so the user can see and remove them. Headers are cached by (path, size, mtime), so a
rescan only reads files that changed.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from desktop_app.core.errors import ModelFileError
from desktop_app.core.models.gguf import GGUFInfo, read_gguf_info
from desktop_app.core.safe_text import safe_text

log = logging.getLogger(__name__)

SOURCE_INKSTONE = "inkstone"  # our models dir: removing deletes the file
SOURCE_FOLDER = "folder"  # a folder the user added: removing only forgets
SOURCE_HF_CACHE = "hf-cache"  # the Hugging Face hub cache: removing only forgets

# Architectures that are parts of a model (vision / audio projectors), not models llama.cpp can chat with.
NOT_CHAT_ARCHITECTURES = frozenset({"clip"})


@dataclass(frozen=True)
class LibraryEntry:
    path: Path  # what to hand to llama.cpp (for the HF cache: the snapshot path, not the blob)
    source: str
    info: GGUFInfo | None
    error: str | None  # why the file cannot be used; None when info is set
    file_size: int = 0
    repo_id: str | None = None  # "org/name" for files from the Hugging Face cache

    @property
    def name(self) -> str:
        return self.info.name if self.info else safe_text(self.path.stem)

    @property
    def size(self) -> int:
        return self.info.file_size if self.info else self.file_size

    @property
    def usable(self) -> bool:
        return self.info is not None


def default_hf_cache_dir() -> Path:
    """The hub cache as huggingface_hub resolves it: HF_HUB_CACHE, HF_HOME/hub, XDG cache, ~/.cache.

    Resolved from the environment on each call (huggingface_hub.constants freezes it at import).
    """
    for var in ("HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE"):
        if os.environ.get(var):
            return Path(os.environ[var]).expanduser()
    if os.environ.get("HF_HOME"):
        return Path(os.environ["HF_HOME"]).expanduser() / "hub"
    xdg = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(xdg).expanduser() / "huggingface" / "hub"


class ModelLibrary:
    def __init__(
        self,
        models_dir: Path,
        folders: Sequence[Path] = (),
        hf_cache_dir: Path | None = None,
        forgotten: Iterable[str] = (),
    ) -> None:
        self.models_dir = Path(models_dir)
        self.folders = [Path(f) for f in folders]
        self.hf_cache_dir = Path(hf_cache_dir) if hf_cache_dir is not None else default_hf_cache_dir()
        self._forgotten: set[str] = set(forgotten)
        self._cache: dict[str, tuple[tuple[int, int], GGUFInfo | None, str | None]] = {}

    @property
    def forgotten(self) -> frozenset[str]:
        return frozenset(self._forgotten)

    def scan(self) -> list[LibraryEntry]:
        """Every *.gguf in our folder, the user's folders and the HF cache, each file once."""
        entries: list[LibraryEntry] = []
        seen: set[str] = set()
        for path, source, repo_id in self._candidates():
            key = _resolved(path)
            if key in seen or self._is_forgotten(path):
                continue
            seen.add(key)
            entry = self._entry(path, source, repo_id)
            if entry is not None:
                entries.append(entry)
        return entries

    def remove(self, path: Path) -> bool:
        """Delete a model we downloaded (True); for any other file only forget it (False).

        Raises ModelFileError when our own file cannot be deleted.
        """
        path = Path(path)
        if _is_within(path, self.models_dir):
            key = _resolved(path)
            try:
                path.unlink(missing_ok=True)
            except OSError as exc:
                raise ModelFileError(f"Could not delete {path.name}: {exc.strerror or exc}") from exc
            self._cache.pop(key, None)
            _remove_empty_parents(path.absolute(), self.models_dir.absolute())
            return True
        self._forgotten.add(_resolved(path))
        return False

    def _is_forgotten(self, path: Path) -> bool:
        return _resolved(path) in self._forgotten or str(path.absolute()) in self._forgotten

    def _candidates(self) -> Iterator[tuple[Path, str, str | None]]:
        for path in _gguf_files(self.models_dir):
            yield path, SOURCE_INKSTONE, None
        for folder in self.folders:
            for path in _gguf_files(folder):
                yield path, SOURCE_FOLDER, None
        yield from _hf_cache_files(self.hf_cache_dir)

    def _entry(self, path: Path, source: str, repo_id: str | None) -> LibraryEntry | None:
        key = _resolved(path)
        try:
            st = path.stat()
        except OSError as exc:  # a dangling symlink, or a file deleted mid-scan
            message = f"Cannot read {safe_text(path.name)}: {exc.strerror or exc}"
            return LibraryEntry(path, source, None, message, 0, repo_id)
        stamp = (st.st_size, st.st_mtime_ns)
        cached = self._cache.get(key)
        if cached is None or cached[0] != stamp:
            try:
                info, error = read_gguf_info(path), None
            except ModelFileError as exc:
                info, error = None, str(exc)
            except Exception:  # a reader bug must cost one row, not the whole list
                log.exception("Reading the header of %s failed", path)
                info, error = None, f"{safe_text(path.name)} could not be read (an error in Inkstone; see the log)"
            cached = (stamp, info, error)
            self._cache[key] = cached
        _, info, error = cached
        if info is not None and _is_hidden_part(info):
            return None
        return LibraryEntry(path, source, info, error, st.st_size, repo_id)


def _is_hidden_part(info: GGUFInfo) -> bool:
    """Later shards of a split model (llama.cpp opens them through the first) and projectors."""
    split_no = info.metadata.get("split.no")
    return (isinstance(split_no, int) and split_no > 0) or info.architecture in NOT_CHAT_ARCHITECTURES


def _gguf_files(root: Path) -> Iterator[Path]:
    """*.gguf under root, sorted, not following directory symlinks (no loops), skipping hidden dirs."""
    if not root.is_dir():
        return
    for dirpath, dirnames, filenames in os.walk(root, onerror=lambda _: None):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for filename in sorted(filenames):
            if filename.lower().endswith(".gguf"):
                yield Path(dirpath) / filename


def _hf_cache_files(cache: Path) -> Iterator[tuple[Path, str, str | None]]:
    """GGUFs in hub snapshots: models--org--name/snapshots/<rev>/**.gguf, the refs/main revision first."""
    if not cache.is_dir():
        return
    try:
        repos = sorted(p for p in cache.iterdir() if p.name.startswith("models--") and p.is_dir())
    except OSError:
        return
    for repo in repos:
        repo_id = repo.name.removeprefix("models--").replace("--", "/")
        snapshots = repo / "snapshots"
        if not snapshots.is_dir():
            continue
        main = _read_ref(repo / "refs" / "main")
        try:
            revisions = sorted(snapshots.iterdir(), key=lambda p: (p.name != main, p.name))
        except OSError:
            continue
        for revision in revisions:
            for path in _gguf_files(revision):
                yield path, SOURCE_HF_CACHE, repo_id


def _read_ref(path: Path) -> str | None:
    try:
        return path.read_text(encoding="ascii").strip()
    except (OSError, ValueError):
        return None


def _resolved(path: Path) -> str:
    try:
        return str(path.resolve())
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop on older Pythons
        return str(path.absolute())


def _is_within(path: Path, folder: Path) -> bool:
    """True when path lies in folder, as given or (for a real file, not a link) with symlinks resolved."""
    pairs = [(path.absolute(), folder.absolute())]
    if not path.is_symlink():
        pairs.append((Path(_resolved(path)), Path(_resolved(folder))))
    return any(p != f and p.is_relative_to(f) for p, f in pairs)


def _remove_empty_parents(path: Path, stop: Path) -> None:
    """Tidy the org/name folders a download left behind, never leaving our models dir."""
    parent = path.parent
    while parent != stop and _is_within(parent, stop):
        try:
            parent.rmdir()  # only succeeds when empty
        except OSError:
            return
        parent = parent.parent
