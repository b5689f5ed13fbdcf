"""Long documents: an outline first, then one section at a time, so the whole can outgrow the context.

Each section's prompt holds the outline, a running summary of what came before, and the
section's title and notes; never the full text written so far. The running summary is:
- "model": after each section, the model summarises it in about 60 words (chat models do
  this well, and it costs a short generation per section);
- "tail": the last paragraphs of the sections before (about 150 tokens), for base
  models, whose summaries are unreliable and would cost as much as a section.
"auto" picks "model" for chat models and "tail" for base models. Older summaries are
dropped from the front when they would take more than a quarter of the context window.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Callable, Literal, Mapping

from desktop_app.core.engine.base import Engine, GenerationParams
from desktop_app.core.errors import EngineError
from desktop_app.core.prompts.send import send_prompt
from desktop_app.core.writing.chat_prompt import PromptSpec, chat_prompt, is_chat_model
from desktop_app.core.writing.draft_prompts import draft_prompt, tokens_for_words
from desktop_app.core.writing.draft_templates import prepare_request, split_list
from desktop_app.core.writing.drafter import fit_max_tokens, write_draft
from desktop_app.core.writing.errors import WritingError
from desktop_app.core.writing.languages import Language, get_language
from desktop_app.core.writing.outline import OutlineSection, ensure_sections, parse_outline
from desktop_app.core.writing.stream_filter import StreamFilter

SummaryMode = Literal["auto", "model", "tail"]
SectionCallback = Callable[[int, int, str], None]  # (k counted from 1, n, title or text)

TAIL_TOKENS = 150
MIN_SECTIONS, MAX_SECTIONS = 3, 12
WORDS_PER_SECTION = 250  # how an outline's size follows the target length


@dataclass(frozen=True)
class LongformSpec:
    topic: str
    keywords: tuple[str, ...] = ()
    target_words: int = 1500
    language: Language = field(default_factory=lambda: get_language("en"))
    audience: str = ""
    tone: str = "neutral"
    required_sections: tuple[str, ...] = ()

    @classmethod
    def from_fields(cls, fields: Mapping[str, str]) -> LongformSpec:
        """From Draft form fields: topic, keywords, length, language, audience, tone, sections."""
        values = dict(fields)
        tone = values.pop("tone", "") or "neutral"
        request = prepare_request("outline", values)
        v = request.values
        return cls(
            topic=v["topic"],
            keywords=tuple(split_list(v.get("keywords", ""))),
            target_words=request.target_words if v.get("length") else 1500,
            language=request.language or get_language("en"),
            audience=v.get("audience", ""),
            tone=tone,
            required_sections=tuple(split_list(v.get("sections", ""))),
        )

    def outline_fields(self) -> dict[str, str]:
        return {
            "topic": self.topic,
            "audience": self.audience,
            "length": str(self.target_words),
            "language": self.language.code,
            "keywords": ", ".join(self.keywords),
            "sections": ", ".join(self.required_sections),
        }


def generate_outline(
    spec: LongformSpec,
    *,
    engine: Engine,
    on_text: Callable[[str], None] | None = None,
    cancel: threading.Event | None = None,
) -> list[OutlineSection]:
    """Ask the model for section headings; parse, drop repeats, cap the count, add required sections.

    Generation ends early once the outline has enough lines (small models tend to go on
    listing near-duplicates until max_tokens).
    """
    wanted = max(MIN_SECTIONS, min(MAX_SECTIONS, spec.target_words // WORDS_PER_SECTION))
    request = prepare_request("outline", spec.outline_fields())
    prompt = draft_prompt(engine, request, max_tokens=24 * wanted + 32)
    enough = threading.Event()  # set when the outline is long enough, or when the user stops
    pieces: list[str] = [prompt.prefill]
    lines_needed = wanted + 2  # a little slack for a title or notes lines

    def collect(piece: str) -> None:
        pieces.append(piece)
        if on_text:
            on_text(piece)
        if (cancel is not None and cancel.is_set()) or "".join(pieces).count("\n") >= lines_needed:
            enough.set()

    if on_text and prompt.prefill:
        on_text(prompt.prefill)
    max_tokens = fit_max_tokens(engine, prompt.prompt.text, prompt.max_tokens)
    params = GenerationParams(max_tokens=max_tokens, temperature=0.5, stop=prompt.prompt.stop)
    send_prompt(engine, prompt.prompt, params, collect, enough)
    sections = _unique_sections("".join(pieces))
    # A small base model often ends the list after one or two items (a blank line hits the
    # stop string): continue the numbered list, a few times at most, until it is long enough.
    base_text = prompt.prompt.text[: len(prompt.prompt.text) - len(prompt.prefill)] if prompt.prefill else ""
    for _ in range(3):
        if not base_text or len(sections) >= wanted or enough.is_set():
            break
        so_far = "".join(pieces).rstrip()
        cue = f"\n{len(parse_outline(so_far)) + 1}."
        pieces[:] = [so_far, cue]
        if on_text:
            on_text(cue)
        engine.generate(base_text + so_far + cue, params, collect, enough)
        sections = _unique_sections("".join(pieces))
    sections = ensure_sections(sections[:wanted], list(spec.required_sections))
    if not sections:
        raise WritingError("The model did not produce an outline. Try again, or write the section titles yourself.")
    return sections


def _unique_sections(text: str) -> list[OutlineSection]:
    seen: set[str] = set()
    sections = []
    for section in parse_outline(text):
        key = section.title.casefold()
        if key not in seen:
            seen.add(key)
            sections.append(section)
    return sections


@dataclass
class WrittenSection:
    title: str
    notes: str = ""
    text: str = ""
    status: Literal["pending", "done", "stopped"] = "pending"
    summary: str = ""


@dataclass(frozen=True)
class LongformResult:
    document: str
    stopped: bool
    sections_done: int
    sections_total: int


class LongformWriter:
    """Writes an outline's sections in order; can stop, resume, and rewrite any one section."""

    def __init__(self, engine: Engine, spec: LongformSpec, outline: list[OutlineSection],
                 *, summaries: SummaryMode = "auto", temperature: float = 0.7) -> None:
        if not outline:
            raise WritingError("The outline is empty. Add at least one section.")
        if engine.model is None:
            raise EngineError("No model is loaded.")
        self.engine = engine
        self.spec = spec
        self.sections = [WrittenSection(s.title, s.notes) for s in outline]
        chat = is_chat_model(engine)
        self.summary_mode: SummaryMode = summaries if summaries != "auto" else ("model" if chat else "tail")
        self.temperature = temperature

    @property
    def words_per_section(self) -> int:
        return max(30, self.spec.target_words // len(self.sections))

    def write_all(
        self,
        *,
        on_section_start: SectionCallback | None = None,
        on_text: Callable[[str], None] | None = None,
        on_section_done: SectionCallback | None = None,
        cancel: threading.Event | None = None,
    ) -> LongformResult:
        """Write every section not yet done (so a second call resumes after Stop)."""
        n = len(self.sections)
        stopped = False
        for index, section in enumerate(self.sections):
            if section.status == "done":
                continue
            if cancel is not None and cancel.is_set():
                stopped = True
                break
            if on_section_start:
                on_section_start(index + 1, n, section.title)
            self.write_section(index, on_text=on_text, cancel=cancel)
            if section.status == "stopped":
                stopped = True
                break
            if on_section_done:
                on_section_done(index + 1, n, section.text)
        done = sum(1 for s in self.sections if s.status == "done")
        return LongformResult(self.document(), stopped, done, n)

    def write_section(self, index: int, *, on_text: Callable[[str], None] | None = None,
                      cancel: threading.Event | None = None) -> str:
        """(Re)write one section from the outline and the sections before it; returns its text."""
        section = self.sections[index]
        pieces: list[str] = []

        def out(piece: str) -> None:
            pieces.append(piece)
            if on_text:
                on_text(piece)

        prompt = self.section_prompt(index)
        wanted = tokens_for_words(self.words_per_section)
        max_tokens = fit_max_tokens(self.engine, prompt.text, wanted)
        stream = StreamFilter((), _HeadingDropper(out).feed)
        params = GenerationParams(max_tokens=max_tokens, temperature=self.temperature, stop=prompt.stop)
        stats = send_prompt(self.engine, prompt, params, stream.feed, cancel)
        stream.finish()
        section.text = "".join(pieces)
        section.status = "stopped" if stats.stop_reason == "cancelled" else "done"
        if section.status == "done":
            section.summary = self._summarise(section.text, cancel)
        return section.text

    def document(self) -> str:
        """The Markdown document: title, then each section written so far."""
        parts = [f"# {self.spec.topic}\n"]
        for section in self.sections:
            if section.text:
                parts.append(f"## {section.title}\n\n{section.text.strip()}\n")
        return "\n".join(parts)

    def running_summary(self, index: int) -> str:
        """What came before section `index`, newest last, trimmed from the front to fit."""
        model = self.engine.model
        limit = (model.n_ctx if model else 4096) // 4
        kept: list[str] = []
        used = 0
        for section in reversed(self.sections[:index]):
            if not section.summary:
                continue
            entry = f"{section.title}: {section.summary}" if self.summary_mode == "model" else section.summary
            cost = self.engine.count_tokens(entry)
            if used + cost > limit:
                break
            kept.append(entry)
            used += cost
        return "\n\n".join(reversed(kept))

    def section_prompt(self, index: int) -> PromptSpec:
        if is_chat_model(self.engine):
            return self._chat_section_prompt(index)
        return self._base_section_prompt(index)

    def _outline_lines(self) -> str:
        return "\n".join(f"{i}. {s.title}" for i, s in enumerate(self.sections, 1))

    def _chat_section_prompt(self, index: int) -> PromptSpec:
        spec, section = self.spec, self.sections[index]
        lines = [f"You are writing a {'' if spec.tone == 'neutral' else spec.tone + ' '}document in "
                 f"{spec.language.english_name} about: {spec.topic}."]
        if spec.audience:
            lines.append(f"The audience: {spec.audience}.")
        if spec.keywords:
            lines.append(f"Keywords to work in where they fit: {', '.join(spec.keywords)}.")
        lines.append(f"\nThe outline:\n{self._outline_lines()}")
        before = self.running_summary(index)
        if before:
            lines.append(f"\nWhat the sections before this one said:\n{before}")
        lines.append(f"\nNow write section {index + 1}, \"{section.title}\", in about {self.words_per_section} words.")
        if section.notes:
            lines.append(f"It should cover: {section.notes}")
        lines.append("Reply with the section's text only, without its heading; do not repeat earlier sections.")
        wanted = tokens_for_words(self.words_per_section)
        return chat_prompt(self.engine, "You are a careful, skilled writer.", "\n".join(lines), wanted)

    def _base_section_prompt(self, index: int) -> PromptSpec:
        spec, section = self.spec, self.sections[index]
        about = f"The following {'' if spec.tone == 'neutral' else spec.tone + ' '}document is about {spec.topic}"
        about += f", written for {spec.audience}." if spec.audience else "."
        if spec.keywords:
            about += f" Keywords: {', '.join(spec.keywords)}."
        if spec.language.code != "en":
            about += f" It is written in {spec.language.english_name}."
        # The outline as a sentence: given as a numbered list, small models copy the list
        # into every section.
        about += " Its sections: " + "; ".join(s.title for s in self.sections) + "."
        parts = [about, f"# {spec.topic}"]
        before = self.running_summary(index)
        if before:
            parts.append(f"## {self.sections[index - 1].title}\n\n{before}")
        heading = f"## {section.title}"
        if section.notes:
            heading += f"\n\n*{' '.join(section.notes.split())}*"
        parts.append(heading)
        return PromptSpec("\n\n".join(parts) + "\n\n", stop=("\n## ", "\n# "))

    def _summarise(self, text: str, cancel: threading.Event | None) -> str:
        if self.summary_mode == "tail":
            return _tail(text, self.engine.count_tokens, TAIL_TOKENS)
        result = write_draft("summary", {"text": text, "length": "60", "language": self.spec.language.code},
                             engine=self.engine, cancel=cancel, temperature=0.3)
        return result.text.strip() or _tail(text, self.engine.count_tokens, TAIL_TOKENS)


def _tail(text: str, count_tokens: Callable[[str], int], budget: int) -> str:
    """The last paragraphs of text within budget tokens (the last one cut at the front if needed)."""
    paragraphs = [p.strip() for p in text.strip().split("\n\n") if p.strip()]
    kept: list[str] = []
    used = 0
    for paragraph in reversed(paragraphs):
        cost = count_tokens(paragraph)
        if used + cost > budget:
            if not kept:  # a single long paragraph: keep its end
                words = paragraph.split()
                while words and count_tokens(" ".join(words)) > budget:
                    words = words[len(words) // 4 or 1:]
                kept.append(" ".join(words))
            break
        kept.append(paragraph)
        used += cost
    return "\n\n".join(reversed(kept))


class _HeadingDropper:
    """Drops a Markdown heading the model put on the first line (the document adds its own)."""

    def __init__(self, emit: Callable[[str], None]) -> None:
        self._emit = emit
        self._head: str | None = ""

    def feed(self, piece: str) -> None:
        if self._head is None:
            self._emit(piece)
            return
        self._head += piece
        if "\n" not in self._head and len(self._head) < 200:
            if self._head.lstrip().startswith("#") or not self._head.strip():
                return
        head, self._head = self._head, None
        if head.lstrip().startswith("#") and "\n" in head:
            head = head.split("\n", 1)[1].lstrip("\n")
        if head:
            self._emit(head)
