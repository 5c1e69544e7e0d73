"""The visible text of a web page, in one streaming pass: time linear in the page, memory in its text.

lxml's HTML parser calls a target object for each tag and text run, without building
a tree; a tree-walking extractor (BeautifulSoup) was quadratic on many blocks and deep
nesting (`benchmarks/bench_html.py` has the numbers). The nesting depth is counted on
the way and a page deeper than the limit is refused as soon as it gets there.
"""

from __future__ import annotations

from lxml import etree

from pipeline.limits import check_limit

HIDDEN_TAGS = frozenset({"script", "style", "noscript", "template", "head"})
BLOCK_TAGS = frozenset({
    "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6",
    "table", "section", "article", "header", "footer", "blockquote", "pre", "title",
})
CELL_TAGS = frozenset({"td", "th"})


class VisibleText:
    """lxml parser target: text outside hidden elements; blocks on their own lines, cells followed by a tab."""

    def __init__(self) -> None:
        self.pieces: list[str] = []
        self.depth = 0
        self.hidden = 0  # depth inside hidden elements

    def start(self, tag: str, attrib) -> None:
        self.depth += 1
        check_limit("HTML nesting", self.depth)
        if tag in HIDDEN_TAGS or self.hidden:
            self.hidden += 1
        elif tag in BLOCK_TAGS:
            self.pieces.append("\n")

    def end(self, tag: str) -> None:
        self.depth -= 1
        if self.hidden:
            self.hidden -= 1
        elif tag in BLOCK_TAGS:
            self.pieces.append("\n")
        elif tag in CELL_TAGS:
            self.pieces.append("\t")

    def data(self, text: str) -> None:
        if not self.hidden:
            self.pieces.append(text)

    def comment(self, text: str) -> None:
        """Comments are not visible text."""

    def close(self) -> str:
        lines = (line.strip() for line in "".join(self.pieces).splitlines())
        return "\n".join(line for line in lines if line)


def html_text(html: str) -> str:
    """Visible text of a web page: no scripts, styles or comments; blocks on their own lines."""
    parser = etree.HTMLParser(target=VisibleText(), huge_tree=True)
    parser.feed(html)
    return parser.close()
