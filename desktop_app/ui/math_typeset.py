"""LaTeX to SVG with ziamath (pure Python, its own STIX maths font): no web engine, no TeX install.

The one module that imports ziamath, lazily (it is only needed once a formula shows up).
A formula is typeset once per (LaTeX, display) and kept: the stream's open tail is rendered
again every frame, and a conversation shown again renders its messages again. What cannot be
typeset, or would show an unknown command as its name, gives None, and the caller shows the
source as code instead. No Qt here: markdown_render decides with it what HTML to write.
"""

from __future__ import annotations

import functools
import logging
import re
import traceback
import warnings
from dataclasses import dataclass

__all__ = ["Typeset", "typeset", "EM"]

EM = 16.0  # font size formulas are typeset at, in SVG units; the view scales them to its own
_UNKNOWN_COMMAND = re.compile(r"<m[io][^>]*>\\[A-Za-z]")  # latex2mathml writes an unknown \cmd as its name
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Typeset:
    """A formula as black-on-transparent SVG; sizes in SVG units at EM."""

    svg: str
    width: float
    height: float
    baseline: float  # from the top


@functools.lru_cache(maxsize=1024)
def typeset(latex: str, display: bool) -> Typeset | None:
    """The formula drawn, or None if ziamath cannot read it."""
    try:
        with warnings.catch_warnings():  # ziamath 0.13 finds its font through a deprecated call on import
            warnings.simplefilter("ignore", DeprecationWarning)
            import ziamath

        ziamath.config.svg2 = False  # plain paths: Qt's SVG renderer (SVG Tiny) has no <symbol>
        math = ziamath.Latex(latex, size=EM, inline=not display)
        if _UNKNOWN_COMMAND.search(math.mathmlstr()):
            return None
        svg = math.svg()
        box, margin = math.node.bbox, math.margin
    except Exception as exc:  # latex2mathml and ziamath raise many kinds; any of them means "not maths"
        # the traceback's frames, not its message: that would quote the model's text
        _log.debug("A formula could not be typeset (%s):\n%s", type(exc).__name__,
                   "".join(traceback.format_tb(exc.__traceback__)))
        return None
    return Typeset(
        svg=svg,
        width=box.xmax - box.xmin + 2 * margin,
        height=box.ymax - box.ymin + 2 * margin,
        baseline=box.ymax + margin,
    )
