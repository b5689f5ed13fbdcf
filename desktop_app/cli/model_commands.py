"""`inkstone models ...`: list the local library, browse the catalogue, search the Hub, pull and remove models."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TextIO

from desktop_app.core.errors import InkstoneError


def register(subparsers: argparse._SubParsersAction) -> None:
    models = subparsers.add_parser("models", help="list, find, download and remove models")
    models.set_defaults(func=run_list)
    actions = models.add_subparsers(dest="models_command", metavar="ACTION")

    listing = actions.add_parser("list", help="the models on this computer (default)")
    listing.set_defaults(func=run_list)

    catalogue = actions.add_parser("catalogue", help="recommended models, ready to pull")
    catalogue.set_defaults(func=run_catalogue)

    search = actions.add_parser("search", help="search the Hugging Face Hub for GGUF models")
    search.add_argument("query")
    search.add_argument("--limit", type=int, default=20, metavar="N")
    search.set_defaults(func=run_search)

    pull = actions.add_parser(
        "pull",
        help="download a model (resumes an interrupted download)",
        description="SPEC is REPO[:FILE], REPO:QUANT (e.g. Qwen/Qwen2.5-3B-Instruct-GGUF:Q4_K_M) "
        "or a catalogue id. Ctrl-C pauses; run the same command again to resume.",
    )
    pull.add_argument("spec", metavar="SPEC")
    pull.add_argument("--revision", default="main", help="branch, tag or commit (default: main)")
    pull.set_defaults(func=run_pull)

    remove = actions.add_parser(
        "rm", help="delete a downloaded model, or forget one that lives elsewhere"
    )
    remove.add_argument("name", help="model name, file name or path, as `inkstone models list` shows it")
    remove.set_defaults(func=run_rm)


# -- list / rm -------------------------------------------------------------------------------


def _library():
    from desktop_app.core.models.library import ModelLibrary
    from desktop_app.core.paths import models_dir
    from desktop_app.core.settings import Settings

    settings = Settings.load()
    library = ModelLibrary(models_dir(), settings.model_folders, None, settings.forgotten_models)
    return library, settings


def run_list(args: argparse.Namespace) -> int:
    from desktop_app.core.models.load_guard import LoadGuard
    from desktop_app.core.safe_text import safe_text

    library, settings = _library()
    entries = library.scan()
    in_use = _resolved(settings.model_path) if settings.model_path else None
    rows = [("NAME", "QUANT", "PARAMS", "SIZE", "CONTEXT", "SOURCE")]
    problems = []
    for entry in entries:
        source = f"{entry.source} ({safe_text(entry.repo_id)})" if entry.repo_id else str(entry.source)
        if in_use is not None and _resolved(entry.path) == in_use:
            source += ", in use"
        rows.append(_row(entry.name, entry.info, entry.size, source))
        if entry.error:
            problems.append(f"{safe_text(entry.path, 200)}: {entry.error}")
    starter = _starter_row(in_use is None)
    if starter is not None:
        rows.append(starter[0])
        problems += starter[1]
    if len(rows) == 1:
        print("No models yet. Try `inkstone models catalogue`, then `inkstone models pull ID`.")
        return 0
    _print_table(rows)
    for problem in problems:
        print(f"  unusable: {problem}")
    for crash in LoadGuard().crashed():
        print(f"  crashed: {crash.message}")
    return 0


def _row(name: str, info, size: int | None, source: str) -> tuple[str, ...]:  # type: ignore[no-untyped-def]
    return (
        name,
        info.quantization if info else "?",
        _params(info.parameter_count) if info else "?",
        _size(size),
        str(info.context_length) if info and info.context_length else "?",
        source,
    )


def _starter_row(in_use: bool) -> tuple[tuple[str, ...], list[str]] | None:
    """The starter model's row when it is the model in use or was already prepared; else None."""
    from desktop_app.core.errors import ModelFileError
    from desktop_app.core.models.gguf import read_gguf_info
    from desktop_app.core.models.starter import STARTER_NAME, prepared_starter_path, starter_installed

    if not starter_installed():
        return None
    path = prepared_starter_path()
    source = "starter, in use" if in_use else "starter"
    if path is None:
        return (_row(STARTER_NAME, None, None, source + " (prepared on first use)"), []) if in_use else None
    try:
        info = read_gguf_info(path)
    except ModelFileError as exc:
        return _row(STARTER_NAME, None, path.stat().st_size, source), [f"{path}: {exc}"]
    return _row(STARTER_NAME, info, info.file_size, source), []


def _resolved(path: str | Path) -> Path:
    try:
        return Path(path).expanduser().resolve()
    except (OSError, RuntimeError):
        return Path(path).expanduser().absolute()


def run_rm(args: argparse.Namespace) -> int:
    library, settings = _library()
    wanted = args.name
    matches = [
        e
        for e in library.scan()
        if wanted in (e.name, e.path.name, e.path.stem, str(e.path))
    ]
    if not matches:
        raise InkstoneError(f"No model called '{wanted}'. See `inkstone models list`.")
    if len(matches) > 1:
        paths = ", ".join(str(e.path) for e in matches)
        raise InkstoneError(f"'{wanted}' matches several models ({paths}); give the full path.")
    path = matches[0].path
    deleted = library.remove(path)
    settings.forgotten_models = sorted(library.forgotten)
    settings.save()
    if deleted:
        print(f"Deleted {path}")
    else:
        print(f"Forgot {path} (the file itself was left where it is)")
    return 0


# -- catalogue / search ----------------------------------------------------------------------


def run_catalogue(args: argparse.Namespace) -> int:
    from desktop_app.core.models.catalogue import load_catalogue

    rows = [("ID", "NAME", "SIZE", "LANGUAGES", "TASKS")]
    for entry in load_catalogue():
        size = ("~" if entry.size_approximate else "") + _size(entry.size_bytes)
        rows.append((entry.id, entry.name, size, ",".join(entry.languages[:6]), ",".join(entry.tasks)))
    _print_table(rows)
    return 0


def run_search(args: argparse.Namespace) -> int:
    from desktop_app.core.models.hub import search_gguf_models

    found = search_gguf_models(args.query, limit=args.limit)
    if not found:
        print(f"No GGUF models on the Hub match '{args.query}'.")
        return 0
    rows = [("REPO", "DOWNLOADS", "LIKES", "")]
    for model in found:
        rows.append(
            (model.repo_id, _count(model.downloads), _count(model.likes), "gated" if model.gated else "")
        )
    _print_table(rows)
    return 0


# -- pull ------------------------------------------------------------------------------------


def run_pull(args: argparse.Namespace) -> int:
    from desktop_app.core.models.download import download_model, part_path, repo_dir
    from desktop_app.core.models.hub import HubError, list_gguf_files, pick_default_file
    from desktop_app.core.paths import models_dir

    repo_id, filename, quant = _parse_spec(args.spec)
    if filename is None:
        files = list_gguf_files(repo_id, revision=args.revision)
        if not files:
            raise HubError(f"{repo_id} has no .gguf files.")
        if quant:
            chosen = [f for f in files if (f.quantization or "").upper() == quant.upper() and f.split in (None, (1, 1))]
            choice = chosen[0] if len(chosen) == 1 else None
        else:
            choice = pick_default_file(files)
        if choice is None:
            print(f"{repo_id} has several GGUF files; pull one of them:")
            for f in files:
                print(f"  inkstone models pull {repo_id}:{f.filename}    ({_size(f.size)})")
            return 2
        if choice.split is not None:
            raise HubError(f"{choice.filename} is one part of a split model; split models are not supported yet.")
        filename = choice.filename

    cached = _in_hf_cache(repo_id, filename)
    if cached is not None:
        print(f"{repo_id}/{filename} is already on this computer (Hugging Face cache); not downloading it again.",
              file=sys.stderr)
        print(cached)
        return 0
    dest = repo_dir(models_dir(), repo_id)
    part = part_path(dest, filename)
    verb = "Resuming" if part.exists() else "Downloading"
    print(f"{verb} {repo_id}/{filename} into {dest}", file=sys.stderr)
    bar = ProgressBar(sys.stderr)
    try:
        path = download_model(repo_id, filename, dest, revision=args.revision, progress=bar.update)
    except KeyboardInterrupt:
        bar.close()
        print("Paused. Run the same command again to resume.", file=sys.stderr)
        return 130
    finally:
        bar.close()
    print(path)
    return 0


def _in_hf_cache(repo_id: str, filename: str) -> Path | None:
    """A usable copy another tool already put in the Hugging Face cache, so nothing is fetched twice."""
    from desktop_app.core.models.library import SOURCE_HF_CACHE, ModelLibrary
    from desktop_app.core.paths import models_dir

    library = ModelLibrary(models_dir(), hf_cache_dir=None)
    for entry in library.scan():
        if (entry.source == SOURCE_HF_CACHE and entry.usable and entry.repo_id == repo_id
                and entry.path.as_posix().endswith("/" + filename)):
            return entry.path
    return None


def _parse_spec(spec: str) -> tuple[str, str | None, str | None]:
    """(repo, file, quant) from REPO[:FILE], REPO:QUANT or a catalogue id."""
    from desktop_app.core.models.catalogue import find_entry

    if "/" not in spec.split(":", 1)[0]:
        entry = find_entry(spec)
        if entry is None:
            raise InkstoneError(
                f"'{spec}' is neither owner/repo nor a catalogue id; see `inkstone models catalogue`."
            )
        return entry.repo_id, entry.filename, None
    repo_id, _, rest = spec.partition(":")
    if not rest:
        return repo_id, None, None
    if rest.lower().endswith(".gguf"):
        return repo_id, rest, None
    return repo_id, None, rest


class ProgressBar:
    """A one-line text bar: percentage, bytes, speed and time left; plain lines when not a terminal."""

    WIDTH = 24

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.tty = stream.isatty()
        self._shown = False
        self._last_decile = -1
        self._last_line = 0.0

    def update(self, progress) -> None:
        total = progress.bytes_total or 0
        fraction = progress.bytes_done / total if total else 0.0
        eta = _duration(progress.eta) if progress.eta is not None else "--:--"
        text = (
            f"{fraction * 100:5.1f}%  {_size(progress.bytes_done)} / {_size(total)}  "
            f"{_size(int(progress.speed)) if progress.speed > 0 else '--'}/s  ETA {eta}"
        )
        if self.tty:
            filled = int(fraction * self.WIDTH)
            self.stream.write(f"\r[{'#' * filled}{'.' * (self.WIDTH - filled)}] {text}  ")
            self.stream.flush()
            self._shown = True
            return
        decile = int(fraction * 10)
        now = time.monotonic()
        if decile != self._last_decile or now - self._last_line > 30:
            self._last_decile, self._last_line = decile, now
            self.stream.write(text + "\n")
            self.stream.flush()

    def close(self) -> None:
        if self._shown:
            self.stream.write("\n")
            self.stream.flush()
            self._shown = False


# -- formatting ------------------------------------------------------------------------------


def _print_table(rows: list[tuple[str, ...]]) -> None:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())


def _size(n: int | None) -> str:
    if n is None:
        return "?"
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{n} B"


def _params(n: int | None) -> str:
    if not n:
        return "?"
    return f"{n / 1e9:.1f}B" if n >= 1e9 else f"{n / 1e6:.0f}M"


def _count(n: int | None) -> str:
    return "?" if n is None else f"{n:,}"


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
