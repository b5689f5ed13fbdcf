"""`inkstone docs`: add, list, remove, re-index, search and ask your documents from a terminal.

Indexing runs in this process while `docs add` (or `docs reindex`) waits, with progress on
stderr; Ctrl+C or a kill loses at most the file in progress, which the next run starts again.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from desktop_app.core.errors import InkstoneError


def register(subparsers: argparse._SubParsersAction) -> None:
    docs = subparsers.add_parser("docs", help="answer questions from your own files, with sources")
    commands = docs.add_subparsers(dest="docs_command", metavar="COMMAND", required=True)

    add = commands.add_parser("add", help="add files or folders (.txt .md .pdf .docx .html) and index them")
    add.add_argument("paths", nargs="+", metavar="PATH")
    add.add_argument("--embedding-model", metavar="GGUF", help="embedding model file (default: all-MiniLM-L6-v2)")
    add.add_argument("--include", action="append", default=[], metavar="PATTERN", help="only files matching, e.g. '*.pdf'")
    add.add_argument("--exclude", action="append", default=[], metavar="PATTERN", help="skip files matching, e.g. 'drafts/*'")
    add.add_argument("--no-wait", action="store_true", help="add without indexing now (the window or `docs reindex` will)")
    _collection_option(add)
    add.set_defaults(func=run_add)

    listing = commands.add_parser("list", help="the sources and their state")
    _collection_option(listing)
    listing.set_defaults(func=run_list)

    remove = commands.add_parser("rm", help="remove a source (by its id or path) and its index")
    remove.add_argument("sources", nargs="+", metavar="ID|PATH")
    remove.set_defaults(func=run_rm)

    reindex = commands.add_parser("reindex", help="index what changed (or, with --all, everything) again")
    reindex.add_argument("--all", action="store_true", help="index every file again, changed or not")
    _collection_option(reindex)
    reindex.set_defaults(func=run_reindex)

    search = commands.add_parser("search", help="the passages that best match a query")
    search.add_argument("query")
    search.add_argument("--limit", type=int, default=5, metavar="N")
    search.add_argument("--json", action="store_true", help="print a JSON array of the passages")
    _collection_option(search, many=True)
    search.set_defaults(func=run_search)

    ask = commands.add_parser("ask", help="answer a question from your documents, with numbered sources")
    ask.add_argument("question")
    ask.add_argument("--max-tokens", type=int, default=None, metavar="N")
    ask.add_argument("--model", metavar="PATH", default=argparse.SUPPRESS,
                     help="chat model GGUF (default: the last model used, else the starter)")
    _collection_option(ask, many=True)
    ask.set_defaults(func=run_ask)


def _collection_option(parser: argparse.ArgumentParser, many: bool = False) -> None:
    if many:
        parser.add_argument("--collection", action="append", default=None, metavar="NAME",
                            help="search this collection (repeat for several; default: all)")
    else:
        parser.add_argument("--collection", default=None, metavar="NAME", help="collection (default: Documents)")


@contextmanager
def opened_library(start: bool = False, verbose: bool = False) -> Iterator[object]:
    from desktop_app.cli.writing_commands import opened_store
    from desktop_app.core.documents.library import DocumentLibrary

    with opened_store() as store:
        printer = _ProgressPrinter() if verbose else None
        library = DocumentLibrary(store, on_progress=printer.show if printer else (lambda p: None))
        try:
            if start:
                library.start()
            yield library
        finally:
            library.close()
            if printer:
                printer.end()


def _collections(library, names: list[str] | None) -> list:  # noqa: ANN001
    if not names:
        return library.docs.collections()
    found = []
    for name in names:
        collection = library.docs.collection(name)
        if collection is None:
            raise InkstoneError(f"There is no collection {name!r}. See `inkstone docs list`.")
        found.append(collection)
    return found


def run_add(args: argparse.Namespace) -> int:
    from desktop_app.core.documents.library import DEFAULT_COLLECTION

    model = str(Path(args.embedding_model).expanduser().resolve()) if args.embedding_model else None
    if model:
        from desktop_app.core.models.gguf import read_gguf_info

        read_gguf_info(Path(model))  # a clear message for a bad file, before anything is stored
    with opened_library(start=not args.no_wait, verbose=True) as library:
        collection = library.collection(args.collection or DEFAULT_COLLECTION, model)
        library.add(args.paths, collection, args.include, args.exclude)
        if args.no_wait:
            print(f"Added to {collection.name}; it will be indexed when Inkstone's window is open "
                  "or by `inkstone docs reindex`.", file=sys.stderr)
            return 0
        return _wait(library, [collection.id])


def run_reindex(args: argparse.Namespace) -> int:
    with opened_library(start=True, verbose=True) as library:
        collections = _collections(library, [args.collection] if args.collection else None)
        if args.all:
            for collection in collections:
                library.docs.requeue(collection.id)
        return _wait(library, [c.id for c in collections])


def _wait(library, collection_ids: list[int]) -> int:  # noqa: ANN001
    from desktop_app.core.documents.worker import wait_until_indexed

    if not wait_until_indexed(library.worker, library.docs, None, collection_ids):
        raise InkstoneError(library.worker.progress.error or "Indexing stopped.")
    failed = [f for f in library.docs.files() if f.state == "failed"]
    for record in failed:
        print(f"inkstone: {record.path}: {record.error}", file=sys.stderr)
    ready = sum(1 for f in library.docs.files() if f.state == "ready")
    print(f"{ready} files indexed, {len(failed)} could not be read.", file=sys.stderr)
    return 0


class _ProgressPrinter:
    """One status line on a terminal (rewritten in place), a line per file otherwise."""

    def __init__(self) -> None:
        self._tty = sys.stderr.isatty()
        self._last_file: str | None = None
        self._lock = threading.Lock()
        self._shown = False

    def show(self, progress) -> None:  # noqa: ANN001 - IndexProgress
        if progress.state != "indexing" or progress.file_path is None:
            return
        with self._lock:
            name = Path(progress.file_path).name
            left = f" · about {_duration(progress.seconds_left)} left" if progress.seconds_left else ""
            line = (f"Indexing {progress.files_done + 1}/{progress.files_done + progress.files_left} files · "
                    f"{name} {progress.file_done}/{progress.file_total} · {progress.rate:.1f} chunks/s{left}")
            if self._tty:
                sys.stderr.write("\r\x1b[K" + line[:200])
                sys.stderr.flush()
                self._shown = True
            elif name != self._last_file:
                print(line, file=sys.stderr, flush=True)
            self._last_file = name

    def end(self) -> None:
        if self._shown:
            sys.stderr.write("\n")


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{max(1, round(seconds))} s"
    if seconds < 5400:
        return f"{round(seconds / 60)} min"
    return f"{seconds / 3600:.1f} h"


def run_list(args: argparse.Namespace) -> int:
    with opened_library() as library:
        collections = _collections(library, [args.collection] if args.collection else None)
        if not any(library.docs.sources(c.id) for c in collections):
            print("No documents yet. Add some with `inkstone docs add PATH`.", file=sys.stderr)
            return 0
        from desktop_app.core.documents.embedding import model_label

        for collection in collections:
            print(f"{collection.name} (embedding model: {model_label(collection.embedding_model)})")
            for source, status in library.statuses(collection.id):
                state = status.state
                if status.indexing_file is not None:
                    f = status.indexing_file
                    state = f"indexing {f.chunks_done}/{f.chunks_total}"
                print(f"  {source.id:>4}  {state:<16} {status.files_ready}/{status.files} files  "
                      f"{status.chunks} chunks  {source.path}")
                if source.error:
                    print(f"        failed: {source.error}")
                for record in library.docs.files(source_id=source.id):
                    if record.state == "failed":
                        print(f"        failed: {Path(record.path).name}: {record.error}")
    return 0


def run_rm(args: argparse.Namespace) -> int:
    with opened_library() as library:
        sources = library.docs.sources()
        for given in args.sources:
            resolved = str(Path(given).expanduser().resolve())
            matches = [s for s in sources if str(s.id) == given or s.path == resolved]
            if not matches:
                raise InkstoneError(f"No source {given!r}. See `inkstone docs list`.")
            for source in matches:
                library.remove_source(source.id)
                print(f"Removed {source.path}", file=sys.stderr)
    return 0


def run_search(args: argparse.Namespace) -> int:
    with opened_library() as library:
        collections = _collections(library, args.collection)
        passages = library.search(args.query, [c.id for c in collections], max(1, args.limit))
    if args.json:
        rows = [{"rank": rank, "file": p.path, "page": p.page, "heading": p.heading, "start": p.start,
                 "end": p.end, "score": round(p.score, 6), "similarity": None if p.cosine is None else round(p.cosine, 4),
                 "text": p.text} for rank, p in enumerate(passages, 1)]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not passages:
        print("No passage matches.", file=sys.stderr)
        return 0
    for rank, p in enumerate(passages, 1):
        where = ", ".join(x for x in (p.path, p.location) if x)
        print(f"{rank}. {where}  (score {p.score:.4f})")
        print("   " + " ".join(p.text.split())[:600])
        print()
    return 0


def run_ask(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from desktop_app.cli.writing_commands import loaded_engine
    from desktop_app.core.documents.answering import answer_from_documents, format_sources, prepare_context

    if not args.question.strip():
        raise InkstoneError("The question is empty.")
    with opened_library() as library:
        collections = _collections(library, args.collection)
        context = prepare_context(library.retriever, [c.id for c in collections], args.question)
        with loaded_engine(args) as engine:
            from desktop_app.cli.chat_commands import model_choice

            _, model_settings = model_choice(getattr(args, "model", None))
            params = model_settings.to_generation_params()
            if args.max_tokens:
                params = replace(params, max_tokens=args.max_tokens)
            cancel = threading.Event()
            try:
                answer = answer_from_documents(engine, context, params, _write, cancel)
            except KeyboardInterrupt:
                cancel.set()
                raise
    print()
    sources = answer.sources or (list(enumerate(context.passages, 1)) if context.found else [])
    if sources:
        title = "Sources:" if answer.sources else "Passages the answer was written from:"
        print(f"\n{title}\n{format_sources(sources)}")
    return 0


def _write(piece: str) -> None:
    sys.stdout.write(piece)
    sys.stdout.flush()
