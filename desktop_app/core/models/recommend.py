"""Which catalogue model to suggest to someone still on the starter base model.

An instruct model good at all three workspaces (chat, translation, drafting), free to download
(not gated), that fits this computer with room to spare and is a reasonable first download;
among those, the one with the most parameters (the catalogue's order breaks ties). When none
fits comfortably, the smallest that fits at all; when nothing fits, no suggestion.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.core.models.catalogue import CatalogueEntry
from desktop_app.core.models.catalogue_fit import catalogue_verdict
from desktop_app.core.models.fit import MemoryEstimate, Verdict

WORKSPACE_TASKS = ("chat", "translate", "draft")
FIRST_DOWNLOAD_BYTES = 3 * 1024**3  # past this, a first model takes too long to arrive to be the suggestion
SUGGESTION_CONTEXT = 4096  # the context the fit is judged at, as the catalogue tab does


@dataclass(frozen=True)
class Recommendation:
    entry: CatalogueEntry
    verdict: Verdict
    estimate: MemoryEstimate


def recommend_instruct_model(
    entries: list[CatalogueEntry], ram_available: int | None, gpu_free: int = 0, n_ctx: int = SUGGESTION_CONTEXT
) -> Recommendation | None:
    candidates = [
        Recommendation(entry, *catalogue_verdict(entry, n_ctx, ram_available, gpu_free))
        for entry in entries
        if not entry.gated and not entry.is_embedding and all(task in entry.tasks for task in WORKSPACE_TASKS)
    ]
    comfortable = [c for c in candidates
                   if c.verdict in (Verdict.FITS, Verdict.UNKNOWN) and c.entry.size_bytes <= FIRST_DOWNLOAD_BYTES]
    if comfortable:
        return max(comfortable, key=lambda c: (c.entry.parameters, -candidates.index(c)))
    fitting = [c for c in candidates if c.verdict in (Verdict.FITS, Verdict.TIGHT)]
    if fitting:
        return min(fitting, key=lambda c: (c.entry.size_bytes, candidates.index(c)))
    return None
