"""Rendering GGUF chat templates the way Hugging Face transformers does."""

from __future__ import annotations

import pytest

from desktop_app.core.prompts.chat_template import (
    ChatTemplateError,
    ChatTemplateStoppedError,
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


HI = [{"role": "user", "content": "Hi"}]


@pytest.mark.parametrize(
    ("template", "reason"),
    [
        ("{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}", "steps|seconds"),
        ("{% macro loop(n) %}{{ loop(n + 1) }}{% endmacro %}{{ loop(0) }}", "too deeply"),
        ("{% macro m(n) %}{% for i in range(1000) %}{{ m(1) if n == 0 else '' }}{% endfor %}{% endmacro %}{{ m(0) }}",
         "steps|seconds"),
        ("{{ 'x' * 10**9 }}", "characters"),
        ("{{ [messages] * 10**9 }}", "characters"),
        ("{{ 10 ** 100000000 }}", "number too large"),
        ("{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}", "characters"),
        ("{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s + ns.s %}{% endfor %}", "characters"),
        ("{{ 'x'|center(10**9) }}", "number"),
        ("{{ 'x'.ljust(10**9) }}", "number"),
        ("{{ '%0999999999d' % 1 }}", "wider"),
        ("{{ '{:>999999999}'.format(1) }}", "wider"),
        ("{% set s = 'x' * 1000000 %}{{ s.replace('', s) }}", "replace"),
        ("{% set s = 'x' * 100000 %}{{ s|replace('x', s) }}", "replace"),
        ("{% set s = 'x' * 100000 %}{{ (range(100000)|list)|join(s) }}", "characters"),
        ("{% set s = 'x' * 100000 %}{{ s.join(range(100000)|map('string')|list) }}", "characters"),
        ("{% set s = 'x' * 100000 %}{{ range(100000)|map('string')|join(s) }}", "characters"),
        ("{% set s = 'x' * 100000 %}{{ s.join(range(100000)|map('string')) }}", "characters"),
        ("{% set s = '\\n' * 100000 %}{{ s|indent(100000) }}", "indent"),
        ("{% set s = 'x' * 100000 %}{% set t %}{% for i in range(100) %}{{ s }}{% endfor %}{% endset %}{{ t }}",
         "characters"),
        ("{% set s = 'x' * 100000 %}{% set l = [s, s, s, s, s, s, s, s, s, s] %}{{ [l, l, l] }}", "characters"),
        ("{% set s = 'x' * 100000 %}{% for i in range(30) %}{{ s }}{% endfor %}", "output"),
    ],
    ids=["nested-loops", "recursion", "macro-loops", "str-times", "list-times", "power", "concat-doubling", "plus-doubling",
         "center", "ljust", "percent-width", "format-width", "replace-empty", "replace-filter", "join-filter",
         "join-method", "join-filter-generator", "join-method-generator", "indent", "set-block", "print-container", "output"],
)
def test_a_template_that_runs_away_is_stopped_with_a_chat_template_error(template: str, reason: str) -> None:
    with pytest.raises(ChatTemplateStoppedError, match=reason) as stopped:
        render_chat_template(template, HI)

    assert isinstance(stopped.value, ChatTemplateError) and "\n" not in str(stopped.value)


@pytest.mark.parametrize(
    "template",
    [
        "{% for m in messages %}",
        "{{ messages|no_such_filter }}",
        "{% no_such_tag %}",
        "{{ messages[ }}",
        "{% endfor %}",
    ],
)
def test_an_invalid_template_is_a_chat_template_error(template: str) -> None:
    with pytest.raises(ChatTemplateError, match="not valid Jinja"):
        render_chat_template(template, HI)


def test_ordinary_template_work_stays_within_the_limits() -> None:
    template = (
        "{% set ns = namespace(text='') %}{% for m in messages %}{% set ns.text = ns.text ~ m.content|upper %}"
        "{% endfor %}{{ ns.text|replace('I', 'i') }}|{{ messages|tojson }}|{{ 'ab' * 3 }}|{{ 2 ** 10 }}|"
        "{{ '%5s' % 'x' }}|{{ messages|map(attribute='role')|join(', ') }}|{{ 'a\nb'|indent(2) }}"
    )

    text = render_chat_template(template, [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Yo"}])

    assert text == (
        'HiYO|[{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Yo"}]|ababab|1024|'
        "    x|user, assistant|a\n  b"
    )


def test_generation_tags_render_their_body_as_in_transformers() -> None:
    template = "{% for m in messages %}{% generation %}[{{ m.content }}]{% endgeneration %}{% endfor %}"

    assert render_chat_template(template, HI) == "[Hi]"


def test_a_conversation_too_long_for_any_model_is_refused_before_rendering() -> None:
    from desktop_app.core.prompts.prompt_size import MAX_PROMPT_CHARS, PromptTooLargeError

    with pytest.raises(PromptTooLargeError, match="too long to send to a model"):
        render_chat_template(CHATML, [{"role": "user", "content": "x" * (MAX_PROMPT_CHARS + 1)}])
