"""One report saved in every format and encoding reportx reads gives the same facts,
and every fact's span is exact in the text reportx keeps with the source."""

from __future__ import annotations

import io
import os
from collections import Counter
from pathlib import Path

import opencc
import pytest

from benchmarks import hostile
from pipeline.ingest import docx_text, read_source
from pipeline.normalise import normalise
from pipeline.run import extract_source, process_file
from pipeline.webpage import html_text

# Markup that must never reach the facts: scripts and styles are not visible text.
HIDDEN_HTML = '<script>var total = "999人";</script><style>.x:after{content:"888人"}</style>'


@pytest.fixture(scope="module")
def report_text(sample_result) -> str:
    """Report 1 of the samples as clean simplified text, one paragraph per line."""
    source, report = sample_result.source, sample_result.reports[0]
    return normalise(source.text[report.span[0] : report.span[1]]).text


def _pdf(text: str) -> bytes:
    if not hostile.CJK_FONT.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"CJK font missing: {hostile.CJK_FONT} (install fonts-wqy-microhei)")
        pytest.skip("no CJK font to build a PDF with")
    return hostile.report_pdf(text)


def _html(text: str) -> bytes:
    body = "".join(f"<p>{line}</p>\n" for line in text.split("\n"))
    page = f'<!doctype html><html><head><meta charset="gbk"><title>报告</title>{HIDDEN_HTML}</head><body>{HIDDEN_HTML}{body}</body></html>'
    return page.encode("gbk")


VARIANTS = {
    "utf-8.txt": lambda text: text.encode("utf-8"),
    "utf-8-bom.txt": lambda text: text.encode("utf-8-sig"),
    "gb18030.txt": lambda text: text.encode("gb18030"),
    "big5-traditional.txt": lambda text: opencc.OpenCC("s2tw").convert(text).encode("big5"),
    "utf-16.txt": lambda text: text.encode("utf-16"),
    "report.docx": hostile.report_docx,
    "report.pdf": _pdf,
    "report.html": _html,
}
EXPECTED_ENCODING = {"utf-8.txt": "utf-8", "utf-8-bom.txt": "utf-8-sig", "gb18030.txt": "gb18030",
                     "big5-traditional.txt": "big5", "utf-16.txt": "utf-16"}


def _facts(source) -> Counter:
    return Counter((f.kind, f.value, f.value_max, f.unit) for r in extract_source(source) for f in r.facts)


@pytest.fixture(scope="module")
def expected(tmp_path_factory, report_text) -> Counter:
    path = tmp_path_factory.mktemp("plain") / "plain.txt"
    path.write_text(report_text, encoding="utf-8")
    return _facts(read_source(path))


@pytest.mark.parametrize("name", list(VARIANTS))
def test_every_format_gives_the_same_facts_with_exact_spans(tmp_path, name, report_text, expected):
    path = tmp_path / name
    path.write_bytes(VARIANTS[name](report_text))
    result = process_file(path)
    assert result.ok, result.failure
    source = result.source
    assert source.format == {"docx": "docx", "pdf": "pdf", "html": "html"}.get(path.suffix[1:], "text")
    if name in EXPECTED_ENCODING:
        assert source.encoding == EXPECTED_ENCODING[name]
    assert source.size == len(path.read_bytes())
    facts = Counter((f.kind, f.value, f.value_max, f.unit) for r in result.reports for f in r.facts)
    assert facts == expected, f"differs: missing {expected - facts}, extra {facts - expected}"
    for report in result.reports:
        for fact in report.facts:
            assert source.text[fact.start : fact.end] == fact.text


# page → its visible text: blocks on their own lines, a cell followed by a tab, no comments or hidden parts
PAGES = {
    "<table><tr><td>项目</td><td>数量</td></tr><tr><th>在校学生</th><td>826人</td></tr></table>": "项目\t数量\n在校学生\t826人",
    "<p>学生<!-- 999人 -->826人</p><noscript>888人</noscript><template>777人</template>": "学生826人",
    "<p>一<p>二<br>三<div>四 &amp; &#20154;<b>五</b>六</div>七": "一\n二\n三\n四 & 人五六\n七",
    "<title>报告</title><ul><li>甲<li>乙</ul>": "甲\n乙",
}
# (blocks, nesting): pages as wide and as deep as the ones that made a tree-walking extractor quadratic
SHAPES = [(40_000, 1), (1, 100_000)]


@pytest.mark.parametrize("page", list(PAGES), ids=[f"page{n}" for n in range(len(PAGES))])
def test_html_text_of_each_page_shape(page):
    assert html_text(page) == PAGES[page]


@pytest.mark.parametrize(("blocks", "depth"), SHAPES, ids=[f"{b}x{d}" for b, d in SHAPES])
def test_html_text_keeps_every_block_of_wide_and_deep_pages(blocks, depth, monkeypatch):
    from pipeline.limits import LIMITS

    monkeypatch.setenv(LIMITS["HTML nesting"].env, str(depth + 10))
    page = "<body>" + ("<div>" * depth + "在校学生826人" + "</div>" * depth + "\n") * blocks + "</body>"
    assert html_text(page).split("\n") == ["在校学生826人"] * blocks


def test_html_keeps_visible_text_only(tmp_path, report_text):
    path = tmp_path / "page.html"
    path.write_bytes(_html(report_text))
    text = read_source(path).text
    assert "999人" not in text and "888人" not in text and "<p>" not in text
    assert report_text.split("\n")[0] in text


def test_docx_reads_paragraphs_and_tables_in_document_order():
    import docx

    document = docx.Document()
    document.add_paragraph("一、基本情况")
    table = document.add_table(rows=2, cols=2)
    for row, cells in zip(table.rows, [("项目", "数量"), ("在校学生", "826人")], strict=True):
        for cell, value in zip(row.cells, cells, strict=True):
            cell.text = value
    document.add_paragraph("二、存在问题")
    buffer = io.BytesIO()
    document.save(buffer)
    assert docx_text(buffer.getvalue()).split("\n") == ["一、基本情况", "项目\t数量", "在校学生\t826人", "二、存在问题"]


def test_source_record_identifies_the_bytes(sample_source):
    import hashlib

    data = Path(sample_source.path).read_bytes()
    assert sample_source.sha256 == hashlib.sha256(data).hexdigest()
    assert sample_source.size == len(data)
    assert (sample_source.format, sample_source.encoding) == ("text", "utf-8")
