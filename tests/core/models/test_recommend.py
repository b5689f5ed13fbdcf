"""The model suggested to someone on the starter: an instruct model for all three workspaces that fits."""

from __future__ import annotations

from dataclasses import replace

from desktop_app.core.models.catalogue import load_catalogue
from desktop_app.core.models.fit import Verdict
from desktop_app.core.models.recommend import FIRST_DOWNLOAD_BYTES, recommend_instruct_model

GB = 1024**3


def test_a_roomy_computer_gets_the_largest_comfortable_first_download() -> None:
    entries = load_catalogue()

    chosen = recommend_instruct_model(entries, ram_available=32 * GB)

    assert chosen is not None and chosen.verdict is Verdict.FITS
    entry = chosen.entry
    assert set(entry.tasks) >= {"chat", "translate", "draft"} and not entry.gated
    assert entry.size_bytes <= FIRST_DOWNLOAD_BYTES
    comfortable = [e for e in entries if set(e.tasks) >= {"chat", "translate", "draft"}
                   and e.size_bytes <= FIRST_DOWNLOAD_BYTES]
    assert entry.parameters == max(e.parameters for e in comfortable)


def test_a_small_computer_gets_a_smaller_model_that_fits() -> None:
    entries = load_catalogue()
    roomy = recommend_instruct_model(entries, ram_available=32 * GB)

    chosen = recommend_instruct_model(entries, ram_available=int(2.5 * GB))

    assert chosen is not None and chosen.verdict in (Verdict.FITS, Verdict.TIGHT)
    assert chosen.entry.size_bytes < roomy.entry.size_bytes


def test_nothing_is_suggested_when_nothing_fits_or_only_gated_models_would() -> None:
    entries = load_catalogue()

    assert recommend_instruct_model(entries, ram_available=100 * 1024**2) is None
    assert recommend_instruct_model([replace(e, gated=True) for e in entries], ram_available=32 * GB) is None


def test_unknown_memory_still_gets_a_modest_suggestion() -> None:
    chosen = recommend_instruct_model(load_catalogue(), ram_available=None)

    assert chosen is not None and chosen.verdict is Verdict.UNKNOWN
    assert chosen.entry.size_bytes <= FIRST_DOWNLOAD_BYTES
