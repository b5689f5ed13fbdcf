"""`inkstone bench` on the real starter model: it prints both speeds and their ratio."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from desktop_app.cli import main as run


@pytest.mark.model
def test_bench_prints_both_speeds_and_their_ratio(capsys, starter_model_path: Path) -> None:
    code = run(["bench", "--model", str(starter_model_path), "--tokens", "6", "--runs", "2"])

    out, err = capsys.readouterr()
    assert code == 0
    assert "Gemma 3 270m" in out
    for label in ("Inkstone", "llama-cpp-python"):
        rate, best, first_token_ms = re.search(rf"^{label} +([\d.]+) +([\d.]+) +(\d+) ms$", out, re.M).groups()
        assert 0 < float(rate) <= float(best) and int(first_token_ms) >= 0
    assert float(re.search(r"^ratio \(ours/raw\) +([\d.]+) +[\d.]+ +[\d.]+$", out, re.M).group(1)) > 0
    assert "run 2/2" in err
    assert "not strictly like for like" not in out  # same seed, same settings: the same text


def test_bench_refuses_a_single_token(capsys) -> None:
    assert run(["bench", "--tokens", "1"]) == 1
    assert "--tokens" in capsys.readouterr().err
