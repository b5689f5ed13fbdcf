"""`inkstone diagnostics`: the report Help › Copy Diagnostics copies, printed for a bug report."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    diagnostics = subparsers.add_parser(
        "diagnostics", help="print versions, hardware, the last log lines and the last crash for a bug report"
    )
    diagnostics.set_defaults(func=run_diagnostics)


def run_diagnostics(args: argparse.Namespace) -> int:
    from desktop_app.core.diagnostics import diagnostics_report
    from desktop_app.core.paths import data_dir

    print(diagnostics_report(data_dir()), end="")
    return 0
