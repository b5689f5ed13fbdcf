"""`inkstone bench`: Inkstone's generation speed next to bare llama-cpp-python, same run, same settings."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    bench = subparsers.add_parser(
        "bench",
        help="measure tokens/s and time to first token against bare llama-cpp-python",
        description="Loads the model twice (Inkstone's engine and a bare llama_cpp.Llama with the same "
        "settings), generates the same text with both, alternating runs, and prints the medians.",
    )
    bench.add_argument("--model", metavar="PATH", help="GGUF model file (default: the starter model)")
    bench.add_argument("--tokens", type=int, default=128, metavar="N", help="tokens to generate per run (default 128)")
    bench.add_argument("--runs", type=int, default=3, metavar="N", help="runs per side (default 3)")
    bench.add_argument("--ctx", type=int, default=2048, metavar="N", help="context window (default 2048)")
    bench.add_argument("--threads", type=int, default=None, metavar="N", help="generation threads (default: physical cores)")
    bench.add_argument("--window", action="store_true",
                       help="measure the real window instead (offscreen): launch, long chats, streaming against "
                            "bare llama-cpp-python, first-token times, switching chats, Stop")
    bench.add_argument("--messages", type=int, default=1_000_000, metavar="N",
                       help="with --window: messages in the benchmark's store (default 1,000,000)")
    bench.add_argument("--conversations", type=int, default=10_000, metavar="N",
                       help="with --window: conversations in the benchmark's store (default 10,000)")
    bench.set_defaults(func=run_bench_command)


def run_bench_command(args: argparse.Namespace) -> int:
    from desktop_app.core.engine.base import LoadOptions
    from desktop_app.core.engine.benchmark import BenchResult, run_bench
    from desktop_app.core.errors import InkstoneError
    from desktop_app.core.models.starter import starter_model_path

    if args.window:
        return run_window_bench_command(args)
    if args.tokens < 2 or args.runs < 1:
        raise InkstoneError("--tokens must be at least 2 and --runs at least 1.")
    path = Path(args.model).expanduser() if args.model else starter_model_path()
    options = LoadOptions(n_ctx=args.ctx, n_threads=args.threads)
    result = run_bench(path, args.tokens, args.runs, options, progress=lambda line: print(line, file=sys.stderr))

    model = result.model
    median = BenchResult.median
    ours_rate, raw_rate = median(result.inkstone, "tokens_per_second"), median(result.raw, "tokens_per_second")
    ours_ttft, raw_ttft = median(result.inkstone, "time_to_first_token"), median(result.raw, "time_to_first_token")
    ours_best = max(r.tokens_per_second for r in result.inkstone)
    raw_best = max(r.tokens_per_second for r in result.raw)
    print(f"model   {model.name} ({model.path.name})")
    print(f"backend {model.backend}, {model.n_threads} threads, n_gpu_layers {model.n_gpu_layers}, n_ctx {model.n_ctx}")
    print(f"prompt  {result.prompt_tokens} tokens; {args.tokens} new tokens; {args.runs} runs each")
    print(f"{'':18}{'tok/s':>9}{'best tok/s':>12}{'first token':>14}")
    print(f"{'Inkstone':18}{ours_rate:9.1f}{ours_best:12.1f}{ours_ttft * 1000:11.0f} ms")
    print(f"{'llama-cpp-python':18}{raw_rate:9.1f}{raw_best:12.1f}{raw_ttft * 1000:11.0f} ms")
    print(
        f"{'ratio (ours/raw)':18}{_ratio(ours_rate, raw_rate):9.2f}{_ratio(ours_best, raw_best):12.2f}"
        f"{_ratio(ours_ttft, raw_ttft):14.2f}"
    )
    print("(tok/s and first token are medians; tok/s counts the tokens after the first)")
    if not result.same_text:
        print("note: the two sides wrote different text, so the figures are not strictly like for like")
    return 0


def run_window_bench_command(args: argparse.Namespace) -> int:
    import os

    from desktop_app.core.errors import InkstoneError

    if args.conversations < 5 or args.messages < args.conversations + 200:
        raise InkstoneError("--window needs at least 5 conversations and 200 messages more than conversations.")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from desktop_app.ui.window_bench import run_window_bench

    path = Path(args.model).expanduser() if args.model else None
    figures = run_window_bench(path, messages=args.messages, conversations=args.conversations,
                               progress=lambda line: print(line, file=sys.stderr, flush=True))
    width = max(len(f.label) for f in figures)
    print(f"{'measure':{width}}  {'target':26}  result")
    for figure in figures:
        mark = {True: "ok  ", False: "MISS", None: "    "}[figure.met]
        print(f"{figure.label:{width}}  {figure.target:26}  {mark} {figure.value}")
    return 0


def _ratio(ours: float, raw: float) -> float:
    return ours / raw if raw else float("nan")
