"""build_chat_prompt: templates, base-model transcripts, and fitting the context window."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.core.engine.base import GenerationParams, ModelInfo
from desktop_app.core.prompts import BuiltPrompt, ChatTurn, PromptTooLongError, build_chat_prompt
from tests.core.prompts.test_chat_template import CHATML

# Refuses system messages and unalternating roles, like Gemma's template.
STRICT = (
    "{% for message in messages %}"
    "{% if message['role'] == 'system' %}{{ raise_exception('System role not supported') }}{% endif %}"
    "{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}"
    "{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}{% endif %}"
    "<start_of_turn>{{ message['role'] }}\n{{ message['content'] }}<end_of_turn>\n"
    "{% endfor %}{% if add_generation_prompt %}<start_of_turn>model\n{% endif %}"
)


def model_info(chat_template: str | None = None, n_ctx: int = 4096) -> ModelInfo:
    return ModelInfo(
        path=Path("m.gguf"), name="m", backend="CPU", n_ctx=n_ctx, n_ctx_train=n_ctx, n_gpu_layers=0,
        n_threads=1, chat_template=chat_template, bos_token="<s>", eos_token="<|im_end|>" if chat_template else "</s>",
    )


def count_words(text: str) -> int:
    return len(text.split())


def conversation(n_exchanges: int, words: int = 20) -> list[ChatTurn]:
    turns = []
    for i in range(n_exchanges):
        turns.append(ChatTurn("user", f"question{i} " + "word " * words))
        turns.append(ChatTurn("assistant", f"answer{i} " + "word " * words))
    return turns + [ChatTurn("user", "the newest question")]


def test_template_model_gets_its_template_with_the_system_prompt_and_stops() -> None:
    history = [ChatTurn("user", "Hi"), ChatTurn("assistant", "Hello!"), ChatTurn("user", "What is 2+2?")]

    built = build_chat_prompt(history, model_info(CHATML), count_words, 100, system_prompt="Be brief.")

    assert built.text == (
        "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n"
        "<|im_start|>assistant\nHello!<|im_end|>\n<|im_start|>user\nWhat is 2+2?<|im_end|>\n"
        "<|im_start|>assistant\n"
    )
    assert built.stop == ("<|im_end|>", "<|im_start|>")
    assert built.turns_used == 3 and not built.user_truncated
    assert built.prompt_tokens == count_words(built.text)


def test_system_prompt_is_folded_into_the_first_user_turn_when_the_template_refuses_it() -> None:
    history = [ChatTurn("user", "Hi"), ChatTurn("user", "Anyone there?")]  # a failed answer was left out

    built = build_chat_prompt(history, model_info(STRICT), count_words, 100, system_prompt="Be kind.")

    assert built.text == "<start_of_turn>user\nBe kind.\n\nHi\n\nAnyone there?<end_of_turn>\n<start_of_turn>model\n"
    assert "<end_of_turn>" in built.stop


def test_base_model_gets_a_transcript_ending_with_the_assistant_cue() -> None:
    history = [ChatTurn("user", "Hi"), ChatTurn("assistant", "Hello!"), ChatTurn("user", "What is 2+2?")]

    built = build_chat_prompt(history, model_info(None), count_words, 100, system_prompt="You are terse.")

    assert built.text.startswith("You are terse.\n\n")
    assert built.text.endswith("User: Hi\nAssistant: Hello!\n\nUser: What is 2+2?\nAssistant:")
    assert "\nUser:" in built.stop


def test_oldest_turns_are_dropped_to_leave_room_for_the_answer() -> None:
    model = model_info(CHATML, n_ctx=300)
    history = [ChatTurn("system", "Always answer in French."), *conversation(10)]

    built = build_chat_prompt(history, model, count_words, max_new_tokens=100)

    assert built.prompt_tokens + 100 <= model.n_ctx
    assert 2 < built.turns_used < len(history)
    assert "Always answer in French." in built.text
    assert built.text.rstrip().endswith("the newest question<|im_end|>\n<|im_start|>assistant")
    assert "question0" not in built.text and "question9" in built.text
    # what is kept starts with a user turn, right after the system message
    assert built.text.startswith("<|im_start|>system\nAlways answer in French.<|im_end|>\n<|im_start|>user\n")


def test_a_history_that_fits_is_kept_whole() -> None:
    history = conversation(3)

    built = build_chat_prompt(history, model_info(None, n_ctx=300), count_words, 100)

    assert built.turns_used == len(history) and built.first_turn == 0


def test_when_the_window_is_full_the_older_half_goes_in_one_block() -> None:
    history = conversation(10)

    built = build_chat_prompt(history, model_info(None, n_ctx=300), count_words, 100)

    kept = built.turns_used
    assert history[-kept].role == "user" and kept < len(history)
    assert built.first_turn == len(history) - kept
    budget = 300 - 100
    one_exchange_more = build_chat_prompt(history[-(kept + 2) :], model_info(None, n_ctx=100_000), count_words, 100)
    assert built.prompt_tokens <= budget // 2 < one_exchange_more.prompt_tokens


def test_the_start_of_the_kept_history_stays_put_while_the_prompt_fits() -> None:
    model = model_info(None, n_ctx=300)
    history = conversation(10)
    first = build_chat_prompt(history, model, count_words, 100)

    later = history + [ChatTurn("assistant", "a short answer"), ChatTurn("user", "and then?")]
    second = build_chat_prompt(later, model, count_words, 100, keep_from=first.first_turn)

    assert second.first_turn == first.first_turn
    assert second.text.startswith(first.text.rsplit("User: the newest question", 1)[0])


def test_a_growing_conversation_changes_the_start_of_its_prompt_only_now_and_then() -> None:
    model = model_info(CHATML, n_ctx=1000)
    history: list[ChatTurn] = []
    keep_from = None
    starts = []
    for i in range(60):
        history += [ChatTurn("user", f"question {i} " + "word " * 20)]
        built = build_chat_prompt(history, model, count_words, 100, keep_from=keep_from)
        assert built.prompt_tokens + 100 <= model.n_ctx
        starts.append(built.first_turn)
        keep_from = built.first_turn
        history += [ChatTurn("assistant", f"answer {i} " + "word " * 20)]

    changes = sum(1 for a, b in zip(starts, starts[1:]) if a != b)
    assert starts[-1] > 0  # the conversation outgrew the window
    assert changes <= 60 // 8  # one turn at a time would change it on nearly every turn


def test_a_new_message_too_long_on_its_own_is_cut_from_the_start() -> None:
    model = model_info(CHATML, n_ctx=200)
    long_message = " ".join(f"w{i}" for i in range(500))
    history = [ChatTurn("user", "old"), ChatTurn("assistant", "older answer"), ChatTurn("user", long_message)]

    built = build_chat_prompt(history, model, count_words, 50, system_prompt="Sys.")

    assert built.user_truncated and built.turns_used == 1
    assert 0 < built.dropped_chars < len(long_message)
    assert built.prompt_tokens + 50 <= model.n_ctx
    assert "w499" in built.text and "w0 " not in built.text and "Sys." in built.text


def test_a_system_prompt_that_fills_the_window_is_an_error() -> None:
    with pytest.raises(PromptTooLongError):
        build_chat_prompt([ChatTurn("user", "hi")], model_info(None, n_ctx=100), count_words, 10, "word " * 200)


def test_history_must_end_with_a_user_turn() -> None:
    with pytest.raises(ValueError):
        build_chat_prompt([ChatTurn("assistant", "hi")], model_info(None), count_words, 10)


@pytest.mark.model
def test_starter_model_answers_the_capital_of_france_with_paris(llama_engine) -> None:
    model = llama_engine.model
    built: BuiltPrompt = build_chat_prompt(
        [ChatTurn("user", "What is the capital of France?")], model, llama_engine.count_tokens, 48
    )
    pieces: list[str] = []

    stats = llama_engine.generate(
        built.text, GenerationParams(max_tokens=48, temperature=0.7, seed=7, stop=built.stop), pieces.append
    )

    answer = "".join(pieces)
    assert "Paris" in answer
    assert "User:" not in answer and "What is the capital" not in answer
    assert stats.stop_reason == "stop"
    assert stats.prompt_tokens == built.prompt_tokens


@pytest.mark.model
def test_starter_prompt_fits_a_long_conversation_into_its_window(llama_engine) -> None:
    model = llama_engine.model
    history = conversation(60, words=30)

    built = build_chat_prompt(history, model, llama_engine.count_tokens, 256)

    assert built.turns_used < len(history)
    assert built.prompt_tokens == llama_engine.count_tokens(built.text)
    assert built.prompt_tokens + 256 <= model.n_ctx
