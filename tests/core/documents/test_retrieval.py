"""Hybrid search on the real default embedding model ranks the passage that answers first, in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.core.documents.worker import wait_until_indexed

ENGLISH = {
    "tides.md": "# Tides\n\nThe Moon's gravity pulls the oceans, which rise and fall twice a day.",
    "bread.md": "# Baking\n\nBread dough must rest for an hour so that the yeast can make it rise.",
    "lease.md": "# Lease\n\nThe tenant pays a deposit of two months' rent, returned within ten days of the end of the lease.",
    "code.md": "# Server\n\nThe error code E-4471 means the disk is full; free some space and restart.",
}
CHINESE = {
    "合同.txt": "第三条 押金\n\n乙方应支付两个月租金作为押金，合同期满后十日内退还。",
    "手册.txt": "第二章 保养\n\n咖啡机每使用两百次，应当用柠檬酸除垢一次。",
    "笔记.txt": "复习计划\n\n每天早上背诵三十个英语单词，晚上做一套数学练习。",
}


@pytest.fixture
def indexed(real_library, tmp_path: Path):
    folder = tmp_path / "docs"
    folder.mkdir()
    for name, text in {**ENGLISH, **CHINESE}.items():
        (folder / name).write_text(text, encoding="utf-8")
    real_library.start()
    real_library.add([folder], real_library.test_collection)
    assert wait_until_indexed(real_library.worker, real_library.docs, timeout=120)
    return real_library


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Why does the sea level change during the day?", "tides.md"),  # paraphrase: the vector side
        ("How long should dough rest?", "bread.md"),
        ("What does E-4471 mean?", "code.md"),  # an exact code: the keyword side
        ("When do I get my deposit back?", "lease.md"),
        ("押金什么时候退还？", "合同.txt"),
        ("咖啡机多久除垢一次？", "手册.txt"),
        ("每天背多少个单词？", "笔记.txt"),
    ],
)
def test_the_answering_passage_ranks_first(indexed, question: str, expected: str) -> None:
    passages = indexed.search(question, limit=3)

    assert passages[0].file_name == expected
    assert passages[0].relevant


def test_an_unrelated_question_finds_nothing_relevant(indexed) -> None:
    passages = indexed.search("Who won the football world cup in 1998?", limit=3)

    assert not any(p.relevant for p in passages)
