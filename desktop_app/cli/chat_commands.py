"""`inkstone ask` and `inkstone history`: chat from a terminal, into the same history as the window."""

from __future__ import annotations

import argparse
import logging
import sys
import threading
from pathlib import Path

from desktop_app.cli.engine_choice import add_engine_options, remote_settings
from desktop_app.core.errors import InkstoneError

log = logging.getLogger(__name__)


def register(subparsers: argparse._SubParsersAction) -> None:
    ask = subparsers.add_parser("ask", help="ask a question and stream the answer")
    ask.add_argument("question", help="the question (use - to read it from standard input)")
    ask.add_argument("--model", metavar="PATH", help="GGUF model file (default: the last model used, else the starter)")
    ask.add_argument("--conversation", type=int, metavar="ID", help="continue this conversation")
    ask.add_argument("--max-tokens", type=int, default=None, metavar="N")
    add_engine_options(ask)
    ask.add_argument("--preset", metavar="NAME",
                     help="the conversation's system-prompt preset (see `inkstone presets`)")
    ask.set_defaults(func=run_ask)

    history = subparsers.add_parser("history", help="list conversations, print one, or search them all")
    history.add_argument("conversation", nargs="?", type=int, metavar="ID")
    history.add_argument("--search", metavar="TEXT",
                         help="messages that contain every word of TEXT (chats, translations, drafts), newest first")
    history.add_argument("--kind", choices=("chat", "translation", "draft"), help="only this kind of conversation")
    history.add_argument("--limit", type=int, default=20, metavar="N", help="results of --search (default 20)")
    history.set_defaults(func=run_history)

    presets = subparsers.add_parser("presets", help="list the system-prompt presets")
    presets.set_defaults(func=run_presets)


def resolve_model_path(explicit: str | None) -> Path:
    """The model a headless command uses: --model, else the one chosen last, else the starter."""
    from desktop_app.core.models.starter import starter_model_path
    from desktop_app.core.settings import Settings

    if explicit:
        return Path(explicit).expanduser()
    saved = Settings.load().model_path
    if saved:
        return Path(saved)
    return starter_model_path()


def model_choice(explicit: str | None):
    """(path, per-model settings) for a headless command; the starter's settings are keyed as such.

    A model that crashed Inkstone last time is only loaded when asked for with --model.
    """
    from desktop_app.core.model_settings import settings_for
    from desktop_app.core.settings import Settings

    settings = Settings.load()
    path = resolve_model_path(explicit)
    if not explicit:
        refuse_if_it_crashed(path)
    return path, settings_for(settings, path if (explicit or settings.model_path) else None)


def refuse_if_it_crashed(path: Path) -> None:
    from desktop_app.core.models.load_guard import LoadGuard
    from desktop_app.core.safe_text import safe_text

    crash = LoadGuard().refusal(path)
    if crash is not None:
        raise InkstoneError(f"{crash.message} To try it again, add --model {safe_text(path, 200)}")


def open_store():
    """The store, with answers left streaming by a process that is gone marked interrupted."""
    from desktop_app.core.paths import ensure_data_dir
    from desktop_app.core.store import Store

    ensure_data_dir()
    store = Store()
    try:
        store.recover_interrupted()
    except BaseException:
        store.close()
        raise
    return store


def run_ask(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from desktop_app.core.chat import ChatService
    from desktop_app.core.engine.base import ModelInfo
    from desktop_app.core.engine.llama import LlamaEngine
    from desktop_app.core.models.gguf import read_gguf_info
    from desktop_app.core.models.load_guard import GuardedEngine
    from desktop_app.core.settings import Settings

    question = sys.stdin.read() if args.question == "-" else args.question
    if not question.strip():
        raise InkstoneError("The question is empty.")
    settings = Settings.load()
    store = open_store()
    try:
        if args.conversation is not None and store.get_conversation(args.conversation) is None:
            raise InkstoneError(f"There is no conversation {args.conversation}. See `inkstone history`.")
        preset = _preset(store, args.preset) if args.preset else None
        remote = remote_settings(args)
        if remote is None:
            path, model_settings = model_choice(args.model)
            header = read_gguf_info(path)  # a clear message for a bad file, before anything is stored
            engine = GuardedEngine(LlamaEngine())  # a crash in llama.cpp is remembered, not repeated
            name = header.name or path.stem

            def load() -> ModelInfo:
                return engine.load(path, model_settings.to_load_options())
        else:
            from desktop_app.core.engine.remote import RemoteEngine
            from desktop_app.core.model_settings import defaults

            model_settings = defaults(settings)
            engine = RemoteEngine()
            name = remote.model or remote.url

            def load() -> ModelInfo:
                return engine.connect(remote)
        service = ChatService(store)
        # The question is stored before the model loads: a kill or Ctrl+C while it loads keeps it.
        turn = service.start_turn(args.conversation, question, name)
        if preset is not None:
            store.set_conversation_settings(turn.conversation_id, preset_id=preset.id,
                                            temperature=turn.conversation.temperature if turn.conversation else None,
                                            max_tokens=turn.conversation.max_tokens if turn.conversation else None)
        try:
            model = load()
        except BaseException as exc:
            status = "stopped" if isinstance(exc, KeyboardInterrupt) else "failed"
            store.finish_message(turn.assistant_message.id, "", status)
            raise
        log.info("Model loaded: %s (%s, %d GPU layers)", model.path, model.backend, model.n_gpu_layers)
        params = model_settings.to_generation_params()
        if args.max_tokens:
            params = replace(params, max_tokens=args.max_tokens)
        cancel = threading.Event()

        def write(piece: str) -> None:
            sys.stdout.write(piece)
            sys.stdout.flush()

        try:
            result = service.run_turn(turn, engine, params, write, cancel, settings.system_prompt)
        except KeyboardInterrupt:
            cancel.set()
            raise
        finally:
            engine.unload()
        sys.stdout.write("\n")
        stats = result.stats
        context = result.context
        if context is not None and context.question_cut_chars:
            print(f"note: the question was too long for the model's context window ({context.window} tokens); "
                  f"its first {context.question_cut_chars:,} characters were left out.", file=sys.stderr)
        if context is not None and context.left_out:
            print(f"note: {context.left_out} older messages were outside the model's view.", file=sys.stderr)
        print(
            f"[conversation {turn.conversation_id} · {stats.generated_tokens} tokens · "
            f"{stats.tokens_per_second:.1f} tok/s]",
            file=sys.stderr,
        )
        return 0
    finally:
        store.close()


def _preset(store, name: str):
    from desktop_app.core.store import PresetRepository

    preset = PresetRepository(store).find(name)
    if preset is None:
        raise InkstoneError(f"There is no preset called {name!r}. See `inkstone presets`.")
    return preset


def run_history(args: argparse.Namespace) -> int:
    store = open_store()
    try:
        if args.search is not None:
            return _search(store, args.search, args.kind, args.limit)
        if args.conversation is None:
            for conversation in store.list_conversations(kind=args.kind):
                when = conversation.updated_at.astimezone().strftime("%Y-%m-%d %H:%M")
                print(f"{conversation.id}\t{when}\t{conversation.kind}\t{conversation.title}")
            return 0
        from desktop_app.core.chat import ChatService

        conversation = store.get_conversation(args.conversation)
        if conversation is None:
            raise InkstoneError(f"There is no conversation {args.conversation}.")
        print(f"# {conversation.title}\n")
        for placed in ChatService(store).branch(conversation.id):  # the branch on screen
            message = placed.record
            label = {"user": "You", "assistant": "Assistant"}.get(message.role, message.role.title())
            notes = [] if message.status == "complete" else [_STATUS_NOTES.get(message.status, message.status)]
            if placed.siblings > 1:
                notes.append(f"version {placed.position} of {placed.siblings}")
            note = f" ({', '.join(notes)})" if notes else ""
            print(f"{label}{note}:\n{message.content}\n")
        return 0
    finally:
        store.close()


_STATUS_NOTES = {"length": "cut at the length limit"}


def _search(store, text: str, kind: str | None, limit: int) -> int:
    """One line per message found: conversation id, message id, when, kind, title, and the snippet
    with the matches in [brackets]. Exit code 1 when nothing matched (as grep)."""
    from desktop_app.core.safe_text import safe_text
    from desktop_app.core.search.service import HistorySearch

    if not text.strip():
        raise InkstoneError("The search is empty.")
    page = HistorySearch(store).search(text, limit=max(1, limit), kind=kind)
    for hit in page.hits:
        when = hit.message.created_at.astimezone().strftime("%Y-%m-%d %H:%M")
        marked, last = [], 0
        for start, end in hit.snippet.spans:
            marked += [hit.snippet.text[last:start], "[", hit.snippet.text[start:end], "]"]
            last = end
        marked.append(hit.snippet.text[last:])
        conversation = hit.conversation
        print(f"{conversation.id}\t{hit.message.id}\t{when}\t{conversation.kind}\t"
              f"{safe_text(conversation.title, 80)}\t{safe_text(''.join(marked), 400)}")
    return 0 if page.hits else 1


def run_presets(args: argparse.Namespace) -> int:
    from desktop_app.core.store import PresetRepository

    store = open_store()
    try:
        for preset in PresetRepository(store).list():
            print(f"{preset.name}\t{' '.join(preset.system_prompt.split())}")
        return 0
    finally:
        store.close()
