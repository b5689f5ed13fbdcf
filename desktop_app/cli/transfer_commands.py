"""`inkstone export` and `inkstone import`: conversations out to Markdown or JSON, and back in."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop_app.core.errors import InkstoneError


def register(subparsers: argparse._SubParsersAction) -> None:
    export = subparsers.add_parser(
        "export", help="export conversations to Markdown or to Inkstone's JSON (which keeps every branch)"
    )
    export.add_argument("conversations", nargs="*", type=int, metavar="ID", help="conversation ids (default: all)")
    export.add_argument("--format", choices=("markdown", "json"), default=None,
                        help="default: from --out's extension (.json or .md), else markdown")
    export.add_argument("--kind", choices=("chat", "translation", "draft"), help="with no ids: only this kind")
    export.add_argument("--out", type=Path, metavar="FILE", help="write to FILE instead of standard output")
    export.set_defaults(func=run_export)

    imported = subparsers.add_parser(
        "import", help="import an Inkstone JSON export or ChatGPT's conversations.json (all or nothing)"
    )
    imported.add_argument("file", type=Path, metavar="FILE")
    imported.set_defaults(func=run_import)


def run_export(args: argparse.Namespace) -> int:
    from desktop_app.cli.chat_commands import open_store
    from desktop_app.core.transfer import export_json, export_markdown, write_export

    fmt = args.format or ("json" if args.out is not None and args.out.suffix.lower() == ".json" else "markdown")
    ids = args.conversations or None
    store = open_store()
    try:
        text = (export_json if fmt == "json" else export_markdown)(store, ids, args.kind)
    finally:
        store.close()
    if args.out is None:
        sys.stdout.write(text)
    else:
        write_export(text, args.out)
        print(f"exported to {args.out}", file=sys.stderr)
    return 0


def run_import(args: argparse.Namespace) -> int:
    from desktop_app.cli.chat_commands import open_store
    from desktop_app.core.transfer import import_file

    if not args.file.is_file():
        raise InkstoneError(f"There is no file {args.file}.")
    store = open_store()
    try:
        result = import_file(store, args.file)
    finally:
        store.close()
    source = "Inkstone export" if result.format == "inkstone" else "ChatGPT export"
    count = len(result.conversation_ids)
    print(f"imported {count} conversation{'s' if count != 1 else ''} ({result.messages} messages) "
          f"from the {source} {args.file.name}")
    return 0
