"""Prompt building: chat templates for instruct models, transcripts for base models."""

from desktop_app.core.prompts.builder import BuiltPrompt, ChatTurn, build_chat_prompt
from desktop_app.core.prompts.chat_template import ChatTemplateError, render_chat_template
from desktop_app.core.prompts.history_fit import PromptTooLongError

__all__ = [
    "BuiltPrompt",
    "ChatTemplateError",
    "ChatTurn",
    "PromptTooLongError",
    "build_chat_prompt",
    "render_chat_template",
]
