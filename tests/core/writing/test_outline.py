"""parse_outline reads the outlines models and people write; format_outline writes one it can read back."""

from __future__ import annotations

import pytest

from desktop_app.core.writing.outline import OutlineSection, ensure_sections, format_outline, parse_outline


def titles(text: str) -> list[str]:
    return [s.title for s in parse_outline(text)]


@pytest.mark.parametrize(
    "text",
    [
        "1. Introduction\n2. Costs\n3. Conclusion",
        "1) Introduction\n2) Costs\n3) Conclusion",
        "(1) Introduction\n(2) Costs\n(3) Conclusion",
        "- Introduction\n- Costs\n- Conclusion",
        "* **Introduction**\n* **Costs**\n* **Conclusion**",
        "## Introduction\n## Costs\n## Conclusion",
        "# Energy in cities\n\n## Introduction\n## Costs\n## Conclusion",
        "I. Introduction\nII. Costs\nIII. Conclusion",
        "Section 1: Introduction\nSection 2: Costs\nSection 3: Conclusion",
        "Here is an outline:\n\n1. Introduction\n2. Costs\n3. Conclusion\n\nLet me know if you need more!",
        "Introduction\nCosts\nConclusion",
    ],
)
def test_numbering_bullets_and_headings_all_give_the_same_sections(text: str) -> None:
    assert titles(text) == ["Introduction", "Costs", "Conclusion"]


def test_chinese_numerals_and_chapters() -> None:
    assert titles("一、引言\n二、现状\n三、结论") == ["引言", "现状", "结论"]
    assert titles("第一章 起源\n第二章 发展\n第三章 未来") == ["起源", "发展", "未来"]


def test_deeper_items_and_plain_lines_become_notes() -> None:
    sections = parse_outline(
        "1. Introduction — why it matters\n   - history\n   - scope\n2. Costs\nMoney and time.\n"
        "一、\n"
    )

    assert sections[0] == OutlineSection("Introduction", "why it matters\nhistory\nscope")
    assert sections[1] == OutlineSection("Costs", "Money and time.")


def test_nested_chinese_items_are_notes_of_their_section() -> None:
    sections = parse_outline("一、引言\n二、现状分析\n（一）数据\n（二）问题\n三、结论")

    assert [s.title for s in sections] == ["引言", "现状分析", "结论"]
    assert sections[1].notes == "数据\n问题"


def test_dotted_numbers_nest() -> None:
    sections = parse_outline("1. Intro\n1.1 Scope\n2. Body\n2.1 Part A\n2.2 Part B")

    assert [(s.title, s.notes) for s in sections] == [("Intro", "Scope"), ("Body", "Part A\nPart B")]


def test_nothing_to_parse_gives_an_empty_outline() -> None:
    assert parse_outline("") == []
    assert parse_outline("\n\n---\n") == []


def test_format_then_parse_round_trips() -> None:
    sections = [OutlineSection("Introduction", "why\nscope"), OutlineSection("Costs"), OutlineSection("结论")]

    text = format_outline(sections)

    assert text.startswith("1. Introduction\n   - why\n   - scope\n2. Costs\n")
    assert parse_outline(text) == sections


def test_required_sections_are_added_when_missing() -> None:
    sections = ensure_sections([OutlineSection("Introduction")], ["introduction", "Costs"])

    assert [s.title for s in sections] == ["Introduction", "Costs"]
