"""Prompts for each Draft template: an instruction for chat models, a document pattern for base models.

A base model does not take instructions; it continues documents. So each template's base
prompt is the start of a document that the wanted text would naturally continue (a
titled article, an email after its subject line, an "Original:/Rewritten:" pair after an
example), and `prefill` is the part of that start which belongs to the draft itself
(the title, "Subject: ...") so the draft shown to the user includes it.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.core.engine.base import Engine
from desktop_app.core.writing.chat_prompt import PromptSpec, chat_prompt, is_chat_model
from desktop_app.core.writing.draft_templates import DraftRequest, split_list


@dataclass(frozen=True)
class DraftPrompt:
    prompt: PromptSpec
    prefill: str = ""  # text the draft starts with, written by the pattern rather than the model
    max_tokens: int = 512


def tokens_for_words(words: int) -> int:
    """Room for a text of `words` words: about 1.5 tokens a word plus a margin, in any language."""
    return int(words * 1.6) + 64


def draft_prompt(engine: Engine, request: DraftRequest, text: str | None = None, max_tokens: int | None = None) -> DraftPrompt:
    """The prompt for a request; `text` overrides request's text (base models go paragraph by paragraph)."""
    budget = max_tokens or tokens_for_words(request.target_words)
    if is_chat_model(engine):
        system, user = chat_instruction(request, text)
        return DraftPrompt(chat_prompt(engine, system, user, budget), "", budget)
    spec, prefill = base_pattern(request, text)
    return DraftPrompt(spec, prefill, budget)


# --- chat models ---------------------------------------------------------------------

_TASKS = {
    "email": "Write an email about: {topic}.",
    "article": "Write a blog post / article about: {topic}. Use Markdown: a '#' title, then '##' section headings.",
    "report": "Write a report on: {topic}. Use Markdown: a '#' title and '##' sections for a summary, findings and recommendations.",
    "summary": "Summarise the text below, keeping its key points and facts.",
    "rewrite": "Rewrite the text below so it reads clearly and well, keeping its meaning and facts.",
    "proofread": "Proofread the text below: correct spelling, grammar and punctuation only. Keep its wording, language and formatting otherwise unchanged.",
    "change-tone": "Rewrite the text below in a {tone} tone, keeping its meaning and facts.",
    "expand": "Expand the text below with more detail, explanation and examples, without inventing facts.",
    "shorten": "Shorten the text below to its key points.",
    "outline": "Write an outline for a document about: {topic}.",
}


def chat_instruction(request: DraftRequest, text: str | None = None) -> tuple[str, str]:
    """(system, user) messages for a chat model."""
    name = request.template.name
    v = request.values
    lines = [_TASKS[name].format(topic=v.get("topic", ""), tone=v.get("tone", ""))]
    if v.get("audience"):
        lines.append(f"The audience: {v['audience']}.")
    if v.get("tone") and name not in ("change-tone", "proofread", "summary", "outline") and v["tone"] != "neutral":
        lines.append(f"Tone: {v['tone']}.")
    if name not in ("proofread", "rewrite", "change-tone"):
        lines.append(f"Length: about {request.target_words} words.")
    if v.get("keywords"):
        lines.append(f"Work in these keywords: {', '.join(split_list(v['keywords']))}.")
    if request.language is not None:
        lines.append(f"Write in {request.language.english_name}.")
    elif request.template.transforms_text:
        lines.append("Write in the same language as the text.")
    if name == "outline":
        sections = split_list(v.get("sections", ""))
        if sections:
            lines.append("It must include these sections: " + "; ".join(sections) + ".")
        lines.append(
            "Reply with a numbered Markdown list of section headings only, each optionally followed by ' — ' and a short note."
        )
    elif name == "email":
        lines.append("Start with a 'Subject:' line. Reply with the email only.")
    else:
        lines.append("Reply with the text only, without any comment before or after it.")
    body = text if text is not None else v.get("text", "")
    if body:
        label = "Text" if request.template.transforms_text else "Notes to use"
        lines.append(f"\n{label}:\n{body}")
    system = "You are a careful, skilled writer and editor."
    return system, "\n".join(lines)


# --- base models ---------------------------------------------------------------------

# One worked example for each text-to-text template: (source label, target label, source, target).
_PAIRS = {
    "rewrite": ("Original", "Rewritten", "the meeting got moved cause lots of people cant come on friday",
                "The meeting has been moved because many people cannot come on Friday."),
    "proofread": ("Text", "Corrected", "Their going too the libary tomorow, and they has a list of book.",
                  "They're going to the library tomorrow, and they have a list of books."),
    "shorten": ("Long", "Short", "We would like to take this opportunity to let you know that, due to circumstances beyond our control, the office will unfortunately be closed all day on Monday.",
                "The office will be closed on Monday."),
    "expand": ("Brief", "Expanded", "The launch went well.",
               "The launch went very well: the event started on time, more people came than we expected, and the first reviews have been warm."),
    "summary": ("Text", "Summary", "The city council met on Tuesday to discuss the new bus routes. After a long debate, members voted to add three routes to the north of the city, starting in March. The cost will be covered by the regional transport fund.",
                "The council approved three new northern bus routes from March, paid for by the regional transport fund."),
}
_TONE_PAIRS = {
    "formal": ("hey, can u send me the report asap?", "Could you please send me the report at your earliest convenience?"),
    "friendly": ("Send me the report.", "Hi! Could you send me the report when you get a moment? Thanks so much!"),
    "informal": ("Could you please send me the report at your earliest convenience?", "Hey, can you send me the report soon?"),
    "persuasive": ("You could try our new app.", "Try our new app today: it saves you an hour every week, and it is free."),
}


def base_pattern(request: DraftRequest, text: str | None = None) -> tuple[PromptSpec, str]:
    """(prompt, prefill) continuing a document for a base model."""
    name = request.template.name
    v = request.values
    topic = v.get("topic", "")
    about = _about_line(request)
    if name in _PAIRS or name == "change-tone":
        return _pair_pattern(request, text if text is not None else v.get("text", "")), ""
    if name == "email":
        greeting = f"Dear {_addressee(v['audience'])}," if v.get("audience") else "Hello,"
        prefill = f"Subject: {topic}\n\n{greeting}\n\n"
        return PromptSpec(f"{about}\n\n{prefill}", stop=("\n\n\n", "\nSubject:", "-----")), prefill
    if name == "outline":
        sections = split_list(v.get("sections", ""))
        prefill = "".join(f"{i}. {s}\n" for i, s in enumerate(sections, 1)) + f"{len(sections) + 1}."
        prompt = f"{about}\n\n# {topic}\n\n## Table of contents\n\n{prefill}"
        return PromptSpec(prompt, stop=("\n\n", "\n#")), prefill
    heading = f"# {topic}\n\n"
    if name == "report":
        heading += "## Summary\n\n"
    return PromptSpec(f"{about}\n\n{heading}", stop=("\n# ", "\n\n\n\n")), heading


def _addressee(audience: str) -> str:
    """'the marketing team' -> 'marketing team', so the greeting reads 'Dear marketing team,'."""
    words = audience.split()
    return " ".join(words[1:]) if len(words) > 1 and words[0].lower() in ("the", "our", "my", "all") else audience


def _about_line(request: DraftRequest) -> str:
    v = request.values
    kind = {"email": "email", "article": "blog post", "report": "report", "outline": "document"}.get(request.template.name, "text")
    tone = v.get("tone", "neutral")
    parts = [f"The following {'' if tone == 'neutral' else tone + ' '}{kind} is about {v.get('topic', '')}"]
    if v.get("audience"):
        parts.append(f" and written for {v['audience']}")
    line = "".join(parts) + f". It is about {request.target_words} words long."
    if v.get("keywords"):
        line += f" Keywords: {', '.join(split_list(v['keywords']))}."
    if request.language is not None and request.language.code != "en":
        line += f" It is written in {request.language.english_name}."
    if v.get("text") and not request.template.transforms_text:
        line += f"\n\nNotes: {' '.join(v['text'].split())}"
    return line


def _pair_pattern(request: DraftRequest, text: str) -> PromptSpec:
    name = request.template.name
    if name == "change-tone":
        tone = request.values.get("tone", "formal")
        src_label, tgt_label = "Original", tone.capitalize()
        example = _TONE_PAIRS.get(tone.lower())
    else:
        src_label, tgt_label, *pair = _PAIRS[name]
        example = tuple(pair)
    blocks = [f"{src_label}: {example[0]}\n{tgt_label}: {example[1]}"] if example else []
    blocks.append(f"{src_label}: {' '.join(text.split())}\n{tgt_label}:")
    return PromptSpec("\n\n".join(blocks), stop=("\n", f"{src_label}:"))
