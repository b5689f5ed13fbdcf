"""A prompt longer than any model could take is refused by name, before llama.cpp tokenizes it."""

from __future__ import annotations

import pytest

from desktop_app.core.prompts import ChatTurn, PromptTooLongError, build_chat_prompt
from desktop_app.core.prompts.prompt_size import MAX_PROMPT_CHARS, PromptTooLargeError
from tests.core.prompts.test_builder import model_info
from tests.core.prompts.test_chat_template import CHATML


def never_tokenize(text: str) -> int:
    raise AssertionError(f"a prompt of {len(text):,} characters reached the tokenizer")


@pytest.mark.parametrize("template", [CHATML, None], ids=["chat-template", "base-model-transcript"])
def test_a_message_too_long_for_any_model_is_refused_before_it_is_tokenized(template: str | None) -> None:
    history = [ChatTurn("user", "x" * (MAX_PROMPT_CHARS + 1))]

    with pytest.raises(PromptTooLargeError, match="too long to send to a model") as refused:
        build_chat_prompt(history, model_info(template), never_tokenize, max_new_tokens=100)

    assert isinstance(refused.value, PromptTooLongError)  # callers that handle "too long" handle this too
    assert "\n" not in str(refused.value)
