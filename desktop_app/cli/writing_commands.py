"""`inkstone translate` and `inkstone draft`: the writing workspaces from a terminal.

Text streams to stdout, progress and notes go to stderr; results are kept in the history.
"""

from __future__ import annotations

import argparse
import sys
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from desktop_app.cli.engine_choice import add_engine_options, remote_settings
from desktop_app.core.engine.base import Engine
from desktop_app.core.writing.errors import WritingError


def register(subparsers: argparse._SubParsersAction) -> None:
    translate = subparsers.add_parser("translate", help="translate a text file (or standard input)")
    translate.add_argument("file", nargs="?", default="-", metavar="FILE", help="text file, or - for standard input")
    translate.add_argument("--to", required=True, metavar="LANG", help="target language code, e.g. fr, zh-Hans")
    translate.add_argument("--from", dest="source", default=None, metavar="LANG", help="source language (default: detect)")
    tone = translate.add_mutually_exclusive_group()
    tone.add_argument("--formal", dest="tone", action="store_const", const="formal", default="neutral")
    tone.add_argument("--informal", dest="tone", action="store_const", const="informal")
    translate.add_argument("--keep-formatting", action="store_true",
                           help="pass Markdown, code blocks and blank lines through unchanged")
    translate.add_argument("--term", action="append", default=[], metavar="SOURCE=TARGET",
                           help="a glossary term for this run (the saved glossary applies too)")
    translate.add_argument("--out", metavar="FILE", type=_export_path,
                           help="also save the translation (.md, .html, .docx, .pdf)")
    translate.add_argument("--encoding", metavar="NAME", default=None,
                           help="the input's text encoding, e.g. shift_jis, gb18030 (default: detect)")
    _add_model_option(translate)
    translate.set_defaults(func=run_translate)

    draft = subparsers.add_parser("draft", help="write a draft from a template, an outline, or a long document")
    mode = draft.add_mutually_exclusive_group()
    mode.add_argument("--template", metavar="NAME", help="email, article, report, summary, rewrite, proofread, "
                      "change-tone, expand, shorten, outline")
    mode.add_argument("--outline", action="store_true", help="print an outline for --field topic=...")
    mode.add_argument("--from-outline", metavar="FILE", help="write a long document from this outline, section by section")
    mode.add_argument("--list-templates", action="store_true", help="list the templates and their fields")
    draft.add_argument("--field", action="append", default=[], metavar="KEY=VALUE",
                       help="a template field; KEY=@FILE reads the value from a file (@- for standard input)")
    draft.add_argument("--out", metavar="FILE", type=_export_path, help="save the result (.md, .html, .docx, .pdf)")
    draft.add_argument("--max-tokens", type=int, default=None, metavar="N")
    _add_model_option(draft)
    draft.set_defaults(func=run_draft)


def _add_model_option(parser: argparse.ArgumentParser) -> None:
    # SUPPRESS: a --model given before the command (inkstone --model X draft) is not overwritten.
    parser.add_argument("--model", metavar="PATH", default=argparse.SUPPRESS,
                        help="GGUF model file (default: the last model used, else the starter)")
    add_engine_options(parser)


@contextmanager
def loaded_engine(args: argparse.Namespace) -> Iterator[Engine]:
    """The model a command runs on, loaded for the command and freed after it."""
    from desktop_app.cli.chat_commands import model_choice
    from desktop_app.core.engine.llama import LlamaEngine
    from desktop_app.core.engine.tuned import TunedEngine
    from desktop_app.core.models.load_guard import GuardedEngine

    remote = remote_settings(args)
    if remote is not None:
        from desktop_app.core.engine.remote import RemoteEngine

        server = RemoteEngine()
        server.connect(remote)
        try:
            yield server
        finally:
            server.unload()
        return
    path, model_settings = model_choice(getattr(args, "model", None))
    engine = GuardedEngine(LlamaEngine())  # a crash in llama.cpp is remembered, not repeated
    engine.load(path, model_settings.to_load_options())
    try:
        yield TunedEngine(engine, model_settings.to_sampling())
    finally:
        engine.unload()


@contextmanager
def opened_store() -> Iterator[object]:
    from desktop_app.core.paths import ensure_data_dir
    from desktop_app.core.store import Store

    ensure_data_dir()
    store = Store()
    try:
        yield store
    finally:
        store.close()


def _write(piece: str) -> None:
    sys.stdout.write(piece)
    sys.stdout.flush()


def _read_input(name: str, encoding: str | None = None) -> str:
    from desktop_app.core.writing.text_files import AmbiguousEncodingError, decode_text, read_text_file

    try:
        if name == "-":
            if not hasattr(sys.stdin, "buffer"):
                return sys.stdin.read()
            return decode_text(sys.stdin.buffer.read(), "Standard input", encoding)
        return read_text_file(name, encoding)
    except AmbiguousEncodingError as exc:
        raise WritingError(f"{exc} Give it with --encoding, e.g. --encoding {exc.candidates[0].encoding}.") from exc


def _pairs(values: list[str], what: str) -> list[tuple[str, str]]:
    pairs = []
    for value in values:
        key, sep, rest = value.partition("=")
        if not sep or not key.strip():
            raise WritingError(f"{what} '{value}' should look like KEY=VALUE.")
        pairs.append((key.strip(), rest))
    return pairs


def _run_interruptible(cancel: threading.Event, work):  # type: ignore[no-untyped-def]
    """Ctrl+C stops generation and keeps what was written (the engine checks cancel per token)."""
    try:
        return work()
    except KeyboardInterrupt:
        cancel.set()
        raise


def run_translate(args: argparse.Namespace) -> int:
    from desktop_app.core.writing.glossary import GlossaryTerm
    from desktop_app.core.writing.history import saved_glossary, translate_into_history
    from desktop_app.core.writing.translate_prompts import TranslationOptions
    from desktop_app.core.writing.translator import resolve_languages

    text = _read_input(args.file, args.encoding)
    if not text.strip():
        raise WritingError("There is no text to translate.")
    source, target, detected = resolve_languages(text, args.source, args.to)
    if detected:
        print(f"Detected source language: {source.english_name} ({source.code})", file=sys.stderr)
    options = TranslationOptions(tone=args.tone, keep_formatting=args.keep_formatting)
    with opened_store() as store, loaded_engine(args) as engine:
        glossary = [GlossaryTerm(s, t) for s, t in _pairs(args.term, "Term")]
        glossary += saved_glossary(store, source.code, target.code)  # type: ignore[arg-type]
        cancel = threading.Event()

        def progress(k: int, n: int) -> None:
            print(f"segment {k}/{n}", file=sys.stderr, flush=True)

        # stored as it streams: Ctrl+C or a kill keeps what was printed (at most the last half second is lost)
        result = _run_interruptible(cancel, lambda: translate_into_history(
            store, text, source.code, target.code, engine=engine, options=options, glossary=glossary,  # type: ignore[arg-type]
            on_segment_start=progress, on_text=_write, cancel=cancel))
        _write("\n")
    if args.out:
        _export(result.text, args.out)
    print(f"[translation {result.conversation_id} · {result.segments_done}/{result.segments_total} segments · "
          f"{result.seconds:.1f} s]", file=sys.stderr)
    return 0


def run_draft(args: argparse.Namespace) -> int:
    if args.list_templates:
        return _list_templates()
    fields = {key: _field_value(value) for key, value in _pairs(args.field, "Field")}
    if args.from_outline:
        if not args.out:
            raise WritingError("--from-outline writes a long document: give the file to save it in with --out.")
        return _write_long(args, fields)
    if args.outline:
        return _print_outline(args, fields)
    if not args.template:
        raise WritingError("Choose what to write: --template NAME, --outline or --from-outline FILE.")
    from desktop_app.core.writing.draft_history import OpenDraft, write_into_history
    from desktop_app.core.writing.draft_templates import prepare_request
    from desktop_app.core.writing.drafter import write_draft

    request = prepare_request(args.template, fields)  # checks the fields before the model loads
    with opened_store() as store, loaded_engine(args) as engine:
        cancel = threading.Event()
        result, _saved = _run_interruptible(cancel, lambda: write_into_history(
            store, OpenDraft(request.template.name, dict(fields)),  # type: ignore[arg-type]
            lambda out: write_draft(request.template, fields, engine=engine, on_text=out, cancel=cancel,
                                    max_tokens=args.max_tokens),
            model=engine.model.name if engine.model else None, on_text=_write,
            stopped=lambda draft: draft.stopped))
        _write("\n")
    if args.out:
        _export(result.text, args.out)
    return 0


def _field_value(value: str) -> str:
    return _read_input(value[1:]) if value.startswith("@") else value


def _list_templates() -> int:
    from desktop_app.core.writing.draft_templates import TEMPLATES

    for template in TEMPLATES:
        keys = ", ".join(f.key + ("*" if f.required else "") for f in template.fields)
        print(f"{template.name:12} {template.description}  [fields: {keys}]")
    print("(* required)")
    return 0


def _print_outline(args: argparse.Namespace, fields: dict[str, str]) -> int:
    from desktop_app.core.writing.longform import LongformSpec, generate_outline
    from desktop_app.core.writing.outline import format_outline

    spec = LongformSpec.from_fields(fields)
    with loaded_engine(args) as engine:
        sections = generate_outline(spec, engine=engine)
    text = f"# {spec.topic}\n\n{format_outline(sections)}"
    _write(text)
    if args.out:
        _export(text, args.out)
    return 0


def _write_long(args: argparse.Namespace, fields: dict[str, str]) -> int:
    from desktop_app.core.writing.draft_history import OpenDraft, write_into_history
    from desktop_app.core.writing.longform import LongformSpec, LongformWriter
    from desktop_app.core.writing.outline import parse_outline
    from desktop_app.core.writing.text_files import read_text_file

    outline_text = read_text_file(args.from_outline)
    sections = parse_outline(outline_text)
    if not sections:
        raise WritingError(f"{args.from_outline} has no section headings to write.")
    if "topic" not in fields:
        first = outline_text.strip().splitlines()[0]
        fields["topic"] = first.lstrip("#").strip() if first.startswith("# ") else Path(args.from_outline).stem
    spec = LongformSpec.from_fields(fields)
    with opened_store() as store, loaded_engine(args) as engine:
        writer = LongformWriter(engine, spec, sections)
        cancel = threading.Event()

        def write(out):  # type: ignore[no-untyped-def]
            def started(k: int, n: int, title: str) -> None:
                print(f"section {k}/{n}: {title}", file=sys.stderr, flush=True)
                out(f"\n## {title}\n\n")

            return writer.write_all(on_section_start=started, on_text=out, cancel=cancel)

        result, _saved = _run_interruptible(cancel, lambda: write_into_history(
            store, OpenDraft("longform", dict(fields)), write, head=f"# {spec.topic}\n",  # type: ignore[arg-type]
            model=engine.model.name if engine.model else None, on_text=_write,
            stopped=lambda outcome: outcome.stopped))
        _write("\n")
    _export(result.document, args.out)
    print(f"[{result.sections_done}/{result.sections_total} sections written to {args.out}]", file=sys.stderr)
    return 0


def _export_path(value: str) -> str:
    """Check --out before any generation, so a wrong extension never costs a long run."""
    from desktop_app.core.writing.export import EXPORT_FORMATS

    if Path(value).suffix.lower() not in EXPORT_FORMATS:
        raise argparse.ArgumentTypeError(f"cannot export to {value!r}: use .md, .html, .docx or .pdf")
    return value


def _export(text: str, out: str) -> None:
    from desktop_app.core.writing.export import export_document
    from desktop_app.ui.writing.pdf_export import write_pdf_headless

    export_document(text, Path(out), pdf_writer=write_pdf_headless)
