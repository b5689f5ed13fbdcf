"""The one bridge from the writing prompts to the chat-template renderer in core/prompts.

Instruct models get their instructions as chat messages rendered by the model's own
template (desktop_app.core.prompts does the rendering; nothing is duplicated here).
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.core.engine.base import ChatMessage, Engine
from desktop_app.core.errors import EngineError
from desktop_app.core.writing.errors import WritingError


@dataclass(frozen=True)
class PromptSpec:
    """A finished prompt string plus the stop strings that end its answer cleanly.

    For a model that takes messages (on a server), `messages` is what is sent; send it with
    core.prompts.send.send_prompt."""

    text: str
    stop: tuple[str, ...] = ()
    messages: tuple[ChatMessage, ...] | None = None


def is_chat_model(engine: Engine) -> bool:
    model = engine.model
    if model is None:
        raise EngineError("No model is loaded.")
    return model.is_instruct


def chat_prompt(engine: Engine, system: str, user: str, max_tokens: int) -> PromptSpec:
    """Render one system + user exchange with the loaded model's chat template (or as messages for a server)."""
    from desktop_app.core.prompts import ChatTurn, build_chat_prompt

    model = engine.model
    if model is None:
        raise EngineError("No model is loaded.")
    built = build_chat_prompt([ChatTurn("user", user)], model, engine.count_tokens, max_tokens, system or None)
    if built.user_truncated:  # cutting the front would cut the instruction: refuse instead
        raise WritingError(
            f"The text is too long for the model's context window ({model.n_ctx} tokens). "
            "Shorten it, or use a larger context or another model."
        )
    return PromptSpec(built.text, tuple(built.stop), built.messages)
