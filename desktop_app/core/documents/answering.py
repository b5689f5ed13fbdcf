"""Answers from documents: the standalone query, the numbered sources for the prompt, the citations.

The sources go into the new user turn only, after everything the conversation already said, so
the prompt's beginning stays as it was and the model's saved context is reused (see
core/prompts/history_fit.py). The model is told to cite them as [1], [2]...; what it cites is
read back from its answer. When no passage is relevant the model is not asked at all: the
answer says the documents do not cover it, instead of an invention.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from desktop_app.core.documents.retrieval import Passage, Retriever
from desktop_app.core.engine.base import ChatMessage, Engine, GenerationParams, GenerationStats
from desktop_app.core.prompts import ChatTurn, build_chat_prompt
from desktop_app.core.prompts.send import send_prompt
from desktop_app.core.prompts.transcript import TRANSCRIPT_STOPS
from desktop_app.core.store.document_schema import CitationRecord

NOTHING_FOUND = "I found nothing about this in the selected documents, so I cannot answer it from them."
NOTHING_FOUND_ZH = "所选文档中没有找到与此相关的内容，无法根据文档回答。"
PASSAGES = 5
_CITATION = re.compile(r"\[(\d{1,3}(?:\s*[,，、\-–]\s*\d{1,3})*)\]")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")
INSTRUCTION = (
    "Answer the question from the sources above, in the language of the question, and cite the sources "
    "you use as [1], [2]. If they do not contain the answer, say that the documents do not say."
)
# A base model (no chat template) learns the format from one worked example, as in core/prompts/transcript.py:
# measured on the starter, without it the answer wanders into new "sources" of its own.
BASE_PREAMBLE = (
    "A chat between a curious user and a helpful assistant. The assistant answers from the user's "
    "sources and cites them."
)
BASE_EXAMPLE_QUESTION = "When does the museum open?"
BASE_EXAMPLE_SOURCE = ("museum.md", "Hours", "The museum opens at nine in the morning.")  # file, heading, text
BASE_EXAMPLE_ANSWER = "The museum opens at nine in the morning [1]."
BASE_EXAMPLE = (
    f"User: Sources:\n[1] {BASE_EXAMPLE_SOURCE[2]}\nQuestion: {BASE_EXAMPLE_QUESTION}\n"
    f"Assistant: {BASE_EXAMPLE_ANSWER}"
)
STOPS = ("\nQuestion:", "\nSources:", "\n[")  # past these a model invents sources of its own
MAX_TEMPERATURE = 0.0  # answers from documents stick to them, and the same question gets the same answer
REWRITE_INSTRUCTION = (
    "Rewrite the user's last question so that it can be understood without the conversation above "
    "(replace words like it, they, that, this with what they refer to). Reply with the rewritten question only."
)


@dataclass(frozen=True)
class DocumentContext:
    """What retrieval found for one question; passage n is cited as [n]."""

    question: str  # as the user asked it
    query: str  # the standalone query the passages were searched with
    passages: tuple[Passage, ...]

    @property
    def found(self) -> bool:
        return bool(self.passages)

    @property
    def nothing_found_answer(self) -> str:
        return NOTHING_FOUND_ZH if _CJK.search(self.question) else NOTHING_FOUND

    @property
    def prompt_section(self) -> str:
        """The numbered sources and how to use them: goes before the question in the new user turn."""
        return f"Sources:\n\n{self.sources_block}\n\n{INSTRUCTION}"

    @property
    def sources_block(self) -> str:
        blocks = []
        for number, passage in enumerate(self.passages, 1):
            where = ", ".join(p for p in (passage.file_name, passage.location) if p)
            blocks.append(f"[{number}] ({where})\n{passage.text.strip()}")
        return "\n\n".join(blocks)

    def user_turn(self) -> str:
        """The content of the new user turn to send to the model instead of the bare question."""
        return f"{self.prompt_section}\nQuestion: {self.question.strip()}"

    def cited(self, answer: str) -> list[tuple[int, Passage]]:
        """The passages the answer cites, as (number, passage), in number order."""
        numbers: set[int] = set()
        for match in _CITATION.finditer(answer):
            for part in re.split(r"\s*[,，、]\s*", match.group(1)):
                bounds = [int(n) for n in re.split(r"\s*[\-–]\s*", part) if n]
                if len(bounds) == 2 and bounds[0] <= bounds[1] <= len(self.passages):
                    numbers.update(range(bounds[0], bounds[1] + 1))
                elif bounds:
                    numbers.add(bounds[0])
        return [(n, self.passages[n - 1]) for n in sorted(numbers) if 1 <= n <= len(self.passages)]

    def citations(self, message_id: int, answer: str) -> list[CitationRecord]:
        """What to store under the answer (DocumentStore.save_citations): the cited passages, or every
        passage given to the model when it cited none (they are what it read)."""
        cited = self.cited(answer) or list(enumerate(self.passages, 1))
        return [CitationRecord(message_id, n, p.path, p.heading, p.page, p.start, p.end, p.text) for n, p in cited]


def transcript_example() -> tuple[tuple[str, str], ...]:
    """The worked exchange a base model's chat transcript shows when the conversation answers from
    documents: a user turn in the same format as DocumentContext.user_turn, and an answer that cites.
    Measured on the starter: with the usual example instead, answers trail off into "Answer:" lines."""
    name, heading, text = BASE_EXAMPLE_SOURCE
    passage = Passage(0, name, heading, None, 0, len(text), text, 0.0, None, 1)
    example = DocumentContext(BASE_EXAMPLE_QUESTION, BASE_EXAMPLE_QUESTION, (passage,))
    return (("user", example.user_turn()), ("assistant", BASE_EXAMPLE_ANSWER))


def standalone_query(engine: Engine | None, history: Sequence[ChatTurn], question: str,
                     cancel: threading.Event | None = None) -> str:
    """The question as a search query that needs no conversation: a follow-up ("and in 2020?") is
    rewritten by an instruct chat model; with a base model (or none), the previous question is
    searched with it."""
    previous = [t.content.strip() for t in history if t.role == "user" and t.content.strip()]
    if not previous:
        return question.strip()
    model = engine.model if engine is not None else None
    if engine is not None and model is not None and model.is_instruct:
        rewritten = _rewrite(engine, history, question, cancel)
        if rewritten:
            return rewritten
    return f"{previous[-1][-300:]} {question.strip()}"


def _rewrite(engine: Engine, history: Sequence[ChatTurn], question: str, cancel: threading.Event | None) -> str:
    recent = [t for t in history if t.role in ("user", "assistant")][-4:]
    lines = [f"{'User' if t.role == 'user' else 'Assistant'}: {t.content.strip()[:600]}" for t in recent]
    content = "Conversation:\n" + "\n".join(lines) + f"\nUser: {question.strip()}\n\n{REWRITE_INSTRUCTION}"
    model = engine.model
    assert model is not None
    prompt = build_chat_prompt([ChatTurn("user", content)], model, engine.count_tokens, 64)
    pieces: list[str] = []
    params = GenerationParams(max_tokens=64, temperature=0.0, seed=0, stop=tuple(prompt.stop) + ("\n",))
    send_prompt(engine, prompt, params, pieces.append, cancel)  # a server's model takes the messages
    text = " ".join("".join(pieces).split()).strip().strip('"“”')
    return text if 0 < len(text) <= 400 else ""


def prepare_context(
    retriever: Retriever,
    collection_ids: Sequence[int],
    question: str,
    history: Sequence[ChatTurn] = (),
    engine: Engine | None = None,
    limit: int = PASSAGES,
    cancel: threading.Event | None = None,
) -> DocumentContext:
    """Rewrite the question if it follows up, search, and keep the relevant passages."""
    query = standalone_query(engine, history, question, cancel)
    passages = [p for p in retriever.search(query, collection_ids, limit) if p.relevant]
    return DocumentContext(question, query, tuple(passages))


@dataclass(frozen=True)
class Answer:
    text: str
    context: DocumentContext
    stats: GenerationStats | None  # None: the model was not asked (nothing relevant was found)

    @property
    def sources(self) -> list[tuple[int, Passage]]:
        return self.context.cited(self.text)


def answer_from_documents(engine: Engine, context: DocumentContext, params: GenerationParams,
                          on_text: Callable[[str], None], cancel: threading.Event | None = None) -> Answer:
    """A one-question answer (the CLI's `docs ask`, the Documents page): streamed through on_text."""
    if not context.found:
        on_text(context.nothing_found_answer)
        return Answer(context.nothing_found_answer, context, None)
    model = engine.model
    if model is None:
        from desktop_app.core.errors import EngineError

        raise EngineError("No model is loaded.")
    messages = None
    if model.is_instruct:
        prompt = build_chat_prompt([ChatTurn("user", context.user_turn())], model, engine.count_tokens,
                                   params.max_tokens)
        text, stops, messages = prompt.text, tuple(prompt.stop), prompt.messages
    else:
        text = (f"{BASE_PREAMBLE}\n\n{BASE_EXAMPLE}\n\nUser: Sources:\n\n{context.sources_block}\n"
                f"Question: {context.question.strip()}\nAssistant:")
        stops = TRANSCRIPT_STOPS
    pieces: list[str] = []

    def collect(piece: str) -> None:
        if not pieces:
            piece = piece.lstrip()
            if not piece:
                return
        pieces.append(piece)
        on_text(piece)

    params = replace(params, temperature=min(params.temperature, MAX_TEMPERATURE),
                     stop=tuple(params.stop) + stops + STOPS)
    stats = send_prompt(engine, _Sendable(text, messages), params, collect, cancel)
    return Answer("".join(pieces).strip(), context, stats)


@dataclass(frozen=True)
class _Sendable:
    text: str
    messages: tuple[ChatMessage, ...] | None  # for a model that takes chat messages (a server's)


def format_sources(sources: Sequence[tuple[int, Passage]]) -> str:
    """Numbered sources as plain lines: "[1] contract.pdf, p. 3 · Payment"."""
    return "\n".join(f"[{n}] {', '.join(x for x in (p.file_name, p.location) if x)}" for n, p in sources)
