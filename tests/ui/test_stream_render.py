"""IncrementalMarkdown: a growing answer always shows the text a full render shows, for bounded work per step."""

from __future__ import annotations

import html
import random
import re
from collections.abc import Callable, Iterator

import pytest

from desktop_app.ui import stream_render
from desktop_app.ui.markdown_render import render_markdown
from desktop_app.ui.stream_render import IncrementalMarkdown, Update

SHAPES = {
    "paragraphs": "Hello **world**, this is\na paragraph with `code` and a [link](https://example.com).\n\n"
    "Second one.\n",
    "setext headings": "Title\n=====\n\nSub\n---\ntext right after\n\nA line\nthen ---\n",
    "atx headings and rules": "# One\ntext\n## Two\n***\n- x\n# Three #\n",
    "nested lists": "- a\n- b\n  - nested *x*\n  - nested y\n- c\n\n1. one\n2. two\n\n   more of two\n3. three\n\n"
    "end\n",
    "block quotes": "> quoted line\nlazy continuation\n> > nested\n\n> another\n\nafter\n",
    "fences": "Intro:\n\n```python\ndef f(x):\n    return x * 2\n```\n\nAfter.\n\n"
    "~~~~\n``` not a closer\n# not a heading\n~~~~\n",
    "fence left open": "Start:\n\n```js\nconst a = 1;\n\n- not a list\n> not a quote\n",
    "tables": "| a | b |\n|---|:-:|\n| 1 | 2 |\n| 3 | 中 |\nno pipe row\n\nnext\n",
    "reference links": "See [the docs][d] and [Other].\n\nMore.\n\n[d]: https://example.com/docs\n"
    "[other]: https://example.org 'T'\n\nEnd [d].\n",
    "chinese": "这是一个中文回答。\n\n- 第一点：简单。\n- 第二点：**重要**。\n\n> 引用的话。\n\n最后的总结。",
    "indented code": "para\n\n    code line\n\n    more code\nafter\n",
}

LONG_SHAPES = {
    "long fence": "Code:\n\n```python\n" + "".join(f"x_{i} = f({i})  # 注释 {i}\n" for i in range(20)) + "```\n\n",
    "long bullet list": "".join(f"- item {i} **b**\n" for i in range(20)) + "\nend\n",
    "long ordered list": "".join(f"{i + 1}. item {i}\n" for i in range(15)) + "\nend\n",
    "fence in a list item": "1. Step one:\n\n   ```bash\n"
    + "".join(f"   echo {i}\n" for i in range(15))
    + "   ```\n\n2. Step two\n",
    "long quote": "".join(f"> quoted paragraph {i}\n>\n" for i in range(20)) + "\nafter\n",
    "fence in a quote": "> ```\n" + "".join(f"> line {i}\n" for i in range(15)) + "> ```\n\ndone\n",
    "long table": "| n | square |\n|---|--:|\n" + "".join(f"| {i} | {i * i} |\n" for i in range(20)) + "\nend\n",
    "deeply nested list": "- top\n  - mid\n" + "".join(f"    - deep {i}\n" for i in range(15)) + "- last\n",
    "long paragraph": "".join(f"line {i} of one paragraph\n" for i in range(20)) + "\nnext\n",
}

SMALL = {"tail_limit": 40}  # splits inside blocks after a line or two


def visible(fragment: str) -> str:
    """The characters a reader sees: tags dropped, entities decoded, whitespace left out (and the
    zero-width spaces render_markdown puts into very long words so that Qt can break them)."""
    return re.sub(r"[\s\u200b]+", "", html.unescape(re.sub(r"<[^>]+>", "", fragment)))


class Shown:
    """What a view shows: committed pieces in order, then the tail."""

    def __init__(self) -> None:
        self.pieces: list[str] = []
        self.tail = ""

    def apply(self, update: Update) -> None:
        for index, piece in update.rerendered.items():
            self.pieces[index] = piece.html
        self.pieces += [piece.html for piece in update.committed]
        self.tail = update.tail.html

    def html(self) -> str:
        return "".join(self.pieces) + self.tail


def stream(
    text: str, cuts: list[int], render: Callable[[str], str] = render_markdown, **limits: int
) -> Iterator[tuple[str, Shown, IncrementalMarkdown]]:
    """Feed ``text`` cut at ``cuts``, stepping until caught up after each piece."""
    markdown = IncrementalMarkdown(render, **limits)
    shown = Shown()
    for start, end in zip([0, *cuts], [*cuts, len(text)]):
        markdown.append(text[start:end])
        while True:
            update = markdown.step()
            shown.apply(update)
            if not update.more:
                break
        yield text[:end], shown, markdown


def every_split(text: str) -> list[int]:
    return list(range(1, len(text)))


def mismatches(text: str, cuts: list[int], **limits: int) -> list[str]:
    return [
        prefix[-30:]
        for prefix, shown, _ in stream(text, cuts, **limits)
        if visible(shown.html()) != visible(render_markdown(prefix))
    ]


@pytest.mark.parametrize("text", SHAPES.values(), ids=SHAPES.keys())
def test_every_prefix_shows_the_text_of_a_full_render(text: str) -> None:
    assert mismatches(text, every_split(text)) == []


@pytest.mark.parametrize("text", LONG_SHAPES.values(), ids=LONG_SHAPES.keys())
def test_long_blocks_split_inside_still_show_the_text_of_a_full_render(text: str) -> None:
    assert mismatches(text, every_split(text), **SMALL) == []


@pytest.mark.parametrize("seed", range(6))
def test_random_pieces_of_a_mixed_answer_show_the_text_of_a_full_render(seed: int) -> None:
    rng = random.Random(seed)
    text = "\n".join(rng.sample([*SHAPES.values(), *LONG_SHAPES.values()], 7))
    cuts = sorted(rng.sample(range(1, len(text)), 120))

    assert mismatches(text, cuts, **SMALL) == []
    assert mismatches(text, cuts) == []


def test_a_finished_block_is_not_rendered_again_once_the_next_one_starts() -> None:
    calls: list[str] = []
    markdown = IncrementalMarkdown(lambda text: calls.append(text) or render_markdown(text))
    text = "First paragraph.\n\n```python\nx = 1\n```\n\n## Third\n\n" + "".join(f"Para {i}.\n\n" for i in range(20))

    for char in text:
        markdown.append(char)
        markdown.step()

    last_with_first = max(i for i, call in enumerate(calls) if "First paragraph." in call)
    first_with_third = min(i for i, call in enumerate(calls) if "Third" in call)
    last_with_fence = max(i for i, call in enumerate(calls) if "x = 1" in call)
    assert last_with_first < first_with_third
    assert last_with_fence < first_with_third


def long_answer() -> str:
    """Over 20,000 characters: prose, a 500-line code block, a 200-item list, a long table and quote."""
    parts = [f"## Part {i}\n\nProse about part {i}, with **bold** and `code`. 这是第{i}部分。\n" for i in range(30)]
    parts.insert(5, "```python\n" + "".join(f"value_{i} = compute({i})\n" for i in range(500)) + "```\n")
    parts.insert(12, "".join(f"- item {i} with *emphasis*\n" for i in range(200)))
    parts.insert(20, "| a | b |\n|---|---|\n" + "".join(f"| {i} | {2 * i} |\n" for i in range(150)))
    parts.insert(25, "".join(f"> quoted line {i}\n" for i in range(150)))
    text = "\n".join(parts)
    assert len(text) > 20_000
    return text


# a step renders at most the finished text of about one tail, plus the open tail itself
STEP_BOUND = 2 * stream_render.TAIL_LIMIT + 300


def test_work_per_step_stays_bounded_while_a_long_answer_streams() -> None:
    text = long_answer()
    cuts = list(range(4, len(text), 4))  # token-sized pieces, a step after each

    # what is handed to the renderer is the measure, so a cheap stand-in renders
    rendered = [markdown.rendered_chars for _, _, markdown in stream(text, cuts, render=html.escape)]

    assert max(rendered) <= STEP_BOUND
    assert sum(rendered) / len(rendered) < stream_render.TAIL_LIMIT


LONG_LINES = {
    "rambling prose": "Intro.\n\n" + " ".join(f"the model keeps going **on** and `on` {i}" for i in range(120)),
    "chinese without breaks": "开始。\n\n" + "这是一个很长的中文段落，没有换行。" * 150,
    "minified code": "```js\n" + "".join(f"var a{i}=f({i});" for i in range(300)) + "\n```\n\nafter",
    "list item": "- " + " ".join(f"word{i}" for i in range(600)) + "\n- next\n",
}


@pytest.mark.parametrize("text", LONG_LINES.values(), ids=LONG_LINES.keys())
def test_a_line_that_never_ends_is_split_and_still_shows_the_text_of_a_full_render(text: str) -> None:
    cuts = list(range(4, len(text), 4))

    rendered = [markdown.rendered_chars for _, _, markdown in stream(text, cuts, render=html.escape)]

    assert max(rendered) <= STEP_BOUND
    assert mismatches(text, cuts[::5]) == []


def test_text_handed_over_at_once_is_caught_up_over_bounded_steps() -> None:
    text = long_answer()
    markdown = IncrementalMarkdown(render_markdown)
    shown = Shown()
    markdown.append(text)

    steps = []
    while True:
        update = markdown.step()
        shown.apply(update)
        steps.append(markdown.rendered_chars)
        if not update.more:
            break

    assert len(steps) > 5
    assert max(steps) <= stream_render.WINDOW + STEP_BOUND
    assert visible(shown.html()) == visible(render_markdown(text))


def test_a_link_defined_later_is_rendered_again_in_the_piece_that_uses_it() -> None:
    markdown = IncrementalMarkdown(render_markdown)
    markdown.append("See [the docs][d].\n\nMore.\n\n")
    first = markdown.step()
    assert "<a " not in first.committed[0].html

    markdown.append("[d]: https://example.com/docs\n")
    update = markdown.step()

    assert list(update.rerendered) == [0]
    assert 'href="https://example.com/docs"' in update.rerendered[0].html


def test_windows_line_breaks_split_between_pieces_count_once() -> None:
    shown = Shown()
    markdown = IncrementalMarkdown(render_markdown)
    for piece in ["# Title\r", "\nLine one\r", "\n\r\n", "Line two"]:
        markdown.append(piece)
        shown.apply(markdown.step())

    assert visible(shown.html()) == visible(render_markdown("# Title\nLine one\n\nLine two"))
    assert "<h1>" in shown.html()


def test_the_language_of_a_fence_is_used_only_once_its_line_is_complete() -> None:
    """Each prefix of a language name ("pyt", "pyth") would cost a failing lexer lookup."""
    calls: list[str] = []
    markdown = IncrementalMarkdown(lambda text: calls.append(text) or render_markdown(text))

    for char in "Code:\n\n```python\nx = 1\n":
        markdown.append(char)
        markdown.step()

    assert not [call for call in calls if re.search(r"```p(?!ython\n)", call)]
    assert any("```python\nx = 1" in call for call in calls)


def test_a_displayed_formula_is_committed_once_closed_and_never_drawn_half_written(qapp) -> None:
    markdown = IncrementalMarkdown(render_markdown)
    markdown.append("The roots:\n\n$$\nx = \\frac{-b}{2a")
    first = markdown.step()
    assert not any("inkstone-math:" in piece.html for piece in [*first.committed, first.tail])

    markdown.append("}\n$$\n")
    update = markdown.step()

    assert any("inkstone-math:" in piece.html for piece in update.committed)  # rendered once, for good
    assert "inkstone-math:" not in update.tail.html
