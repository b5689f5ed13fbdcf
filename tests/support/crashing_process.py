"""A child process that records a model in the load guard, then dies the way llama.cpp would kill it."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CHILD = textwrap.dedent(
    """
    import os, resource, signal, sys
    from pathlib import Path
    from desktop_app.core.models.load_guard import LoadGuard

    folder, model, stage, ending = sys.argv[1:5]
    guard = LoadGuard(Path(folder))
    guard.begin(Path(model))
    if stage == "first answer":
        guard.loaded()
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # no core file from the abort
    if ending == "abort":
        os.abort()  # what a failed GGML_ASSERT does
    elif ending == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    elif ending == "wait":
        print("recorded", flush=True)
        sys.stdin.readline()
    """
)


def start(folder: Path, model: Path, stage: str, ending: str, **popen: object) -> subprocess.Popen:
    """`stage`: "load" or "first answer"; `ending`: "abort", "kill", "wait" (for a line on stdin) or "exit"."""
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, str(folder), str(model), stage, ending],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        **popen,  # type: ignore[arg-type]
    )


def run(folder: Path, model: Path, stage: str, ending: str) -> int:
    """Run the child to its end; its return code (negative: the signal that killed it)."""
    return start(folder, model, stage, ending).wait(timeout=60)
