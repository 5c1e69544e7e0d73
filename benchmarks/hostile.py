"""Hostile and malformed inputs of the shapes found in the wild, built from a report text.

Used by the failure and worker tests (through `tests/conftest.py`) and by
`benchmarks/fuzz_inputs.py`: PDFs that make the PDF reader give up (a CID font width
range of 10^11, an unknown stream filter) or return half a surrogate pair, a .docx whose XML unpacks far beyond its
size or carries a "picture" that unpacks to tens of MB, web pages with many blocks or deep
nesting.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

CJK_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
HUGE_WIDTH_RANGE = b"/W [ 127 99999999999 1000"  # first CID, last CID, width: 10^11 CIDs


def typeset_lines(text: str, width: int = 40) -> list[str]:
    """Lines of at most about `width` characters, broken only after punctuation (as a typesetter would)."""
    lines = []
    for paragraph in text.split("\n"):
        line = ""
        for char in paragraph:
            line += char
            if len(line) >= width and char in "，。,;；：:、":
                lines.append(line)
                line = ""
        if line:
            lines.append(line)
    return lines


def report_pdf(text: str, compress: bool = True) -> bytes:
    """A PDF with a text layer (an embedded CJK font, so its widths are a CID /W array)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("wqy", fname=str(CJK_FONT), collection_font_number=0)
    pdf.set_font("wqy", size=9)
    for line in typeset_lines(text):
        pdf.cell(0, 5, text=line, new_x="LMARGIN", new_y="NEXT")
    pdf.set_compression(compress)
    return bytes(pdf.output())


def pdf_with_huge_width_range(text: str) -> bytes:
    """The font's /W array starts with a range of 10^11 CIDs (pypdf: LimitReachedError)."""
    data = report_pdf(text)
    start = data.index(b"/W [") + len(b"/W [")
    return data[: start - len(b"/W [")] + HUGE_WIDTH_RANGE + data[start:]


def pdf_with_unknown_filter(text: str) -> bytes:
    """Every Flate stream claims the filter /Fla8eDecode (pypdf: NotImplementedError)."""
    return report_pdf(text).replace(b"/FlateDecode", b"/Fla8eDecode")


def pdf_with_lone_surrogate(text: str) -> bytes:
    """The font's ToUnicode map sends its first Chinese glyph to U+D800, half a surrogate pair."""
    data = report_pdf(text, compress=False)
    mapping = re.search(rb"(<[0-9A-F]{4}> )<[4-9][0-9A-F]{3}>", data)
    return data[: mapping.start()] + mapping.group(1) + b"<D800>" + data[mapping.end() :]


def report_docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def docx_with_oversized_xml(line: str, xml_mb: int) -> bytes:
    """A small .docx whose word/document.xml unpacks to `xml_mb` MB of paragraphs (they compress ~1000:1)."""
    paragraph = f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>"
    source = zipfile.ZipFile(io.BytesIO(report_docx(line)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            data = source.read(member)
            if member.filename == "word/document.xml":
                body = data.index(b"<w:body>") + len(b"<w:body>")
                repeat = xml_mb * 1024 * 1024 // len(paragraph.encode()) + 1
                data = data[:body] + (paragraph * repeat).encode() + data[body:]
            target.writestr(member, data)
    return buffer.getvalue()


def docx_with_picture_bomb(line: str, picture_mb: int) -> bytes:
    """A small .docx carrying a "picture" of `picture_mb` MB of zeros (python-docx reads every member whole)."""
    buffer = io.BytesIO(report_docx(line))
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/media/image1.png", bytes(picture_mb * 1024 * 1024))
    return buffer.getvalue()


def wide_html(line: str, blocks: int) -> str:
    return "<html><body>" + f"<p>{line}</p>\n" * blocks + "</body></html>"


def deep_html(line: str, depth: int) -> str:
    return "<html><body>" + "<div>" * depth + line + "</div>" * depth + "</body></html>"
