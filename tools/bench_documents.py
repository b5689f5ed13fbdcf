"""Documents benchmark: indexing rate, query latency at 10k and 100k chunks, recall@5 (English and
Chinese) on tools/documents_eval, and the time to re-index one edited 20-page PDF.

    python tools/bench_documents.py            # everything (about two minutes on 2 cores)
    python tools/bench_documents.py --quick    # no 100k-chunk latency

It prints figures, with the targets beside them; it asserts nothing. Everything runs in a temporary
data folder with the default embedding model (all-MiniLM-L6-v2, prepared from its PyPI package).
Other work on the same cores shows up in every figure: run it on a quiet machine.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
EVAL = ROOT / "tools" / "documents_eval"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="skip the 100,000-chunk latency")
    args = parser.parse_args()
    os.environ["INKSTONE_DATA_DIR"] = tempfile.mkdtemp(prefix="inkstone-bench-docs-")

    from desktop_app.core.documents.library import DocumentLibrary
    from desktop_app.core.models.embedding_starter import embedding_starter_path
    from desktop_app.core.store import Store

    started = time.perf_counter()
    model = embedding_starter_path()
    print(f"Embedding model: {model.name} (prepared in {time.perf_counter() - started:.1f} s if it was new)")
    rows: list[tuple[str, str, str]] = []
    with Store() as store:
        library = DocumentLibrary(store)
        try:
            rows += embedding_call_shapes(library)
            rows += indexing_rate(library)
            rows += recall(library)
            rows += reindex_edited_pdf(library)
        finally:
            library.close()
    for size in ([10_000] if args.quick else [10_000, 100_000]):
        rows += query_latency(size)
    print()
    if hasattr(os, "getloadavg"):
        print(f"{os.cpu_count()} cores; load average at the end {os.getloadavg()[0]:.1f} (other work slows every figure)")
    width = max(len(r[0]) for r in rows)
    for name, value, target in rows:
        print(f"{name:<{width}}  {value:>14}  {target}")
    return 0


def _wait(library, timeout: float = 600) -> None:  # noqa: ANN001
    from desktop_app.core.documents.worker import wait_until_indexed

    if not wait_until_indexed(library.worker, library.docs, timeout):
        raise SystemExit(f"indexing did not finish: {library.worker.progress}")


def embedding_call_shapes(library) -> list[tuple[str, str, str]]:  # noqa: ANN001
    """One text per llama.cpp call against eight packed into one call, on the same 64 chunk-sized texts."""
    from desktop_app.core.models.embedding_starter import EMBEDDING_STARTER_KEY

    texts = [" ".join(f"Paragraph {i} explains how sediment moves along the river bed in spring." for _ in range(9))
             for i in range(64)]
    library.embedder.embed(EMBEDDING_STARTER_KEY, texts[:2])  # load the model first
    embedder = library.embedder._embedder
    llm = embedder._llm
    start = time.perf_counter()
    for text in texts:
        llm.embed(text, normalize=True)
    single = len(texts) / (time.perf_counter() - start)
    start = time.perf_counter()
    for i in range(0, len(texts), 8):
        llm.embed(texts[i : i + 8], normalize=True)
    packed = len(texts) / (time.perf_counter() - start)
    return [("embedding, one text per call", f"{single:.1f} texts/s", "(chosen)" if single >= packed else ""),
            ("embedding, eight texts per call", f"{packed:.1f} texts/s", "")]


def indexing_rate(library) -> list[tuple[str, str, str]]:  # noqa: ANN001
    folder = Path(tempfile.mkdtemp(prefix="rate-"))
    rng = random.Random(7)
    words = "river delta silt tide harbour lock canal barge towpath mill weir bridge ferry quay".split()
    for n in range(12):
        paragraphs = [" ".join(rng.choice(words) for _ in range(120)) + "." for _ in range(20)]
        (folder / f"notes{n}.md").write_text(f"# Notes {n}\n\n" + "\n\n".join(paragraphs), encoding="utf-8")
    collection = library.collection("Rate")
    start = time.perf_counter()
    library.start()
    library.add([folder], collection)
    _wait(library)
    seconds = time.perf_counter() - start
    chunks = library.docs.chunk_count([collection.id])
    return [("indexing rate (MiniLM, whole pipeline)", f"{chunks / seconds:.1f} chunks/s",
             f"target >= 12 ({chunks} chunks in {seconds:.1f} s)")]


def recall(library) -> list[tuple[str, str, str]]:  # noqa: ANN001
    from desktop_app.core.documents.keywords import fts_query, query_terms

    questions = json.loads((EVAL / "questions.json").read_text(encoding="utf-8"))
    collection = library.collection("Eval")
    library.add([EVAL / "corpus"], collection)
    _wait(library)
    hits: dict[str, dict[str, list[bool]]] = {}
    for q in questions:
        def found(passages: list[tuple[str, str]]) -> bool:
            return any(Path(path).name == q["file"] and q["answer"] in text for path, text in passages[:5])

        hybrid = [(p.path, p.text) for p in library.retriever.search(q["question"], [collection.id], 5)]
        ids, _ = library.retriever._vector_ranking(q["question"], [collection])
        terms = query_terms(q["question"])
        keyword_ids = [cid for cid, _ in library.docs.keyword_search(fts_query(terms), terms, [collection.id], 5)]
        records = library.docs.chunks(ids[:5] + keyword_ids)
        vector = [(records[i].path, records[i].text) for i in ids[:5] if i in records]
        keyword = [(records[i].path, records[i].text) for i in keyword_ids if i in records]
        for side, passages in (("hybrid", hybrid), ("vector only", vector), ("keyword only", keyword)):
            hits.setdefault(side, {}).setdefault(q["lang"], []).append(found(passages))
    rows = []
    for side in ("hybrid", "vector only", "keyword only"):
        for lang in ("en", "zh"):
            values = hits[side][lang]
            target = "target >= 0.85" if side == "hybrid" else ""
            rows.append((f"recall@5 {side}, {'English' if lang == 'en' else 'Chinese'} ({len(values)} questions)",
                         f"{sum(values) / len(values):.2f}", target))
    return rows


def reindex_edited_pdf(library) -> list[tuple[str, str, str]]:  # noqa: ANN001
    from tests.support.documents import write_pdf

    folder = Path(tempfile.mkdtemp(prefix="pdf-"))
    rng = random.Random(3)
    words = "contract party clause payment notice term renewal liability invoice schedule annex".split()

    def pages(edited: bool) -> list[str]:
        out = []
        for page in range(20):
            lines = [" ".join(rng.choice(words) for _ in range(12)) for _ in range(40)]
            if edited and page == 7:
                lines[3] = "The notice period is now ninety days."
            out.append("\n".join(lines))
        return out

    rng.seed(3)
    pdf = write_pdf(folder / "contract.pdf", pages(False))
    (folder / "other.md").write_text("# Other\n\nUnrelated notes.", encoding="utf-8")
    collection = library.collection("Edit")
    library.add([folder], collection)
    _wait(library)
    other = next(f for f in library.docs.files(collection_id=collection.id) if f.path.endswith("other.md"))
    rng.seed(3)
    write_pdf(pdf, pages(True))
    start = time.perf_counter()
    library.worker.rescan()
    _wait(library)
    seconds = time.perf_counter() - start
    after = next(f for f in library.docs.files(collection_id=collection.id) if f.path.endswith("other.md"))
    edited = next(f for f in library.docs.files(collection_id=collection.id) if f.path.endswith("contract.pdf"))
    untouched = "the other file untouched" if after.generation == other.generation else "THE OTHER FILE WAS REDONE"
    return [("re-index one edited 20-page PDF", f"{seconds:.2f} s",
             f"target <= 5 s ({edited.chunks_total} chunks, {untouched})")]


def query_latency(size: int) -> list[tuple[str, str, str]]:
    """Search latency on `size` synthetic chunks (random unit vectors, random words) in a fresh database."""
    import numpy as np

    from desktop_app.core.documents.keywords import keyword_text
    from desktop_app.core.documents.library import DocumentLibrary
    from desktop_app.core.models.embedding_starter import EMBEDDING_STARTER_KEY
    from desktop_app.core.store import Store
    from desktop_app.core.store.document_schema import NewChunk

    os.environ["INKSTONE_DATA_DIR"] = tempfile.mkdtemp(prefix=f"inkstone-bench-{size}-")
    rng = np.random.default_rng(11)
    vocabulary = [f"w{n}" for n in range(20_000)] + ["押金", "租金", "合同", "退还", "river", "deposit", "kettle"]
    with Store() as store:
        library = DocumentLibrary(store)
        collection = library.collection("Synthetic", EMBEDDING_STARTER_KEY)
        source = library.docs.add_source(collection.id, "/synthetic")
        start = time.perf_counter()
        per_file = 1000
        for n in range(size // per_file):
            record = library.docs.add_file(source.id, f"/synthetic/file{n}.txt", 1, 0.0)
            vectors = rng.standard_normal((per_file, 384)).astype(np.float32)
            vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
            chunks = []
            for i in range(per_file):
                text = " ".join(vocabulary[j] for j in rng.integers(0, len(vocabulary), 60))
                chunks.append(NewChunk(text, "", None, 0, len(text), vectors[i].tobytes(), keyword_text("", text)))
            library.docs.finish_file(record.id, f"h{n}", None, chunks)
        built = time.perf_counter() - start
        queries = ["When is the deposit returned?", "押金什么时候退还？", "w123 w456 river", "kettle descaling"]
        start = time.perf_counter()
        library.search(queries[0], [collection.id], 5)
        cold = time.perf_counter() - start
        for query in queries:  # warm SQLite's page cache for each kind of query
            library.search(query, [collection.id], 5)
        times = []
        for _ in range(5):
            for query in queries:
                start = time.perf_counter()
                library.search(query, [collection.id], 5)
                times.append(time.perf_counter() - start)
        library.close()
    median, worst = statistics.median(times) * 1000, max(times) * 1000
    return [(f"query latency at {size:,} chunks (median / max)", f"{median:.0f} / {worst:.0f} ms",
             f"target <= 150 ms (first query, reading the vectors: {cold * 1000:.0f} ms; "
             f"database built in {built:.0f} s)")]


if __name__ == "__main__":
    raise SystemExit(main())
