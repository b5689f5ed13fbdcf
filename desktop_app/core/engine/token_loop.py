"""The answer's token loop: sample, hand the text over, evaluate the token, again.

llama-cpp-python's create_completion does the same with much more Python per token: it
detokenizes the answer so far three times, checks stop strings and builds a chunk dict for
every token. On a 2-core machine that is 2–3 % of each token's time, and it holds the GIL
that the window's thread needs to draw the text. Here a token costs one native sample, one
token_to_piece and one llama_decode. The sampler is llama-cpp-python's own chain
(`Llama._init_sampler`, the one create_completion builds), so for a seed the answer is the
same text create_completion gives (tests/core/engine checks it).
"""

from __future__ import annotations

import codecs
import ctypes
from dataclasses import dataclass
from typing import Any, Iterator

from desktop_app.core.engine.base import GenerationParams

_PIECE_BYTES = 64  # a token's text; token_to_piece says when it needs more


@dataclass(frozen=True)
class Sampled:
    """One sampled token: its text (may be "" while a character's bytes are incomplete), or the end."""

    text: str
    end: bool = False  # an end-of-generation token (not part of the answer)


def sample_tokens(llm: Any, params: GenerationParams, seed: int) -> Iterator[Sampled]:
    """Sample after the prompt the context holds (read with fresh logits for its last token).

    Each token is evaluated only when the next one is asked for, so a caller that stops
    leaves the context holding the prompt and the answer shown but its last token, as
    create_completion does. Ends by itself at an end-of-generation token or a full context.
    """
    import llama_cpp

    llm.set_seed(seed)
    sampler = llm._init_sampler(
        top_k=params.top_k,
        top_p=params.top_p,
        min_p=params.min_p,
        temp=params.temperature,
        repeat_penalty=params.repeat_penalty,
    )
    vocab = llm._model.vocab
    ctx = llm._ctx
    n_ctx = llm.n_ctx()
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    buffer = ctypes.create_string_buffer(_PIECE_BYTES)
    try:
        while True:
            token = sampler.sample(ctx, -1)
            if llama_cpp.llama_vocab_is_eog(vocab, token):
                yield Sampled("", end=True)  # bytes of an unfinished character are dropped, as create_completion does
                return
            size = llama_cpp.llama_token_to_piece(vocab, token, buffer, len(buffer), 0, False)
            if size < 0:  # a longer piece than the buffer holds
                buffer = ctypes.create_string_buffer(-size)
                size = llama_cpp.llama_token_to_piece(vocab, token, buffer, len(buffer), 0, False)
            yield Sampled(decoder.decode(buffer.raw[:size]))
            if llm.n_tokens >= n_ctx:
                return  # the window is full: the token just shown cannot be evaluated
            llm.eval([token])
    finally:
        sampler.close()

