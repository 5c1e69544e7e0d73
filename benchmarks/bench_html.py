"""Time and peak RSS of web-page text extractors on many blocks and on deep nesting.

Why: the page extractor must be linear in the input. Each extractor runs on each page
in a fresh child process (so peak RSS is its own), with a time limit; the table is
what chose `pipeline/webpage.py` (lxml's parser feeding a target, no tree).

  .venv/bin/python benchmarks/bench_html.py [--timeout 120]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = {
    "20,000 <p>": lambda: "<html><body>" + "<p>在校学生826人，专任教师57人。</p>\n" * 20_000 + "</body></html>",
    "40,000 <p>": lambda: "<html><body>" + "<p>在校学生826人，专任教师57人。</p>\n" * 40_000 + "</body></html>",
    "<div> 20,000 deep": lambda: "<html><body>" + "<div>在校" * 20_000 + "</div>" * 20_000 + "</body></html>",
    "<div> 100,000 deep": lambda: "<html><body>" + "<div>在校" * 100_000 + "</div>" * 100_000 + "</body></html>",
}
HIDDEN = ["script", "style", "noscript", "template", "head"]
BLOCKS = ["p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6",
          "table", "section", "article", "header", "footer", "blockquote", "pre", "title"]


def soup_walk(html: str, parser: str) -> str:
    """The former extractor: a BeautifulSoup tree, hidden parts removed, newlines inserted around blocks."""
    from bs4 import BeautifulSoup, Comment

    soup = BeautifulSoup(html, parser)
    for hidden in soup(HIDDEN):
        hidden.decompose()
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for cell in soup.find_all(["td", "th"]):
        cell.append("\t")
    for block in soup.find_all(BLOCKS):
        block.insert_before("\n")
        block.append("\n")
    lines = (line.strip() for line in soup.get_text().splitlines())
    return "\n".join(line for line in lines if line)


def lxml_tree(html: str) -> str:
    """lxml.html builds the whole tree, then its text is collected (no block newlines: a lower bound)."""
    import lxml.html

    root = lxml.html.document_fromstring(html)
    for element in root.iter(*HIDDEN):
        element.drop_tree()
    return root.text_content()


class StdlibText(HTMLParser):
    """The standard library's event parser: no tree, but pure Python and no tag balancing."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pieces, self.hidden = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in HIDDEN or self.hidden:
            self.hidden += 1
        elif tag in BLOCKS:
            self.pieces.append("\n")

    def handle_endtag(self, tag):
        if self.hidden:
            self.hidden -= 1
        elif tag in BLOCKS:
            self.pieces.append("\n")

    def handle_data(self, data):
        if not self.hidden:
            self.pieces.append(data)


def stdlib_events(html: str) -> str:
    parser = StdlibText()
    parser.feed(html)
    parser.close()
    return "".join(parser.pieces)


def lxml_target(html: str) -> str:
    sys.path.insert(0, str(ROOT))
    from pipeline.webpage import html_text

    return html_text(html)


EXTRACTORS = {
    "bs4 + lxml (former)": lambda html: soup_walk(html, "lxml"),
    "bs4 + html.parser": lambda html: soup_walk(html, "html.parser"),
    "lxml.html tree": lxml_tree,
    "html.parser events": stdlib_events,
    "lxml target (chosen)": lxml_target,
}


def child(extractor: str, page: str) -> None:
    """Run one extractor on one page; print seconds, characters and peak RSS as JSON."""
    import resource

    html = PAGES[page]()
    EXTRACTORS[extractor]("<p>warm</p>")  # imports are not the extractor's time
    started = time.perf_counter()
    try:
        chars = len(EXTRACTORS[extractor](html))
        outcome = "ok"
    except Exception as error:  # what each extractor does with the page is the result
        chars, outcome = 0, type(error).__name__
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": elapsed, "chars": chars, "peak_mib": peak, "outcome": outcome}))


def measure(extractor: str, page: str, timeout: float, depth_limit: str) -> str:
    env = {**os.environ, "REPORTX_MAX_HTML_DEPTH": depth_limit}
    try:
        done = subprocess.run([sys.executable, __file__, "--child", extractor, page], capture_output=True, text=True,
                              timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return f"> {timeout:.0f} s"
    if done.returncode:
        return f"died ({done.returncode})"
    result = json.loads(done.stdout)
    if result["outcome"] != "ok":
        return f"{result['outcome']} after {result['seconds']:.2f} s"
    return f"{result['seconds']:.2f} s, {result['peak_mib']:.0f} MiB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--timeout", type=float, default=120, help="seconds per extractor and page")
    parser.add_argument("--only", nargs="+", choices=list(EXTRACTORS), metavar="NAME", help="measure only these extractors")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    print("| extractor | " + " | ".join(PAGES) + " |")
    print("|---|" + "--:|" * len(PAGES))
    for extractor in args.only or EXTRACTORS:
        cells = [measure(extractor, page, args.timeout, "100000000") for page in PAGES]
        print(f"| {extractor} | " + " | ".join(cells) + " |", flush=True)
    cells = [measure("lxml target (chosen)", page, args.timeout, "") for page in PAGES]
    print("| lxml target, default depth limit | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
