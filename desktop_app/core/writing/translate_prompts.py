"""Prompts that translate one segment: an instruction for chat models, a few-shot pattern for base models.

A base model cannot follow an instruction, but it continues a pattern well: a few
"English: ... / French: ..." pairs, the previous segment as the last pair, then
"English: <segment>" and "French:". The stop strings (a newline and the source label) end
the answer after one line, which is why base-model segments never span lines.
Glossary terms are written into a base model's source line (see glossary.substitute_terms).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Sequence

from desktop_app.core.engine.base import Engine
from desktop_app.core.writing.chat_prompt import PromptSpec, chat_prompt, is_chat_model
from desktop_app.core.writing.glossary import GlossaryTerm, glossary_lines, substitute_terms
from desktop_app.core.writing.languages import Language

Tone = Literal["neutral", "formal", "informal"]


@dataclass(frozen=True)
class TranslationOptions:
    tone: Tone = "neutral"
    keep_formatting: bool = True
    segment_tokens: int | None = None  # None: a budget suited to the model (smaller for base models)
    temperature: float = 0.2  # low: a translation wants the likeliest wording, not variety


# Parallel example sentences, one row per language; the same order in every row.
_EXAMPLES: dict[str, tuple[str, ...]] = {
    "en": ("Where is the train station?", "I would like a cup of coffee, please.", "The meeting starts at 10:30 in room 4."),
    "zh-Hans": ("火车站在哪里？", "请给我一杯咖啡。", "会议10:30在4号会议室开始。"),
    "zh-Hant": ("火車站在哪裡？", "請給我一杯咖啡。", "會議10:30在4號會議室開始。"),
    "ja": ("駅はどこですか？", "コーヒーを一杯お願いします。", "会議は10:30に4号室で始まります。"),
    "ko": ("기차역이 어디에 있어요?", "커피 한 잔 주세요.", "회의는 10:30에 4번 방에서 시작합니다."),
    "fr": ("Où est la gare ?", "Je voudrais une tasse de café, s'il vous plaît.", "La réunion commence à 10:30 dans la salle 4."),
    "de": ("Wo ist der Bahnhof?", "Ich hätte gern eine Tasse Kaffee, bitte.", "Die Besprechung beginnt um 10:30 in Raum 4."),
    "es": ("¿Dónde está la estación de tren?", "Quisiera una taza de café, por favor.", "La reunión empieza a las 10:30 en la sala 4."),
    "pt": ("Onde fica a estação de trem?", "Eu gostaria de uma xícara de café, por favor.", "A reunião começa às 10:30 na sala 4."),
    "it": ("Dov'è la stazione ferroviaria?", "Vorrei una tazza di caffè, per favore.", "La riunione inizia alle 10:30 nella sala 4."),
    "ru": ("Где находится вокзал?", "Я бы хотел чашку кофе, пожалуйста.", "Совещание начинается в 10:30 в комнате 4."),
    "ar": ("أين محطة القطار؟", "أريد فنجان قهوة من فضلك.", "يبدأ الاجتماع في الساعة 10:30 في الغرفة 4."),
}

# (formal, informal) forms of "Can you help me?": shows a base model which register to use.
_TONE_EXAMPLES: dict[str, tuple[str, str]] = {
    "en": ("Could you please help me?", "Can you help me?"),
    "zh-Hans": ("请问您能帮我一下吗？", "你能帮我一下吗？"),
    "zh-Hant": ("請問您能幫我一下嗎？", "你能幫我一下嗎？"),
    "ja": ("手伝っていただけますか？", "手伝ってくれる？"),
    "ko": ("도와주시겠습니까?", "도와줄래?"),
    "fr": ("Pourriez-vous m'aider ?", "Tu peux m'aider ?"),
    "de": ("Könnten Sie mir bitte helfen?", "Kannst du mir helfen?"),
    "es": ("¿Podría ayudarme, por favor?", "¿Me ayudas?"),
    "pt": ("Poderia me ajudar, por favor?", "Você me ajuda?"),
    "it": ("Potrebbe aiutarmi, per favore?", "Mi aiuti?"),
    "ru": ("Не могли бы вы мне помочь?", "Можешь мне помочь?"),
    "ar": ("هل يمكنكم مساعدتي من فضلكم؟", "ممكن تساعدني؟"),
}

_TONE_RULES = {
    "formal": "Use a formal, polite register.",
    "informal": "Use an informal, conversational register.",
}


def pattern_label(language: Language) -> str:
    """The label a base-model pattern uses: plain "Chinese" reads most naturally for Simplified."""
    return "Chinese" if language.code == "zh-Hans" else language.english_name


def translation_prompt(
    engine: Engine,
    segment: str,
    source: Language,
    target: Language,
    options: TranslationOptions,
    terms: Sequence[GlossaryTerm] = (),
    previous: tuple[str, str] | None = None,
    max_tokens: int = 512,
) -> PromptSpec:
    """The prompt for one segment, for whichever kind of model the engine has loaded."""
    if is_chat_model(engine):
        return chat_translation_prompt(engine, segment, source, target, options, terms, previous, max_tokens)
    return base_translation_prompt(segment, source, target, options, terms, previous)


def chat_translation_prompt(
    engine: Engine,
    segment: str,
    source: Language,
    target: Language,
    options: TranslationOptions,
    terms: Sequence[GlossaryTerm] = (),
    previous: tuple[str, str] | None = None,
    max_tokens: int = 512,
) -> PromptSpec:
    system = (
        f"You are a professional translator from {source.english_name} into {target.english_name}. "
        "Reply with the translation only: no notes, no quotes around it, no explanations."
    )
    rules = [f"Translate the text below from {source.english_name} into {target.english_name}."]
    if options.tone in _TONE_RULES:
        rules.append(_TONE_RULES[options.tone])
    if options.keep_formatting:
        rules.append(
            "Keep the formatting exactly: Markdown markup, line breaks, code, URLs and numbers stay unchanged."
        )
    if terms:
        rules.append("Always translate these terms as given:\n" + "\n".join(f"- {line}" for line in glossary_lines(terms)))
    if previous:
        rules.append(
            "For context only (do not translate it again), the previous passage was:\n"
            f"{previous[0]}\nand its translation was:\n{previous[1]}"
        )
    user = "\n\n".join(rules) + f"\n\nText to translate:\n{segment}"
    return chat_prompt(engine, system, user, max_tokens)


def base_translation_prompt(
    segment: str,
    source: Language,
    target: Language,
    options: TranslationOptions,
    terms: Sequence[GlossaryTerm] = (),
    previous: tuple[str, str] | None = None,
) -> PromptSpec:
    src_label, tgt_label = pattern_label(source), pattern_label(target)
    pairs = list(zip(_EXAMPLES[source.code], _EXAMPLES[target.code]))
    if options.tone in ("formal", "informal"):
        which = 0 if options.tone == "formal" else 1
        pairs.append((_TONE_EXAMPLES[source.code][which], _TONE_EXAMPLES[target.code][which]))
    if previous and "\n" not in previous[0] + previous[1]:
        pairs.append(previous)
    blocks = [f"{src_label}: {src}\n{tgt_label}: {tgt}" for src, tgt in pairs]
    text = substitute_terms(" ".join(segment.split()), terms)
    blocks.append(f"{src_label}: {text}\n{tgt_label}:")
    return PromptSpec("\n\n".join(blocks), stop=("\n", f"{src_label}:"))
