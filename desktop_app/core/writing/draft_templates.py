"""The Draft workspace's templates: which fields each asks for, and checking what was filled in.

The UI builds its form from `DraftTemplate.fields`; prompts live in draft_prompts.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping

from desktop_app.core.writing.errors import WritingError
from desktop_app.core.writing.languages import Language, get_language


@dataclass(frozen=True)
class DraftField:
    key: str
    label: str
    required: bool = False
    multiline: bool = False
    default: str = ""
    suggestions: tuple[str, ...] = ()  # offered in the UI; any text is accepted
    help: str = ""


@dataclass(frozen=True)
class DraftTemplate:
    name: str
    title: str
    description: str
    fields: tuple[DraftField, ...]
    transforms_text: bool = False  # works on given text (rewrite, proofread, ...) rather than a topic

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.fields)


TONES = ("neutral", "formal", "friendly", "informal", "persuasive", "confident", "academic", "enthusiastic")
LENGTHS = ("short", "medium", "long")
_NAMED_LENGTHS = {"short": 150, "medium": 400, "long": 900}

TOPIC = DraftField("topic", "Topic", required=True, help="What the text is about")
AUDIENCE = DraftField("audience", "Audience", help="Who will read it")
TONE = DraftField("tone", "Tone", default="neutral", suggestions=TONES)
LENGTH = DraftField("length", "Target length", default="medium", suggestions=LENGTHS, help="words, or short/medium/long")
LANGUAGE = DraftField("language", "Language", help="Language code or name; empty: English, or the text's own language")
KEYWORDS = DraftField("keywords", "Keywords", help="Comma-separated words to work in")
TEXT = DraftField("text", "Text", required=True, multiline=True)
NOTES = DraftField("text", "Notes or facts", multiline=True, help="Material the text should use")
SECTIONS = DraftField("sections", "Required sections", help="Comma-separated section titles that must appear")

TEMPLATES: tuple[DraftTemplate, ...] = (
    DraftTemplate("email", "Email", "An email on a topic, to a recipient", (TOPIC, AUDIENCE, TONE, LENGTH, LANGUAGE, KEYWORDS, NOTES)),
    DraftTemplate("article", "Article / blog post", "A titled article with sections", (TOPIC, AUDIENCE, TONE, LENGTH, LANGUAGE, KEYWORDS, NOTES)),
    DraftTemplate("report", "Report", "A structured report: summary, findings, recommendations", (TOPIC, AUDIENCE, TONE, LENGTH, LANGUAGE, KEYWORDS, NOTES)),
    DraftTemplate("summary", "Summary", "The key points of a text", (TEXT, LENGTH, LANGUAGE, AUDIENCE), transforms_text=True),
    DraftTemplate("rewrite", "Rewrite", "The same content, better written", (TEXT, TONE, AUDIENCE, LANGUAGE), transforms_text=True),
    DraftTemplate("proofread", "Proofread", "Spelling, grammar and punctuation fixed, nothing else", (TEXT, LANGUAGE), transforms_text=True),
    DraftTemplate("change-tone", "Change tone", "The same content in another tone", (TEXT, DraftField("tone", "Tone", required=True, default="formal", suggestions=TONES), LANGUAGE), transforms_text=True),
    DraftTemplate("expand", "Expand", "The text developed with more detail", (TEXT, LENGTH, TONE, LANGUAGE), transforms_text=True),
    DraftTemplate("shorten", "Shorten", "The text cut down to its key points", (TEXT, DraftField("length", "Target length", default="short", suggestions=LENGTHS), LANGUAGE), transforms_text=True),
    DraftTemplate("outline", "Outline", "Section headings for a longer document", (TOPIC, AUDIENCE, LENGTH, LANGUAGE, KEYWORDS, SECTIONS)),
)
_BY_NAME = {t.name: t for t in TEMPLATES}
_ALIASES = {"blog": "article", "blog-post": "article", "post": "article", "tone": "change-tone", "summarize": "summary", "summarise": "summary"}


def get_template(name: str) -> DraftTemplate:
    key = name.strip().lower().replace("_", "-").replace(" ", "-")
    found = _BY_NAME.get(_ALIASES.get(key, key))
    if found is None:
        raise WritingError(f"Unknown draft template '{name}'. Choose one of: {', '.join(_BY_NAME)}.")
    return found


@dataclass(frozen=True)
class DraftRequest:
    """A template with its fields checked and defaults filled in."""

    template: DraftTemplate
    values: dict[str, str]
    language: Language | None  # None: keep the language of the given text
    target_words: int

    def get(self, key: str) -> str:
        return self.values.get(key, "")


def prepare_request(template: DraftTemplate | str, fields: Mapping[str, str]) -> DraftRequest:
    """Check the fields (unknown keys, required ones) and resolve language and length."""
    template = get_template(template) if isinstance(template, str) else template
    unknown = sorted(set(fields) - set(template.keys))
    if unknown:
        raise WritingError(
            f"The {template.title} template has no field '{unknown[0]}'. Its fields: {', '.join(template.keys)}."
        )
    values = {f.key: (fields.get(f.key) or f.default).strip() for f in template.fields}
    for f in template.fields:
        if f.required and not values[f.key]:
            raise WritingError(f"The {template.title} template needs a {f.label.lower()}.")
    language_value = values.get("language", "")
    if language_value:
        language: Language | None = get_language(language_value)
    else:
        language = None if template.transforms_text else get_language("en")
    return DraftRequest(template, values, language, parse_length(values.get("length", ""), values.get("text", "")))


def parse_length(value: str, text: str = "") -> int:
    """Target words from '300', '300 words', 'short'...; empty: about the given text's length."""
    value = value.strip().lower()
    if value in _NAMED_LENGTHS:
        return _NAMED_LENGTHS[value]
    match = re.match(r"^(\d{1,6})\s*(words?|w|字)?$", value)
    if match:
        return max(10, int(match.group(1)))
    if value:
        raise WritingError(f"Target length '{value}' is not understood. Give a number of words, or short, medium or long.")
    return max(50, count_words(text)) if text else _NAMED_LENGTHS["medium"]


def count_words(text: str) -> int:
    """Words for spaced scripts, plus one per Chinese/Japanese character (a fair equivalent)."""
    cjk = len(re.findall(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]", text))
    spaced = len(re.findall(r"[^\s\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]+", text))
    return cjk + spaced


def split_list(value: str) -> list[str]:
    """'a, b; c' or one per line -> ['a', 'b', 'c'] (also Chinese commas)."""
    return [part.strip() for part in re.split(r"[,;\n，；、]", value) if part.strip()]
