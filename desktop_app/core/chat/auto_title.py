"""A short title for a conversation, written by the model from its first exchange.

A tiny greedy job (at most MAX_TITLE_TOKENS): an instruct model is asked through its chat
template; a base model continues a few-shot list of conversations and their titles in a few
languages (the starter, Gemma 3 270M base, titles "How do I reverse a list in Python?" as
"Reverse a list in Python" this way, and a Japanese question in Japanese: without the
Japanese and the last Chinese example it titled both in English). The answer is cleaned (quotes, a
"Title:" label, a final full stop, extra lines); when nothing usable comes back the title
stays the first line of the question. The title is only stored if the user has not renamed
the conversation meanwhile.
"""

from __future__ import annotations

import re
import threading

from desktop_app.core.engine.base import Engine, GenerationParams
from desktop_app.core.prompts.chat_template import render_chat_template, template_stop_strings
from desktop_app.core.store import Store
from desktop_app.core.titles import TITLE_LENGTH, title_from

MAX_TITLE_TOKENS = 16
_EXCERPT = 600  # characters of the question and of the answer the model reads
_QUOTES = "\"'“”‘’「」『』«»`*#"
_LABEL = re.compile(r"^\s*(title|标题|標題|タイトル)\s*[:：]\s*", re.IGNORECASE)

_FEW_SHOT = (
    "Each conversation below is given a short title of at most six words, "
    "in the language of the conversation.\n\n"
    "Conversation:\nUser: How do I read a CSV file in Python and skip the header?\n"
    "Assistant: Use the csv module and call next() once on the reader.\n"
    "Title: Reading a CSV file in Python\n\n"
    "Conversation:\nUser: 東京から京都まで新幹線で何分かかりますか？\n"
    "Assistant: のぞみで約2時間15分です。\n"
    "Title: 東京から京都への新幹線\n\n"
    "Conversation:\nUser: hi there\n"
    "Assistant: Hello! How can I help you today?\n"
    "Title: Greeting\n\n"
    "Conversation:\nUser: 请用简单的话解释一下什么是递归。\n"
    "Assistant: 递归就是一个函数调用它自己，直到遇到可以直接回答的情况。\n"
    "Title: 递归的简单解释\n\n"
)
_INSTRUCTION = (
    "Write a short title (at most six words) for the conversation below, in the language of the "
    "conversation. Reply with the title only, without quotes.\n\n"
)


def title_prompt(engine: Engine, question: str, answer: str) -> tuple[str, tuple[str, ...]]:
    """(prompt, stop strings) asking the loaded model for a title."""
    model = engine.model
    exchange = f"User: {_excerpt(question)}\nAssistant: {_excerpt(answer)}"
    if model is not None and model.chat_template:
        prompt = render_chat_template(
            model.chat_template, [{"role": "user", "content": _INSTRUCTION + exchange}], model.bos_token, model.eos_token
        )
        return prompt, (*template_stop_strings(model.chat_template, model.eos_token), "\n")
    return f"{_FEW_SHOT}Conversation:\n{exchange}\nTitle:", ("\n",)


def clean_title(text: str) -> str | None:
    """The model's answer as a one-line title, or None when nothing usable is left."""
    line = next((part for part in text.strip().splitlines() if part.strip()), "")
    line = _LABEL.sub("", line).strip()
    for _ in range(2):  # "“Title”." and "“Title.”" alike
        line = line.rstrip(".。").strip().strip(_QUOTES).strip()
    if not line or len(line) > TITLE_LENGTH * 2:
        return None
    return title_from(line)


def generate_title(engine: Engine, question: str, answer: str, cancel: threading.Event | None = None) -> str | None:
    prompt, stop = title_prompt(engine, question, answer)
    params = GenerationParams(max_tokens=MAX_TITLE_TOKENS, temperature=0.0, stop=stop, keep_context=False)
    stats = engine.generate(prompt, params, lambda _piece: None, cancel)
    if stats.stop_reason == "cancelled":
        return None
    return clean_title(stats.text)


def title_conversation(store: Store, engine: Engine, conversation_id: int,
                       cancel: threading.Event | None = None) -> str | None:
    """Write and store a title from the conversation's first exchange; returns it, or None when the
    title was left as it was (renamed by the user, no finished first answer, nothing usable)."""
    conversation = store.get_conversation(conversation_id)
    if conversation is None:
        return None
    messages = store.messages(conversation_id)
    question = next((m for m in messages if m.role == "user"), None)
    answer = next((m for m in messages if m.role == "assistant" and m.parent_id == getattr(question, "id", None)
                   and m.content.strip()), None)
    if question is None or answer is None or conversation.title != title_from(question.content):
        return None
    title = generate_title(engine, question.content, answer.content, cancel)
    if title is None or title == conversation.title:
        return None
    return title if store.rename_if_unchanged(conversation_id, conversation.title, title) else None


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _EXCERPT else text[:_EXCERPT] + "…"
