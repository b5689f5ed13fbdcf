"""Request bodies are checked and bounded before any model work; errors name the field."""

from __future__ import annotations

import pytest

from desktop_app.core.engine.base import ChatMessage
from desktop_app.core.serve.errors import ApiError
from desktop_app.core.serve.requests import chat_request, completion_request, embedding_request, parse_json


def chat(**fields):  # type: ignore[no-untyped-def]
    return chat_request({"model": "m", "messages": [{"role": "user", "content": "Hi"}], **fields})


def test_a_chat_request_keeps_roles_content_and_sampling() -> None:
    request = chat_request({
        "model": "m",
        "messages": [{"role": "developer", "content": "Be brief."},
                     {"role": "user", "content": [{"type": "text", "text": "Hello"}, {"type": "text", "text": "there"}]}],
        "max_tokens": 20, "temperature": 0, "top_p": 0.5, "stop": "\n", "seed": 7, "stream": True,
        "stream_options": {"include_usage": True},
    })

    assert request.messages == (ChatMessage("system", "Be brief."), ChatMessage("user", "Hello\nthere"))
    assert (request.sampling.max_tokens, request.sampling.temperature, request.sampling.top_p) == (20, 0.0, 0.5)
    assert request.sampling.stop == ("\n",)
    assert request.sampling.seed == 7
    assert request.stream and request.include_usage


@pytest.mark.parametrize("fields, param", [
    ({"n": 2}, "n"),
    ({"max_tokens": 0}, "max_tokens"),
    ({"temperature": 3}, "temperature"),
    ({"top_p": "high"}, "top_p"),
    ({"stop": ["x"] * 17}, "stop"),
    ({"stop": ["x" * 201]}, "stop"),
    ({"seed": 1.5}, "seed"),
    ({"stream": "yes"}, "stream"),
    ({"tools": [{"type": "function"}]}, "tools"),
    ({"messages": []}, "messages"),
    ({"messages": [{"role": "tool", "content": "x"}]}, "messages[0].role"),
    ({"messages": [{"role": "user", "content": [{"type": "image_url", "image_url": {}}]}]}, "messages[0].content"),
    ({"messages": [{"role": "user", "content": "a"}, {"role": "assistant", "content": "b"}]}, "messages"),
])
def test_what_cannot_be_honoured_is_refused_with_400(fields, param) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ApiError) as refused:
        chat(**fields)

    assert refused.value.status == 400
    assert refused.value.param == param


def test_a_completion_takes_one_prompt_and_defaults_to_16_tokens() -> None:
    request = completion_request({"model": "m", "prompt": ["Once upon a time"]})

    assert request.prompt == "Once upon a time"
    assert request.sampling.max_tokens == 16


def test_embeddings_take_a_string_or_a_list_of_strings() -> None:
    assert embedding_request({"input": "a"}).inputs == ("a",)
    assert embedding_request({"input": ["a", "b"], "encoding_format": "base64"}).base64
    with pytest.raises(ApiError):
        embedding_request({"input": [1, 2]})


def test_a_body_that_is_not_a_json_object_is_refused() -> None:
    for body in (b"{", b"[1]", b"\xff"):
        with pytest.raises(ApiError) as refused:
            parse_json(body)
        assert refused.value.status == 400
