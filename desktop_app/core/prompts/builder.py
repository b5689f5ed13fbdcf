"""From a conversation to the prompt string a model continues, sized to its context window."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

from desktop_app.core.engine.base import ChatMessage, ModelInfo
from desktop_app.core.prompts.chat_template import (
    ChatTemplateError,
    ChatTemplateStoppedError,
    render_chat_template,
    template_stop_strings,
)
from desktop_app.core.prompts.history_fit import TRUNCATION_MARK, fit_history
from desktop_app.core.prompts.prompt_size import check_prompt_size
from desktop_app.core.prompts.transcript import EXAMPLE_EXCHANGE, TRANSCRIPT_STOPS, render_transcript


@dataclass(frozen=True)
class ChatTurn:
    role: str  # "system" | "user" | "assistant"
    content: str


@dataclass(frozen=True)
class BuiltPrompt:
    text: str
    stop: tuple[str, ...]  # pass on as GenerationParams.stop
    turns_used: int  # turns of `history` in the prompt (system turns included); the rest were too old to fit
    prompt_tokens: int
    user_truncated: bool = False  # the new message alone was too long: its beginning was cut off
    first_turn: int = 0  # index, among the non-system turns of `history`, of the oldest turn kept
    dropped_chars: int = 0  # characters cut from the start of the new message (when user_truncated)
    # For a model that takes messages (a server applies its template): what to send instead of `text`,
    # which is then only a plain rendering to count tokens on. See core/prompts/send.py.
    messages: tuple[ChatMessage, ...] | None = None


def build_chat_prompt(
    history: Sequence[ChatTurn],
    model: ModelInfo,
    count_tokens: Callable[[str], int],
    max_new_tokens: int,
    system_prompt: str | None = None,
    keep_from: int | None = None,
    answer_prefix: str = "",
    example: Sequence[tuple[str, str]] = EXAMPLE_EXCHANGE,
) -> BuiltPrompt:
    """Render `history` (ending with the new user turn) with the model's chat template, or as
    a transcript for a base model, dropping the oldest turns until the prompt plus
    `max_new_tokens` fits in model.n_ctx. System turns and `system_prompt` always stay, first.
    `keep_from` is the previous turn's `first_turn`: see fit_history for why it is kept.

    `answer_prefix` continues an answer: the prompt is the one that answer was written after
    (the assistant's cue), followed by the answer so far, so the model goes on where it stopped
    and the prompt shares its whole beginning with the context that answer left behind.

    `example` is the worked exchange a base model's transcript begins with (templates have none).

    When max_new_tokens alone would take more than half the window, half is kept for the
    answer instead (llama.cpp caps the answer at what is left of the window anyway).
    """
    if not history or history[-1].role != "user":
        raise ValueError("history must end with the new user turn")
    system_parts = [system_prompt] if system_prompt and system_prompt.strip() else []
    system_parts += [t.content for t in history if t.role == "system" and t.content.strip()]
    system = "\n\n".join(p.strip() for p in system_parts) or None
    turns = [t for t in history if t.role != "system"]
    roles = [t.role for t in turns]

    if model.takes_messages:

        def render(first: int, last_content: str) -> str:
            return _render_plain(system, _merged(_with_last(turns[first:], last_content)))

        stop: tuple[str, ...] = ()
    elif model.chat_template:
        template = model.chat_template
        suffix = answer_prefix

        def render(first: int, last_content: str) -> str:
            return _render_with_template(template, model, system, _with_last(turns[first:], last_content)) + suffix

        stop = template_stop_strings(template, model.eos_token)
    else:
        suffix = " " + answer_prefix if answer_prefix else ""  # the cue is "Assistant:", its answers follow a space

        def render(first: int, last_content: str) -> str:
            return render_transcript(system, _merged(_with_last(turns[first:], last_content)), example) + suffix

        stop = TRANSCRIPT_STOPS

    reserve = min(max(max_new_tokens, 0), model.n_ctx // 2)
    fit = fit_history(roles, turns[-1].content, render, count_tokens, model.n_ctx - reserve, keep_from)
    n_system_turns = len(history) - len(turns)
    kept = len(fit.last_content) - len(TRUNCATION_MARK) if fit.truncated else len(turns[-1].content)
    messages = None
    if model.takes_messages:
        pairs = _merged(_with_last(turns[fit.first_turn :], fit.last_content))
        messages = tuple(ChatMessage(role, content) for role, content in ([("system", system)] if system else []) + pairs)
    return BuiltPrompt(
        text=fit.text,
        stop=stop,
        turns_used=n_system_turns + len(turns) - fit.first_turn,
        prompt_tokens=fit.tokens,
        user_truncated=fit.truncated,
        first_turn=fit.first_turn,
        dropped_chars=max(0, len(turns[-1].content) - kept),
        messages=messages,
    )


def _with_last(turns: Sequence[ChatTurn], last_content: str) -> list[tuple[str, str]]:
    pairs = [(t.role, t.content) for t in turns]
    pairs[-1] = ("user", last_content)
    return pairs


def _merged(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Consecutive turns of one role (a failed answer left out, say) become one turn."""
    out: list[tuple[str, str]] = []
    for role, content in pairs:
        if out and out[-1][0] == role:
            out[-1] = (role, out[-1][1].rstrip() + "\n\n" + content.lstrip())
        else:
            out.append((role, content))
    return out


def _render_plain(system: str | None, pairs: list[tuple[str, str]]) -> str:
    """Messages as plain text, for counting their tokens: the server renders the real prompt."""
    check_prompt_size(len(system or "") + sum(len(content) for _, content in pairs))
    lines = [f"system: {system}"] if system else []
    return "\n\n".join(lines + [f"{role}: {content}" for role, content in pairs]) + "\n\nassistant:"


def _render_with_template(template: str, model: ModelInfo, system: str | None, pairs: list[tuple[str, str]]) -> str:
    """Many templates refuse a system role (Gemma) or unalternating roles (Mistral): a refused
    system message is folded into the first user message instead."""
    merged = _merged(pairs)
    messages = [{"role": role, "content": content} for role, content in merged]
    if system:
        try:
            return render_chat_template(
                template, [{"role": "system", "content": system}, *messages], model.bos_token, model.eos_token
            )
        except ChatTemplateStoppedError:
            raise  # a runaway template: running it again without the system message would run away again
        except ChatTemplateError:
            first = messages[0]
            messages[0] = {"role": first["role"], "content": f"{system}\n\n{first['content']}"}
    return render_chat_template(template, messages, model.bos_token, model.eos_token)
