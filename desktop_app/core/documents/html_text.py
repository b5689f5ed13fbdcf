"""The readable text of an HTML page, with its h1-h6 headings, by the standard library's parser."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from desktop_app.core.documents.extract import Extracted, Heading

_SKIP = frozenset({"script", "style", "noscript", "template", "head", "svg", "iframe"})
_BLOCK = frozenset({
    "p", "div", "section", "article", "header", "footer", "main", "aside", "nav", "li", "ul", "ol", "table",
    "tr", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "br", "hr", "dd", "dt", "figcaption",
})


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[int, str]] = []  # (heading level or 0, text)
        self._current: list[str] = []
        self._level = 0
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs) -> None:  # noqa: ANN001
        if tag in _SKIP:
            self._skipping += 1
        elif tag in _BLOCK:
            self._flush()
            if re.fullmatch(r"h[1-6]", tag):
                self._level = int(tag[1])

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCK or tag in ("td", "th"):
            if tag in ("td", "th"):
                self._current.append(" ")
                return
            self._flush()

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self._current.append(data)

    def _flush(self) -> None:
        text = " ".join("".join(self._current).split())
        if text:
            self.blocks.append((self._level, text))
        self._current.clear()
        self._level = 0

    def close(self) -> None:
        super().close()
        self._flush()


def html_to_extracted(html: str) -> Extracted:
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    parts: list[str] = []
    headings: list[Heading] = []
    offset = 0
    for level, text in collector.blocks:
        if level:
            headings.append(Heading(offset, level, text))
        parts.append(text)
        offset += len(text) + 2
    return Extracted("\n\n".join(parts), tuple(headings))
