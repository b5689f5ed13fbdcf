"""Rendering GGUF chat templates the way Hugging Face transformers does."""

from __future__ import annotations

import pytest

from desktop_app.core.prompts.chat_template import (
    ChatTemplateError,
    render_chat_template,
    template_stop_strings,
)

CHATML = (
    "{% for message in messages %}"
    "{{ '<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}"
)

LLAMA3_LIKE = (
    "{{ bos_token }}{% for message in messages %}"
    "<|start_header_id|>{{ message['role'] }}<|end_header_id|>\n\n{{ message['content'] | trim }}<|eot_id|>"
    "{% endfor %}{% if add_generation_prompt %}<|start_header_id|>assistant<|end_header_id|>\n\n{% endif %}"
)


def test_chatml_renders_each_message_and_the_assistant_cue() -> None:
    text = render_chat_template(CHATML, [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi"}])

    assert text == "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n"


def test_bos_token_and_filters_are_available_to_the_template() -> None:
    text = render_chat_template(LLAMA3_LIKE, [{"role": "user", "content": "  Hi  "}], bos_token="<|begin_of_text|>")

    assert text.startswith("<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>")
    assert text.endswith("<|start_header_id|>assistant<|end_header_id|>\n\n")


def test_trim_blocks_and_lstrip_blocks_drop_block_whitespace() -> None:
    template = "{% for m in messages %}\n    {% if m.role == 'user' %}\n[{{ m.content }}]\n    {% endif %}\n{% endfor %}"

    assert render_chat_template(template, [{"role": "user", "content": "a"}, {"role": "user", "content": "b"}]) == "[a]\n[b]\n"


def test_tools_and_documents_are_none_as_in_transformers() -> None:
    template = "{% if tools is not none %}TOOLS{% endif %}{% if documents is not none %}DOCS{% endif %}{{ messages[0].content }}"

    assert render_chat_template(template, [{"role": "user", "content": "Hi"}]) == "Hi"


def test_raise_exception_in_a_template_becomes_a_one_line_error() -> None:
    template = "{{ raise_exception('System role not supported') }}"

    with pytest.raises(ChatTemplateError, match="System role not supported"):
        render_chat_template(template, [{"role": "user", "content": "Hi"}])


def test_a_template_that_is_not_valid_jinja_is_reported() -> None:
    with pytest.raises(ChatTemplateError, match="not valid Jinja"):
        render_chat_template("{% for m in messages %}", [{"role": "user", "content": "Hi"}])


def test_the_sandbox_refuses_unsafe_attribute_access() -> None:
    with pytest.raises(ChatTemplateError):
        render_chat_template("{{ messages.__class__.__mro__ }}", [{"role": "user", "content": "Hi"}])


def test_stop_strings_are_eos_and_the_markers_the_template_uses() -> None:
    assert template_stop_strings(CHATML, "<|im_end|>") == ("<|im_end|>", "<|im_start|>")
    assert template_stop_strings(LLAMA3_LIKE, "<|end_of_text|>") == (
        "<|end_of_text|>",
        "<|eot_id|>",
        "<|start_header_id|>",
    )
