"""render_markdown: what model Markdown looks like in QTextDocument, and that it is never live HTML."""

from __future__ import annotations

import re

import pytest
from PySide6.QtGui import QTextDocument, QTextTable

from desktop_app.ui.markdown_render import render_markdown
from desktop_app.ui.theme import DARK, LIGHT


def as_document(html: str) -> QTextDocument:
    document = QTextDocument()
    document.setHtml(html)
    return document


def plain(html: str) -> str:
    return as_document(html).toPlainText()


def test_headings_become_heading_elements(qapp) -> None:
    html = render_markdown("# Title\n\n## Section\n\ntext")
    assert "<h1>Title</h1>" in html
    assert "<h2>Section</h2>" in html
    assert plain(html) == "Title\nSection\ntext"


def test_emphasis_strong_and_strikethrough(qapp) -> None:
    html = render_markdown("*slanted* **heavy** ~~gone~~")
    assert "<em>slanted</em>" in html
    assert "<strong>heavy</strong>" in html
    assert "<s>gone</s>" in html


def test_lists_become_qt_lists(qapp) -> None:
    document = as_document(render_markdown("- apple\n- pear\n\n1. one\n2. two"))
    lists = {document.findBlockByNumber(i).textList() for i in range(document.blockCount())} - {None}
    assert document.toPlainText() == "apple\npear\none\ntwo"
    assert len(lists) == 2


def test_table_has_borders_padding_and_all_cells(qapp) -> None:
    html = render_markdown("| Name | Size |\n|:-----|-----:|\n| alpha | 12 |\n| beta | 3 |")
    assert re.search(r'<table border="1" cellspacing="0" cellpadding="6"', html)
    assert '<td style="text-align:right" align="right">12</td>' in html
    document = as_document(html)
    tables = [frame for frame in document.rootFrame().childFrames() if isinstance(frame, QTextTable)]
    assert len(tables) == 1
    assert (tables[0].rows(), tables[0].columns()) == (3, 2)
    assert tables[0].cellAt(2, 0).firstCursorPosition().block().text() == "beta"


def test_blockquote_keeps_its_text(qapp) -> None:
    html = render_markdown("> wise words\n\nafter")
    assert "<blockquote" in html
    assert plain(html) == "wise words\nafter"


def test_inline_code_is_escaped_and_shaded(qapp) -> None:
    html = render_markdown("use `a<b && c` here")
    assert "a&lt;b &amp;&amp; c" in html
    assert "<code style=\"background-color:" in html
    assert plain(html) == "use a<b && c here"


def test_fenced_code_is_highlighted_with_inline_styles(qapp) -> None:
    code = 'def greet(name):\n    return f"hi {name}" if name < "z" else None'
    html = render_markdown(f"```python\n{code}\n```")
    assert html.startswith("<pre style=")
    assert "<span style=\"color: #" in html
    assert "class=" not in html  # QTextDocument has no stylesheet to resolve classes against
    assert plain(html) == code


def test_unknown_language_falls_back_to_plain_escaped_pre(qapp) -> None:
    html = render_markdown("```nosuchlanguage\n<b>not bold</b>\n```")
    assert "<span" not in html
    assert "&lt;b&gt;not bold&lt;/b&gt;" in html
    assert plain(html) == "<b>not bold</b>"


def test_code_blocks_set_their_own_background_and_text_colour(qapp) -> None:
    """Code colours come with a matching background, so a dark palette cannot make them unreadable."""
    light = render_markdown("```\nx\n```")
    dark = render_markdown("```\nx\n```", dark=True)
    assert f"background-color: {LIGHT.code_background}; color: {LIGHT.code_foreground};" in light
    assert f"background-color: {DARK.code_background}; color: {DARK.code_foreground};" in dark


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        '<a href="javascript:alert(1)">click</a>',
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "<javascript:alert(1)>",
        "[file](file:///etc/passwd)",
        "[data](data:text/html;base64,PHNjcmlwdD4=)",
        "![pic](data:image/png;base64,iVBORw0KGgo=)",
        "[relative](settings.html)",
        '<iframe src="https://evil.example"></iframe>',
    ],
)
def test_untrusted_markup_is_never_live(qapp, text: str) -> None:
    html = render_markdown(text)
    assert not re.search(r"<(script|img|iframe)\b", html, re.IGNORECASE)
    assert all(href.startswith(("http://", "https://")) for href in re.findall(r'href="([^"]*)"', html))
    loaded = as_document(html).toHtml()
    assert all(href.startswith(("http://", "https://")) for href in re.findall(r'href="([^"]*)"', loaded))


def test_raw_html_is_shown_as_text(qapp) -> None:
    assert plain(render_markdown("<script>alert(1)</script>")) == "<script>alert(1)</script>"


def test_images_become_links_and_are_never_fetched(qapp) -> None:
    html = render_markdown("![a cat](https://example.com/cat.png)")
    assert "<img" not in html
    assert '<a href="https://example.com/cat.png">[a cat]</a>' in html


def test_bare_web_addresses_become_links(qapp) -> None:
    html = render_markdown("see https://example.com/docs for more")
    assert '<a href="https://example.com/docs">https://example.com/docs</a>' in html


def test_chinese_text_renders_intact(qapp) -> None:
    text = "中文段落：这是一个测试，看看汉字是否正常显示。\n\n**重要**的事情说三遍。\n\n| 名称 | 值 |\n|---|---|\n| 苹果 | 三 |"
    html = render_markdown(text)
    assert "<strong>重要</strong>" in html
    shown = plain(html)
    for part in ("中文段落：这是一个测试，看看汉字是否正常显示。", "重要的事情说三遍。", "苹果", "三"):
        assert part in shown


def test_single_newlines_are_kept_as_line_breaks(qapp) -> None:
    document = as_document(render_markdown("roses are red\nviolets are blue"))
    assert document.blockCount() == 1  # one paragraph with a line break, not two paragraphs
    assert document.toPlainText() == "roses are red\nviolets are blue"


def test_unclosed_fence_renders_the_code_so_far(qapp) -> None:
    html = render_markdown("Here you go:\n\n```python\ndef half(x):\n    return x /")
    assert "<pre" in html
    assert plain(html) == "Here you go:\ndef half(x):\n    return x /"


STREAMED_SAMPLE = (
    "## Plan\n\nSome **bold** and `code`, see https://example.com.\n\n"
    "| a | b |\n|:--|--:|\n| 1 | 2 |\n\n> quoted\n\n1. one\n   - nested\n\n"
    "```python\nprint('hi')  # 中文\n```\n\n中文段落。~~done~~ [link](https://example.org)"
)


def test_every_prefix_of_a_streamed_answer_shows_what_was_typed(qapp) -> None:
    """While streaming, the text is cut anywhere: in a fence, a table row, a link."""
    markers = ["Plan", "bold", "quoted", "nested", "print('hi')", "中文段落"]
    for end in range(len(STREAMED_SAMPLE) + 1):
        prefix = STREAMED_SAMPLE[:end]
        shown = plain(render_markdown(prefix))
        assert [m for m in markers if m in prefix and m not in shown] == [], prefix


def test_half_written_table_shows_its_text(qapp) -> None:
    assert "| a | b |" in plain(render_markdown("| a | b |\n|--"))


def nested_list(depth: int) -> str:
    return "".join("  " * i + f"- level {i + 1}\n" for i in range(depth)) + "\nAfter the list.\n"


@pytest.mark.parametrize("depth", [10, 11, 14, 40])
def test_a_list_nested_past_the_parsers_limit_keeps_all_its_text(qapp, depth: int) -> None:
    shown = plain(render_markdown(nested_list(depth)))

    assert [f"level {n}" for n in range(1, depth + 1) if f"level {n}" not in shown] == []
    assert shown.endswith("After the list.")


def test_quotes_nested_past_the_parsers_limit_keep_all_their_text(qapp) -> None:
    text = "".join("> " * n + f"quote {n}\n" for n in range(1, 26)) + "\nAfter.\n"

    shown = plain(render_markdown(text))

    assert [n for n in range(1, 26) if f"quote {n}" not in shown] == []
    assert shown.endswith("After.")


@pytest.mark.parametrize(
    "text",
    [
        "*a **a " * 2000 + "b" + " a** a*" * 2000,  # emphasis 4,000 deep
        "x " + "a*" * 3000,  # 1,500 emphasis spans in one paragraph
        "*word* " * 900 + "word " * 3000,  # longer than a paragraph is parsed for
    ],
    ids=["deep", "dense", "long"],
)
def test_a_block_too_deep_dense_or_long_to_show_quickly_is_shown_as_its_text(qapp, text: str) -> None:
    html = render_markdown(text + "\n\nNext *paragraph*.")

    first, _, rest = html.partition("</p>")
    assert "<em>" not in first and "<strong>" not in first
    assert plain(first).replace("\u200b", "").split() == text.split()  # long words get zero-width breaks
    assert "<em>paragraph</em>" in rest  # the limit is per block


def test_a_huge_table_becomes_lines_of_text(qapp) -> None:
    rows = 1200  # 2,402 cells
    html = render_markdown("a|b\n-|-\n" + "".join(f"x{n}|y{n}\n" for n in range(rows)))

    assert "<table" not in html
    assert plain(html).splitlines()[:3] == ["a | b", "x0 | y0", "x1 | y1"]
    assert f"x{rows - 1} | y{rows - 1}" in plain(html)


def test_a_very_long_word_gets_places_to_break_the_line_and_keeps_its_text(qapp) -> None:
    word = "<ab>" * 1250  # 5,000 characters without a space; Qt's line breaking is quadratic in that

    html = render_markdown(f"{word} and `{word}`")

    assert html.count("\u200b") >= 8  # a zero-width space every 1,000 characters, text and code
    assert plain(html).replace("\u200b", "") == f"{word} and {word}"


def test_a_table_header_row_is_shaded_in_the_theme_colour(qapp) -> None:
    html = render_markdown("| Name | Size |\n|---|---|\n| alpha | 12 |", colours=DARK)

    assert f'<th bgcolor="{DARK.table_header_background}">Name</th>' in html
    assert f"border-color: {DARK.table_border};" in html


def test_a_block_quote_is_indented_for_its_bar_and_muted(qapp) -> None:
    html = render_markdown("> wise words")

    assert f'<blockquote style="margin-left: 20px; margin-right: 0px; color: {LIGHT.quote_foreground};">' in html


def test_a_mermaid_diagram_is_shown_as_code_under_a_label(qapp) -> None:
    html = render_markdown("```mermaid\ngraph TD; A-->B\n```")

    assert plain(html) == "Mermaid diagram (shown as its code)\ngraph TD; A-->B"
    assert "<pre style=" in html and "<small>" in html


def test_a_formula_becomes_a_picture_url_and_a_broken_one_code(qapp) -> None:
    html = render_markdown("Good $x^2$, broken $\\frac{a}{$.")

    assert html.count("<img ") == 1 and 'src="inkstone-math:' in html
    assert 'title="$x^2$"' in html
    assert f'<code style="background-color: {LIGHT.inline_code_background};">$\\frac{{a}}{{$</code>' in html


def test_a_formula_url_gives_back_the_formula(qapp) -> None:
    from desktop_app.ui.markdown_render import math_url, parse_math_url

    ref = parse_math_url(math_url("$$a/b \\% 100$$", "#1f2328"))
    assert ref is not None
    assert (ref.source, ref.latex, ref.display, ref.colour) == ("$$a/b \\% 100$$", "a/b \\% 100", True, "#1f2328")
    assert parse_math_url("https://example.com/x.png") is None
