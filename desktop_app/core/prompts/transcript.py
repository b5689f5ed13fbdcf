"""Chat prompts for base models (no chat template): a transcript the model continues.

A base model only continues text, so the prompt is the beginning of a document in which
an assistant answers: a one-line preamble, one worked exchange that shows the format and
the length of a good answer, then the conversation, ending with the assistant's cue. The
stop strings end the answer where the model would start writing the user's next line.

Tried on the starter (Gemma 3 270M base, temperature 0.7, 10 seeds): this format answers
"What is the capital of France?" with Paris 9 times out of 10 and never runs on into a
new "User:" turn; a bare "Question: ... Answer:" prompt with no example rambles more and
answers "hello" with unrelated text.
"""

from __future__ import annotations

from typing import Sequence

from desktop_app.core.prompts.prompt_size import check_prompt_size

USER_LABEL = "User"
ASSISTANT_LABEL = "Assistant"
DEFAULT_PREAMBLE = (
    "A chat between a curious user and a helpful, knowledgeable assistant. "
    "The assistant answers the user's questions accurately and concisely."
)
EXAMPLE_EXCHANGE = (
    ("user", "What is the largest planet in our solar system?"),
    ("assistant", "Jupiter is the largest planet in our solar system."),
)
TRANSCRIPT_STOPS = (f"\n{USER_LABEL}:", f"\n{ASSISTANT_LABEL}:")


def render_transcript(system: str | None, turns: Sequence[tuple[str, str]],
                      example: Sequence[tuple[str, str]] = EXAMPLE_EXCHANGE) -> str:
    """The transcript for (role, content) turns, the last one the user's; ends with the cue.
    `example` is the worked exchange that shows the format (answers from documents show theirs).

    Raises PromptTooLargeError when the turns are longer than any model could take."""
    check_prompt_size(len(system or "") + sum(len(content) for _, content in turns))
    blocks = [(system or DEFAULT_PREAMBLE).strip()]
    blocks += [_line(role, content) for role, content in (*example, *turns)]
    return "\n\n".join(_paired(blocks)) + f"\n{ASSISTANT_LABEL}:"


def _line(role: str, content: str) -> str:
    label = ASSISTANT_LABEL if role == "assistant" else USER_LABEL
    return f"{label}: {content.strip()}"


def _paired(blocks: list[str]) -> list[str]:
    """Join each user line with the assistant line that follows it: one paragraph per exchange."""
    out: list[str] = []
    for block in blocks:
        if out and block.startswith(f"{ASSISTANT_LABEL}:") and out[-1].startswith(f"{USER_LABEL}:"):
            out[-1] += "\n" + block
        else:
            out.append(block)
    return out
