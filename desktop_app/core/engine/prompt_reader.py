"""Reading a prompt into llama.cpp's context: reuse what is there, bring back a saved context,
read the rest in batches that Stop can interrupt, and report progress.

llama-cpp-python keeps the evaluated tokens in `Llama.input_ids[:n_tokens]` and, when a
prompt starts with them, evaluates only the rest. This module does that evaluation itself,
before the answer's token loop (token_loop.py), so that it can (a) stop within a few
milliseconds through llama.cpp's abort callback, even inside a batch of a long prompt,
(b) report progress per batch, (c) swap in a saved context from the ContextCache when one
shares a longer prefix, and (d) when a long chat drops its older turns in one block
(prompts/history_fit.py), remove that block from the context and move the kept turns down
instead of reading them again (llama.cpp's context shift). The token loop then finds the whole
prompt evaluated and samples at once.
"""

from __future__ import annotations

import ctypes
import logging
import threading
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

from desktop_app.core.engine.context_cache import ContextCache, SavedContext, common_prefix

log = logging.getLogger(__name__)

SEQ_ID = 0  # llama-cpp-python keeps its one sequence as seq 0
RESTORE_GAIN = 32  # bring a saved context back only when it saves reading at least this many more tokens
PROGRESS_BATCH = 256  # tokens per evaluated batch: progress and Stop checks between batches, too
SHIFT_PROBE = 64  # the kept part of a compacted history is looked for by its first this many tokens
SHIFT_CANDIDATES = 32  # places a repeated text may match at; the one reaching furthest is taken
SHIFT_SLACK = 8  # it may stop this many tokens before the stored answer's end (tokens merge differently there)


@dataclass(frozen=True)
class PromptReading:
    cached_tokens: int  # tokens not read again
    restored: bool  # a saved context was brought back
    cancelled: bool  # Stop came while reading: the context holds what was read so far


class PromptReader:
    """Owns the prompt side of one llama_cpp.Llama: its saved contexts and its abort callback.

    Models with sliding-window attention (Gemma 2/3 and others) need care: llama.cpp saves a
    sequence's sliding-window layers only for the last window of positions, so a restored
    context cannot be cut back and read on from an earlier point. For them a context is
    saved up to the end of what the next turn's prompt will surely begin with (the prompt
    and the answer as it is stored), and is restored only when the new prompt contains the
    whole of it.
    """

    def __init__(self, llm: Any, cache: ContextCache) -> None:
        import llama_cpp

        self._llm = llm
        self._lib = llama_cpp
        self.cache = cache
        self.keep_current = False  # the live context was left by a generation that asked to keep it
        self._window = int(llama_cpp.llama_model_n_swa(llm.model))  # sliding-window size; 0: none
        self._windowed = self._window > 0
        self._prompt_end = 0  # length of the prompt last read: where the answer began
        self._shared_end = 0  # the live tokens a next prompt will share: prompt and answer as stored
        self._valid_from = 0  # the live context can be cut back to this point and no further
        self._cancel: threading.Event | None = None
        # llama.cpp calls this between graph nodes while it decodes; it must never raise.
        self._callback = llama_cpp.ggml_abort_callback(self._should_abort)
        self._null_callback = llama_cpp.ggml_abort_callback()

    # -- the live context -----------------------------------------------------------------

    def live_tokens(self) -> np.ndarray:
        return np.asarray(self._llm.input_ids[: self._llm.n_tokens], dtype=np.int32)

    def forget_live(self) -> None:
        """After a failure the live context is unknown: read the next prompt from scratch."""
        self._llm.n_tokens = 0
        self._valid_from = 0
        self.keep_current = False

    # -- reading -----------------------------------------------------------------------------

    def read(
        self,
        tokens: list[int],
        cancel: threading.Event,
        on_progress: Callable[[int, int], None] | None = None,
    ) -> PromptReading:
        """Make the context hold `tokens` with fresh logits for the last one."""
        wanted = np.asarray(tokens, dtype=np.int32)
        last = len(wanted) - 1  # the last prompt token is always read again: its logits are needed
        live = self.live_tokens()
        shared = reuse = min(common_prefix(live, wanted), last)
        if reuse < self._valid_from:
            reuse = 0
        restored = False
        saved, saved_len = self.cache.best_match(wanted)
        usable = saved is not None and (not self._windowed or saved_len == len(saved.tokens))
        if usable and min(saved_len, last) >= reuse + RESTORE_GAIN:
            self._save_live(live)
            if self._restore(saved):
                reuse, restored = min(saved_len, last), True
                self._valid_from = len(saved.tokens) if self._windowed else 0
            else:
                reuse = 0
        elif (shifted := self._shift_dropped_block(live, wanted, shared)) is not None:
            reuse = min(shifted, last)
        elif len(live) - reuse >= max(64, len(live) // 4):
            self._save_live(live)  # the new prompt drops much of it: keep it if it was asked for
            reuse = min(reuse, self._llm.n_tokens)
        reuse = min(reuse, self._llm.n_tokens)  # saving a windowed model's context may have cut it back
        if reuse == 0:
            self._valid_from = 0
        self.keep_current = False
        cancelled = not self._evaluate(tokens, reuse, cancel, on_progress)
        self._prompt_end = self._shared_end = len(tokens)
        return PromptReading(reuse, restored, cancelled)

    def _shift_dropped_block(self, live: np.ndarray, wanted: np.ndarray, start: int) -> int | None:
        """When `wanted` goes on after the shared `start` with the tokens the live context holds
        further on, up to its end (the older turns between were compacted away), remove the tokens
        between and move the rest down; returns how much of `wanted` the context then holds
        (None when nothing moved).

        Only a block that runs to where the next turn was to go on (the answer as stored) is
        moved: another conversation that shares some text with this one is read, not patched in.
        The moved tokens keep what they were computed from, dropped turns included, as llama.cpp's
        own context shift does; the answer is not byte-identical to one from a fresh reading.
        """
        if len(wanted) - start < SHIFT_PROBE:
            return None
        probe, searched = wanted[start : start + SHIFT_PROBE], live[start + 1 : self._shared_end]
        if len(searched) < SHIFT_PROBE:
            return None
        windows = np.lib.stride_tricks.sliding_window_view(searched, SHIFT_PROBE)
        found = np.flatnonzero((windows == probe).all(axis=1))[:SHIFT_CANDIDATES]
        if not found.size:
            return None
        ends = {start + 1 + int(i): common_prefix(live[start + 1 + int(i) :], wanted[start:]) for i in found}
        at, kept = max(ends.items(), key=lambda item: item[0] + item[1])
        if at + kept < self._shared_end - SHIFT_SLACK:
            return None
        # Windowed models after a restore: the moved block must have been read here (at or after
        # _valid_from), and, if what stays below it came back from a saved context, be at least a
        # window long, so that reading on looks back at nothing that was not saved.
        below_limit = start < self._valid_from
        if at < self._valid_from or (below_limit and kept < self._window):
            return None
        memory = self._lib.llama_get_memory(self._llm.ctx)
        if not self._lib.llama_memory_can_shift(memory):
            return None
        # Kept first if it was asked for: another chat can end as this one did (the same question,
        # the same greedy answer), and the chat this context belongs to must still come back.
        self._save_live(live)
        end = self._llm.n_tokens  # saving a windowed model's context may have cut it back
        kept = min(kept, end - at)
        if not self._lib.llama_memory_seq_rm(memory, SEQ_ID, start, at):
            return None  # memory that cannot lose a middle part (recurrent models) is left as it was
        self._lib.llama_memory_seq_add(memory, SEQ_ID, at, -1, start - at)
        moved = end - at
        self._llm.input_ids[start : start + moved] = self._llm.input_ids[at:end].copy()
        self._llm.n_tokens = start + moved
        if below_limit:  # reading may go on only where its window lies inside the moved block
            self._valid_from = start + self._window
        log.debug("context shift: %d tokens dropped, %d moved down, %d reused", at - start, moved, start + kept)
        return start + kept

    def keep(self, continued: list[int] | None) -> None:
        """The generation that just ended asked to keep its context. `continued`: the tokens of its prompt
        followed by the answer as it will be stored, which is how the next turn's prompt will begin."""
        self.keep_current = True
        if continued is not None:
            self._shared_end = max(self._prompt_end, common_prefix(self.live_tokens(), np.asarray(continued)))

    def _evaluate(
        self,
        tokens: list[int],
        start: int,
        cancel: threading.Event,
        on_progress: Callable[[int, int], None] | None,
    ) -> bool:
        """Evaluate tokens[start:] in batches; False when Stop interrupted it."""
        llm = self._llm
        llm.n_tokens = start
        total = len(tokens) - start
        batch = max(1, min(PROGRESS_BATCH, llm.n_batch))
        self._cancel = cancel
        self._lib.llama_set_abort_callback(llm.ctx, self._callback, None)
        try:
            for offset in range(start, len(tokens), batch):
                if cancel.is_set():
                    return False
                try:
                    llm.eval(tokens[offset : offset + batch])
                except RuntimeError:
                    if cancel.is_set():  # llama_decode returned "aborted": what was read before stays
                        return False
                    raise
                if on_progress is not None and total > batch:
                    on_progress(llm.n_tokens - start, total)
            return True
        finally:
            self._lib.llama_set_abort_callback(llm.ctx, self._null_callback, None)
            self._cancel = None

    def _should_abort(self, _data: Any) -> bool:
        cancel = self._cancel
        return cancel is not None and cancel.is_set()

    # -- saved contexts ------------------------------------------------------------------------

    def _save_live(self, live: np.ndarray) -> None:
        """Copy the live context into the cache before a new prompt overwrites it (if asked to keep it)."""
        if not self.keep_current:
            return
        self.keep_current = False
        llm = self._llm
        if self._windowed:
            # See the class docstring: up to where the next turn's prompt surely agrees (the prompt and the
            # answer as stored), or else just before the end of the prompt (a prompt sent again).
            cut = self._shared_end if self._shared_end > self._prompt_end else self._prompt_end - 1
            cut = min(cut, len(live))
            if cut < max(self._valid_from, 1):
                return
            live = live[:cut]
            self._lib.llama_memory_seq_rm(self._lib.llama_get_memory(llm.ctx), SEQ_ID, cut, -1)
            llm.n_tokens = cut
        if self.cache.holds(live):
            return
        size = self._lib.llama_state_seq_get_size(llm.ctx, SEQ_ID)
        if size <= 0 or size > self.cache.budget_bytes:
            return
        buffer = (ctypes.c_uint8 * size)()
        written = self._lib.llama_state_seq_get_data(llm.ctx, buffer, size, SEQ_ID)
        if written <= 0:
            return
        if written < size:
            buffer = _shrunk(buffer, written)
        self.cache.add(live, buffer)

    def _restore(self, saved: SavedContext) -> bool:
        llm = self._llm
        memory = self._lib.llama_get_memory(llm.ctx)
        self._lib.llama_memory_seq_rm(memory, SEQ_ID, -1, -1)
        llm.n_tokens = 0
        state = saved.state
        read = self._lib.llama_state_seq_set_data(llm.ctx, state, len(state), SEQ_ID)
        if read <= 0:
            log.warning("a saved context could not be restored; the prompt is read again")
            self._lib.llama_memory_seq_rm(memory, SEQ_ID, -1, -1)
            return False
        count = len(saved.tokens)
        llm.input_ids[:count] = saved.tokens
        llm.n_tokens = count
        return True


def _shrunk(buffer: Any, size: int) -> Any:
    """A copy of the first `size` bytes (llama.cpp's size is an upper bound)."""
    small = (ctypes.c_uint8 * size)()
    ctypes.memmove(small, buffer, size)
    return small
