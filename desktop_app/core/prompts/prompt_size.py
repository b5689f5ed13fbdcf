"""The largest prompt Inkstone sends to a model, checked before anything is tokenized.

llama.cpp tokenizes a prompt before it can say it is too long for the context window, and
a prompt of 100 MB ends in std::bad_alloc inside it. Tokenizing takes about 3 s per million
characters (2 cores), and no context window a desktop can hold takes more than about a
million characters (250,000+ tokens), so anything longer is refused at once, by name.
"""

from __future__ import annotations

from desktop_app.core.prompts.history_fit import PromptTooLongError

MAX_PROMPT_CHARS = 1_000_000


class PromptTooLargeError(PromptTooLongError):
    """The text to send is longer than any model could take (MAX_PROMPT_CHARS)."""


def check_prompt_size(chars: int) -> None:
    """Raise PromptTooLargeError when a prompt of this many characters is past MAX_PROMPT_CHARS."""
    if chars > MAX_PROMPT_CHARS:
        raise PromptTooLargeError(
            f"The text is too long to send to a model: {chars:,} characters, where the limit is "
            f"{MAX_PROMPT_CHARS:,} (about 250,000 tokens, more than any context window here). "
            "Shorten it or split it into parts."
        )
