"""Rendering a model's own chat template (tokenizer.chat_template) the way Hugging Face does.

Same sandboxed Jinja environment and variables as transformers' apply_chat_template, so a
template written for transformers renders here the same way. The template is code from a
model file, so the sandbox is also bounded (core/prompts/template_sandbox.py): a template
that loops forever or builds a gigabyte stops within seconds with ChatTemplateError, and a
conversation too long for any model is refused before rendering (prompt_size.py).
"""

from __future__ import annotations

import functools
import json
import logging
from datetime import datetime
from typing import Any, Mapping, Sequence

from desktop_app.core.errors import InkstoneError
from desktop_app.core.prompts.history_fit import PromptTooLongError
from desktop_app.core.prompts.prompt_size import check_prompt_size

log = logging.getLogger(__name__)

# End-of-turn and start-of-turn markers of common templates. Those that appear in a template
# become stop strings: a model that writes one as plain text has finished its answer.
TURN_MARKERS = (
    "<|im_end|>",
    "<|im_start|>",
    "<end_of_turn>",
    "<start_of_turn>",
    "<|eot_id|>",
    "<|start_header_id|>",
    "<|end|>",
    "<|user|>",
    "<|endoftext|>",
    "<|end_of_text|>",
    "<|return|>",
    "<|END_OF_TURN_TOKEN|>",
    "<｜end▁of▁sentence｜>",
    "<｜User｜>",
    "</s>",
    "[INST]",
)
MAX_TEMPLATE_CHARS = 200_000  # the longest real templates (tool calling, reasoning) are about 20,000


class ChatTemplateError(InkstoneError):
    """The model's chat template cannot be used (broken, or refuses the conversation)."""


class ChatTemplateStoppedError(ChatTemplateError):
    """The template ran past the sandbox's step, time or size limits: rendering it again will not help."""


def render_chat_template(
    template: str,
    messages: Sequence[Mapping[str, str]],
    bos_token: str = "",
    eos_token: str = "",
    add_generation_prompt: bool = True,
) -> str:
    """Render `messages` ([{"role": ..., "content": ...}]) ending with the assistant's cue.

    Raises ChatTemplateError when the template is broken, refuses the conversation or goes
    past the sandbox's limits; PromptTooLargeError when the messages are too long for any model.
    """
    check_prompt_size(sum(len(str(m.get("content") or "")) for m in messages))
    try:
        from desktop_app.core.prompts.template_sandbox import TemplateLimitError, render_bounded

        compiled = _compile(template)
        variables = {
            "messages": [dict(m) for m in messages],
            "add_generation_prompt": add_generation_prompt,
            "bos_token": bos_token,
            "eos_token": eos_token,
            "tools": None,  # transformers passes these as None when unused; templates test them
            "documents": None,
        }
        return render_bounded(compiled, variables)
    except (ChatTemplateError, PromptTooLongError):
        raise
    except TemplateLimitError as exc:
        raise ChatTemplateStoppedError(f"The model's chat template was stopped: {exc}.") from exc
    except RecursionError as exc:
        raise ChatTemplateStoppedError("The model's chat template was stopped: it nested calls too deeply.") from exc
    except Exception as exc:  # the template is code from the model file; any failure is its own
        log.exception("The model's chat template failed")
        raise ChatTemplateError(f"The model's chat template failed: {_one_line(exc)}") from exc


def template_syntax_error(template: str) -> str | None:
    """Why `template` does not compile, in one line; None when it does.

    llama-cpp-python compiles every template in a model file while it loads the model and lets a
    Jinja error escape, so a file with a broken template is refused before it gets that far.
    """
    try:
        _compile(template)
    except ChatTemplateError as exc:
        return _one_line(exc.__cause__) if isinstance(exc.__cause__, Exception) else str(exc)
    return None


def template_stop_strings(template: str, eos_token: str) -> tuple[str, ...]:
    """The EOS text plus every known turn marker the template uses."""
    stops = [eos_token] if eos_token else []
    stops += [m for m in TURN_MARKERS if m in template and m not in stops]
    return tuple(stops)


@functools.lru_cache(maxsize=8)
def _compile(template: str) -> Any:
    import jinja2

    from desktop_app.core.prompts.template_sandbox import BoundedSandbox, GenerationTags

    if len(template) > MAX_TEMPLATE_CHARS:
        raise ChatTemplateError(
            f"The model's chat template is too long to use ({len(template):,} characters; "
            f"the limit is {MAX_TEMPLATE_CHARS:,})."
        )

    def raise_exception(message: str) -> None:
        raise jinja2.TemplateError(message)

    def tojson(value: Any, ensure_ascii: bool = False, indent: int | None = None,
               separators: tuple[str, str] | None = None, sort_keys: bool = False) -> str:
        return json.dumps(value, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)

    def strftime_now(fmt: str) -> str:
        return datetime.now().strftime(fmt)

    env = BoundedSandbox(trim_blocks=True, lstrip_blocks=True,
                         extensions=["jinja2.ext.loopcontrols", GenerationTags])
    env.add_filter("tojson", tojson)
    env.globals["raise_exception"] = raise_exception
    env.globals["strftime_now"] = strftime_now
    try:
        return env.from_string(template)
    except jinja2.TemplateError as exc:
        raise ChatTemplateError(f"The model's chat template is not valid Jinja: {_one_line(exc)}") from exc


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__
