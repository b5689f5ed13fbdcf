"""`inkstone docs` from a terminal: add, list, search (--json), rm, ask; and a kill mid-index loses one file's work at most."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop_app.cli import main

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "handbook.md").write_text(
        "# Handbook\n\n## Holidays\n\nEvery employee has twenty-five days of paid holiday per year.\n\n"
        "## Expenses\n\nTravel expenses are refunded within thirty days.\n", encoding="utf-8")
    (folder / "合同.txt").write_text("第三条 押金\n\n押金为两个月租金，合同期满后十日内退还。", encoding="utf-8")
    (folder / "locked.pdf").write_bytes(b"%PDF-1.4 broken")
    return folder


def test_add_list_search_and_remove(folder: Path, embedding_model_path: Path, capsys) -> None:
    assert main(["docs", "add", str(folder), "--embedding-model", str(embedding_model_path)]) == 0
    added = capsys.readouterr()
    assert "2 files indexed, 1 could not be read" in added.err
    assert "locked.pdf" in added.err

    assert main(["docs", "list"]) == 0
    listing = capsys.readouterr().out
    assert "ready" in listing and "2/3 files" in listing and str(folder) in listing
    assert "failed: locked.pdf" in listing

    assert main(["docs", "search", "how many days of holiday", "--json", "--limit", "2"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["file"].endswith("handbook.md") and rows[0]["heading"] == "Handbook › Holidays"
    assert "twenty-five days" in rows[0]["text"] and rows[0]["rank"] == 1 and rows[0]["score"] > 0

    assert main(["docs", "search", "押金什么时候退还"]) == 0
    assert "合同.txt" in capsys.readouterr().out.split("\n")[0]

    assert main(["docs", "rm", str(folder)]) == 0
    capsys.readouterr()
    assert main(["docs", "search", "holiday", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_default_embedding_model_needs_no_flag(folder: Path, capsys) -> None:
    assert main(["docs", "add", str(folder / "handbook.md")]) == 0
    capsys.readouterr()
    assert main(["docs", "list"]) == 0
    assert "all-MiniLM-L6-v2" in capsys.readouterr().out


@pytest.mark.model
def test_ask_answers_from_the_document_and_lists_its_source(folder: Path, embedding_model_path: Path, capsys) -> None:
    (folder / "codes.md").write_text("# Codes\n\nThe secret code word of the club is BLUEBERRY.\n", encoding="utf-8")
    assert main(["docs", "add", str(folder), "--embedding-model", str(embedding_model_path)]) == 0
    capsys.readouterr()

    assert main(["docs", "ask", "What is the secret code word of the club?", "--max-tokens", "40"]) == 0
    out = capsys.readouterr().out

    answer, _, sources = out.partition("\n\n")
    assert "BLUEBERRY" in answer
    assert "\n[1] codes.md, Codes\n" in sources


def _rows(db: Path, query: str) -> list[tuple]:
    try:
        connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    except sqlite3.OperationalError:  # not made yet
        return []
    try:
        return connection.execute(query).fetchall()
    except sqlite3.OperationalError:
        return []
    finally:
        connection.close()


def test_a_kill_mid_index_redoes_only_the_file_in_progress(tmp_path: Path, data_dir: Path,
                                                           embedding_model_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(6):
        text = "\n\n".join(f"File {n}, paragraph {p}: " + "the river carries silt to the delta. " * 30
                           for p in range(8))
        (folder / f"notes{n}.txt").write_text(text, encoding="utf-8")
    argv = [sys.executable, "-m", "desktop_app", "docs", "add", str(folder), "--embedding-model",
            str(embedding_model_path)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    db = data_dir / "inkstone.sqlite3"
    child = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while True:
            states = dict(_rows(db, "SELECT state, count(*) FROM doc_files GROUP BY state"))
            if states.get("ready", 0) >= 1 and states.get("indexing", 0) == 1:
                break
            assert child.poll() is None, "indexing ended before it could be killed"
            assert time.monotonic() < deadline
            time.sleep(0.02)
        child.send_signal(signal.SIGKILL)
        child.wait(10)
    finally:
        if child.poll() is None:
            child.kill()
    before = dict(_rows(db, "SELECT path, generation FROM doc_files WHERE state = 'ready'"))
    [(interrupted,)] = _rows(db, "SELECT path FROM doc_files WHERE state = 'indexing'")

    assert subprocess.run(argv, env=env, capture_output=True, timeout=300).returncode == 0

    after = dict(_rows(db, "SELECT path, generation FROM doc_files WHERE state = 'ready'"))
    assert len(after) == 6
    assert {path: after[path] for path in before} == before  # finished files were not indexed again
    assert after[interrupted] == 1  # the interrupted one was indexed once, from the start
    counts = _rows(db, "SELECT f.chunks_total, count(c.id) FROM doc_files f JOIN doc_chunks c ON c.file_id = f.id "
                       "GROUP BY f.id")
    assert counts and all(total == stored for total, stored in counts)
    assert _rows(db, "PRAGMA integrity_check") == [("ok",)]
