"""How fast a stop reaches the model, through Inkstone's server and through the remote engine (target: 200 ms).

The starter model on llama.cpp, served in this process exactly as `inkstone serve` serves it
(one engine thread, uvicorn on loopback). Prints, over several runs, the median and the worst of:
- client disconnect mid-stream -> the model's generation has ended (the official openai client closes its stream);
- remote engine Stop mid-stream -> generate_chat has returned (what the window waits for);
- remote engine Stop mid-stream -> the server's generation has ended (the server stops producing too);
- remote engine Stop while the server still reads a long prompt (no byte sent yet) -> returned / server stopped.

    .venv/bin/python tools/bench_stop_latency.py [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop_app.core.engine.base import ChatMessage, GenerationParams, LoadOptions  # noqa: E402
from desktop_app.core.engine.llama import LlamaEngine  # noqa: E402
from desktop_app.core.engine.remote import RemoteEngine, RemoteSettings  # noqa: E402
from desktop_app.core.engine.wrapper import EngineWrapper  # noqa: E402
from desktop_app.core.models.starter import starter_model_path  # noqa: E402
from desktop_app.core.serve.config import ServeConfig  # noqa: E402
from desktop_app.core.serve.gate import EngineWorker  # noqa: E402
from desktop_app.core.serve.server import ServerThread  # noqa: E402
from desktop_app.core.serve.token import ApiToken  # noqa: E402


class Timed(EngineWrapper):
    """Notes when each generation returns, as the server's engine thread sees it."""

    def __init__(self, engine: LlamaEngine) -> None:
        super().__init__(engine)
        self.ended = threading.Event()
        self.ended_at = 0.0

    def generate(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.ended.clear()
        try:
            return self.engine.generate(*args, **kwargs)
        finally:
            self.ended_at = time.perf_counter()
            self.ended.set()


def disconnect(base_url: str, engine: Timed) -> float:
    import openai

    client = openai.OpenAI(base_url=base_url, api_key="bench", max_retries=0)
    stream = client.completions.create(model="m", prompt="1, 2, 3, 4, 5, 6,", max_tokens=2000, temperature=0,
                                       stream=True)
    for count, _chunk in enumerate(stream, 1):
        if count == 20:
            break
    closed = time.perf_counter()
    stream.close()
    engine.ended.wait(30)
    return engine.ended_at - closed


def remote_stop(base_url: str, engine: Timed, prompt: str, after_pieces: int,
                after_seconds: float) -> tuple[float, float]:
    remote = RemoteEngine()
    remote.connect(RemoteSettings(base_url, "bench"))
    cancel = threading.Event()
    pressed = [0.0]
    pieces = [0]

    def press() -> None:
        pressed[0] = time.perf_counter()
        cancel.set()

    def on_text(_piece: str) -> None:
        pieces[0] += 1
        if after_pieces and pieces[0] == after_pieces:
            press()

    if not after_pieces:
        threading.Timer(after_seconds, press).start()
    remote.generate_chat([ChatMessage("user", prompt)], GenerationParams(max_tokens=400, temperature=0), on_text,
                         cancel)
    returned = time.perf_counter()
    engine.ended.wait(30)
    remote.unload()
    return returned - pressed[0], engine.ended_at - pressed[0]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    engine = Timed(LlamaEngine())
    engine.load(starter_model_path(), LoadOptions(n_ctx=4096))
    worker = EngineWorker(engine)
    server = ServerThread(worker, ApiToken("bench"), ServeConfig(port=0))
    server.start()
    long_prompt = "Summarise this text. " + "The quick brown fox jumps over the lazy dog. " * 300
    figures: dict[str, list[float]] = {name: [] for name in (
        "client disconnect -> server generation ended",
        "remote Stop mid-answer -> returned",
        "remote Stop mid-answer -> server generation ended",
        "remote Stop while the server reads the prompt -> returned",
        "remote Stop while the server reads the prompt -> server generation ended",
    )}
    names = list(figures)
    try:
        for _ in range(args.runs):
            figures[names[0]].append(disconnect(server.address, engine))
            back, server_end = remote_stop(server.address, engine, "Write a long story about a dragon.", 10, 0)
            figures[names[1]].append(back)
            figures[names[2]].append(server_end)
            back, server_end = remote_stop(server.address, engine, long_prompt, 0, 0.15)
            figures[names[3]].append(back)
            figures[names[4]].append(server_end)
    finally:
        server.stop()
        worker.close()
        engine.unload()
    print(f"Stop latency, starter model on llama.cpp, {args.runs} runs (target: 200 ms)")
    for name, values in figures.items():
        print(f"  {name:<72} median {statistics.median(values) * 1000:6.1f} ms   worst {max(values) * 1000:6.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
