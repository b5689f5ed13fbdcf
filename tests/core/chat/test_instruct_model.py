"""The instruct-model path on real llama.cpp: the model's own chat template, its stop tokens, the system prompt.

The model is the starter with a chat template written into it (fixture instruct_starter_path):
a base model, so what it writes is not the point; the prompt, the stops and the stored answer are.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.core.chat import ChatService
from desktop_app.core.engine.base import GenerationParams, LoadOptions
from desktop_app.core.engine.llama import LlamaEngine
from desktop_app.core.store import Store

pytestmark = pytest.mark.model


class PromptRecorder(LlamaEngine):
    def __init__(self) -> None:
        super().__init__()
        self.calls: list[tuple[str, GenerationParams]] = []

    def generate(self, prompt, params, on_text, cancel=None, on_prompt_progress=None):  # type: ignore[no-untyped-def]
        self.calls.append((prompt, params))
        return super().generate(prompt, params, on_text, cancel, on_prompt_progress)


@pytest.fixture
def instruct_engine(instruct_starter_path: Path):
    engine = PromptRecorder()
    engine.load(instruct_starter_path, LoadOptions(n_ctx=2048))
    yield engine
    engine.unload()


def test_a_model_with_a_chat_template_is_prompted_through_it(instruct_engine: PromptRecorder) -> None:
    model = instruct_engine.model
    assert model is not None and model.is_instruct
    with Store() as store:
        chat = ChatService(store)
        first = chat.start_turn(None, "What is the capital of France?", model.name)
        chat.run_turn(first, instruct_engine, GenerationParams(max_tokens=24, temperature=0.0), lambda p: None,
                      system_prompt="Answer in one word.")
        second = chat.start_turn(first.conversation_id, "And of Italy?", model.name)
        result = chat.run_turn(second, instruct_engine, GenerationParams(max_tokens=24, temperature=0.0),
                               lambda p: None, system_prompt="Answer in one word.")
        answers = [m for m in store.messages(first.conversation_id) if m.role == "assistant"]

    (prompt1, params1), (prompt2, _params2) = instruct_engine.calls
    # Gemma's template has no system role: the system prompt opens the first user turn.
    assert prompt1 == ("<bos><start_of_turn>user\nAnswer in one word.\n\nWhat is the capital of France?<end_of_turn>\n"
                       "<start_of_turn>model\n")
    assert "<end_of_turn>" in params1.stop and "<start_of_turn>" in params1.stop
    assert prompt2.startswith(prompt1) and prompt2.endswith("<start_of_turn>user\nAnd of Italy?<end_of_turn>\n"
                                                            "<start_of_turn>model\n")
    assert instruct_engine.count_tokens("<start_of_turn>") == 2  # BOS and one special token, not its letters
    for answer in answers:
        assert "<end_of_turn>" not in answer.content and "<start_of_turn>" not in answer.content
    assert result.stats.cached_tokens >= len(prompt1) // 8  # the second turn reused the first one's context
