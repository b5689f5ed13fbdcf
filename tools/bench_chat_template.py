"""What the bounded chat-template sandbox costs on every chat turn, and how fast it stops runaways.

No model. Prints:
- the time to render real-world-shaped templates (ChatML, a Qwen2.5-style template with
  tools and a namespace, a Llama-3.1-style one) for conversations of 2, 20 and 200
  messages, in Jinja's plain ImmutableSandboxedEnvironment (what Inkstone used before) and
  in the bounded sandbox (render_chat_template now). A chat turn renders a few times while
  the history is fitted to the context window;
- the time until the bounded sandbox stops each runaway template (the plain sandbox would
  hang or take gigabytes on these, so they are not run there).

    .venv/bin/python tools/bench_chat_template.py
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any, Callable

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from jinja2.sandbox import ImmutableSandboxedEnvironment  # noqa: E402

from desktop_app.core.prompts.chat_template import ChatTemplateError, render_chat_template  # noqa: E402

CHATML = (
    "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>\n' }}"
    "{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}"
)
QWEN_LIKE = """{%- if tools %}
    {{- '<|im_start|>system\\n' }}
    {%- if messages[0]['role'] == 'system' %}{{- messages[0]['content'] }}{%- else %}{{- 'You are a helpful assistant.' }}{%- endif %}
    {{- "\\n\\n# Tools\\n\\n<tools>" }}
    {%- for tool in tools %}{{- "\\n" }}{{- tool | tojson }}{%- endfor %}
    {{- "\\n</tools><|im_end|>\\n" }}
{%- else %}
    {%- if messages[0]['role'] == 'system' %}
        {{- '<|im_start|>system\\n' + messages[0]['content'] + '<|im_end|>\\n' }}
    {%- else %}
        {{- '<|im_start|>system\\nYou are a helpful assistant.<|im_end|>\\n' }}
    {%- endif %}
{%- endif %}
{%- set ns = namespace(last_user=messages|length - 1) %}
{%- for message in messages[::-1] %}
    {%- set index = (messages|length - 1) - loop.index0 %}
    {%- if message.role == "user" and ns.last_user == messages|length - 1 %}{%- set ns.last_user = index %}{%- endif %}
{%- endfor %}
{%- for message in messages %}
    {%- if (message.role == "user") or (message.role == "system" and not loop.first) %}
        {{- '<|im_start|>' + message.role + '\\n' + message.content | trim + '<|im_end|>' + '\\n' }}
    {%- elif message.role == "assistant" %}
        {%- set content = message.content.split('</think>')[-1].lstrip('\\n') %}
        {{- '<|im_start|>' + message.role + '\\n' + content }}
        {{- '<|im_end|>\\n' }}
    {%- endif %}
{%- endfor %}
{%- if add_generation_prompt %}{{- '<|im_start|>assistant\\n' }}{%- endif %}
"""
LLAMA_LIKE = """{{- bos_token }}
{%- if not date_string is defined %}{%- set date_string = strftime_now("%d %b %Y") %}{%- endif %}
{%- if messages[0]['role'] == 'system' %}
    {%- set system_message = messages[0]['content']|trim %}
    {%- set messages = messages[1:] %}
{%- else %}
    {%- set system_message = "" %}
{%- endif %}
{{- "<|start_header_id|>system<|end_header_id|>\\n\\n" }}
{{- "Cutting Knowledge Date: December 2023\\n" }}
{{- "Today Date: " + date_string + "\\n\\n" }}
{{- system_message }}
{{- "<|eot_id|>" }}
{%- for message in messages %}
    {{- '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n'+ message['content'] | trim + '<|eot_id|>' }}
{%- endfor %}
{%- if add_generation_prompt %}{{- '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}{%- endif %}
"""
TEMPLATES = {"ChatML": CHATML, "Qwen2.5-style": QWEN_LIKE, "Llama-3.1-style": LLAMA_LIKE}
RUNAWAYS = {
    "nested loops (10^10 passes)": "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}",
    "'x' * 10**9": "{{ 'x' * 10**9 }}",
    "string doubling with ~": "{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
    "replace('', s) on 1 MB": "{% set s = 'x' * 1000000 %}{{ s.replace('', s) }}",
    "join of 100,000 with 100 KB": "{% set s = 'x' * 100000 %}{{ (range(100000)|list)|join(s) }}",
    "100 KB printed 30 times": "{% set s = 'x' * 100000 %}{% for i in range(30) %}{{ s }}{% endfor %}",
    "recursive macro": "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}",
}


def conversation(n: int) -> list[dict[str, str]]:
    turns = [{"role": "system", "content": "You are a careful assistant."}]
    for i in range(n - 1):
        role = "user" if i % 2 == 0 else "assistant"
        turns.append({"role": role, "content": f"Message {i}: " + "some words of an ordinary chat message " * 8})
    return turns


def plain_sandbox_renderer(template: str) -> Callable[[list[dict[str, str]]], str]:
    """What Inkstone rendered with before: Jinja's sandbox, no bounds."""
    from datetime import datetime

    env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=["jinja2.ext.loopcontrols"])
    env.filters["tojson"] = lambda value, **kw: json.dumps(value, **kw)
    env.globals["strftime_now"] = lambda fmt: datetime.now().strftime(fmt)
    compiled = env.from_string(template)
    return lambda messages: compiled.render(messages=messages, add_generation_prompt=True, bos_token="<s>",
                                            eos_token="</s>", tools=None, documents=None)


def median_ms(render: Callable[[], Any], runs: int) -> float:
    render()  # compile and warm up
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        render()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> None:
    print(f"{'template':18} {'messages':>8} {'plain sandbox':>14} {'bounded':>10} {'ratio':>6}")
    for name, template in TEMPLATES.items():
        plain = plain_sandbox_renderer(template)
        for n in (2, 20, 200):
            messages = conversation(n)
            before = median_ms(lambda: plain(messages), 200 if n < 200 else 50)
            after = median_ms(lambda: render_chat_template(template, messages, "<s>", "</s>"), 200 if n < 200 else 50)
            print(f"{name:18} {n:>8} {before:11.3f} ms {after:7.3f} ms {after / before:6.2f}")
    print()
    print(f"{'runaway template':32} {'stopped after':>14}  message")
    for name, template in RUNAWAYS.items():
        started = time.perf_counter()
        try:
            render_chat_template(template, conversation(2))
            outcome = "NOT STOPPED"
        except ChatTemplateError as exc:
            outcome = str(exc)
        print(f"{name:32} {(time.perf_counter() - started) * 1000:11.0f} ms  {outcome}")


if __name__ == "__main__":
    main()
