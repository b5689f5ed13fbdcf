"""For a model that takes messages (on a server), the prompt is the messages, fitted to its context window."""

from __future__ import annotations

from pathlib import Path

from desktop_app.core.engine.base import ChatMessage, ModelInfo
from desktop_app.core.prompts import ChatTurn, build_chat_prompt


def server_model(n_ctx: int = 4096) -> ModelInfo:
    return ModelInfo(path=Path("m"), name="m", backend="gpu-box:8000", n_ctx=n_ctx, n_ctx_train=n_ctx,
                     n_gpu_layers=0, n_threads=0, takes_messages=True, server="http://gpu-box:8000/v1")


def count(text: str) -> int:
    return len(text) // 4


def test_messages_are_sent_with_the_system_prompt_first_and_no_template_stops() -> None:
    history = [ChatTurn("user", "Hi"), ChatTurn("assistant", "Hello!"), ChatTurn("user", "How are you?")]

    built = build_chat_prompt(history, server_model(), count, 256, "Be brief.")

    assert built.messages == (ChatMessage("system", "Be brief."), ChatMessage("user", "Hi"),
                              ChatMessage("assistant", "Hello!"), ChatMessage("user", "How are you?"))
    assert built.stop == ()


def test_a_history_too_long_for_the_servers_context_loses_its_oldest_turns() -> None:
    history = []
    for i in range(40):
        history += [ChatTurn("user", f"question {i} " + "x" * 200), ChatTurn("assistant", f"answer {i} " + "y" * 200)]
    history.append(ChatTurn("user", "last question"))

    built = build_chat_prompt(history, server_model(n_ctx=1024), count, 256)

    assert built.messages is not None
    assert built.first_turn > 0
    assert built.messages[0].role == "user"  # the kept history starts with a question
    assert built.messages[-1] == ChatMessage("user", "last question")
    assert count(built.text) + 256 <= 1024


def test_a_model_with_a_template_still_gets_a_rendered_prompt() -> None:
    model = ModelInfo(path=Path("m.gguf"), name="m", backend="CPU", n_ctx=4096, n_ctx_train=4096, n_gpu_layers=0,
                      n_threads=1, chat_template="{% for m in messages %}<{{m.role}}>{{m.content}}{% endfor %}")

    built = build_chat_prompt([ChatTurn("user", "Hi")], model, count, 64)

    assert built.messages is None
    assert built.text == "<user>Hi"
