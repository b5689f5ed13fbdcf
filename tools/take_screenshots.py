"""Screenshots of every workspace, light and dark, at 1280×800, for resources/screenshots/ and the README.

    python tools/take_screenshots.py [--out resources/screenshots] [--only chat]

Each shot runs the real `inkstone` in a real window on a virtual screen through
../shared/tools/screenshot (Xvfb, CJK fonts), on a throw-away data folder filled with a few
sample conversations, a translation and a draft, so the pictures show the app in use.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
# ../shared/tools/screenshot beside the clone (or beside a folder above it, for a git worktree)
SCREENSHOT = next((p / "shared" / "tools" / "screenshot" for p in ROOT.parents
                   if (p / "shared" / "tools" / "screenshot").exists()), ROOT.parent / "shared" / "tools" / "screenshot")
WORKSPACES = {"chat": "ctrl+1", "translate": "ctrl+2", "draft": "ctrl+3", "documents": "ctrl+4",
              "models": "ctrl+5", "settings": "ctrl+comma"}

ANSWER = """The three ideas to keep apart are **latency**, **throughput** and **memory**:

| | What it measures | Where it comes from |
|---|---|---|
| Latency | time to the first token | reading the prompt |
| Throughput | tokens per second | memory bandwidth |

> A 4-bit model needs about half a byte per weight.

```python
def tokens_per_second(tokens: int, seconds: float) -> float:
    return tokens / seconds
```

The memory needed is roughly $n \\times b / 8$ bytes for $n$ weights of $b$ bits."""


def sample_data(folder: Path, theme: str) -> None:
    from desktop_app.core.store import Store

    (folder / "settings.json").write_text(json.dumps({"theme": theme}), encoding="utf-8")
    with Store(folder / "inkstone.sqlite3") as store:
        exchanges = [
            ("Trip to Hangzhou", "What should I see in Hangzhou in two days?",
             "Start with **West Lake** at sunrise, then Lingyin Temple; on day two, the tea fields of Longjing."),
            ("周报草稿", "帮我把这周的工作整理成三点。", "1. 完成了翻译功能的测试。\n2. 修复了两个崩溃问题。\n3. 准备了下周的演示。"),
            ("Why local models", "How fast can a small model run on a laptop?", ANSWER),
        ]
        for title, question, answer in exchanges:
            conversation, _question, reply = store.add_exchange(None, question, title=title, model="Gemma 3 270M")
            store.finish_message(reply.id, answer, "complete")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "resources" / "screenshots")
    parser.add_argument("--only", choices=sorted(WORKSPACES), action="append")
    parser.add_argument("--wait", type=float, default=8)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for theme in ("light", "dark"):
        for name, keys in WORKSPACES.items():
            if args.only and name not in args.only:
                continue
            with tempfile.TemporaryDirectory(prefix="inkstone-shot-") as tmp:
                sample_data(Path(tmp), theme)
                # this checkout's code, whichever checkout the venv was installed from
                env = dict(os.environ, INKSTONE_DATA_DIR=tmp, INKSTONE_LANG="en",
                           PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
                target = args.out / f"{name}-{theme}.png"
                command = [str(SCREENSHOT), str(target), "--size", "1280x800", "--wait", str(args.wait)]
                if name != "chat":
                    command += ["--keys", keys]
                subprocess.run([*command, "--", sys.executable, "-m", "desktop_app"], env=env, check=True)
                print(target)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
