"""Find report files and read each into a `Source`: identity, format, encoding and text.

For .docx/.pdf/.html the text reportx extracts is kept in the Source, because
fact offsets point into exactly that text; re-runs and reviewers must see the
same characters.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from models.codes import FailureCode, ReportxError
from models.records import Source
from pipeline.decode import decode_text

TEXT_SUFFIXES = frozenset({".txt", ".md", ".text"})
READERS_BY_SUFFIX = {**{s: "text" for s in TEXT_SUFFIXES}, ".docx": "docx", ".pdf": "pdf", ".html": "html", ".htm": "html"}


def discover(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files under `paths` in a stable order, recursing into folders and skipping hidden entries."""
    for path in map(Path, paths):
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                relative = child.relative_to(path).parts
                if child.is_file() and not any(part.startswith(".") for part in relative):
                    yield child
        else:
            yield path


def read_source(path: str | Path) -> Source:
    """Read one file into a Source or raise a coded ReportxError."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ReportxError(FailureCode.READ_ERROR, error.strerror or str(error)) from error
    fmt = READERS_BY_SUFFIX.get(path.suffix.lower())
    if fmt is None:
        raise ReportxError(FailureCode.UNSUPPORTED_FORMAT, path.suffix or "no suffix")
    if not data:
        raise ReportxError(FailureCode.EMPTY_FILE)
    encoding: str | None = None
    if fmt == "text":
        text, encoding = decode_text(data)
    elif fmt == "docx":
        text = docx_text(data)
    elif fmt == "pdf":
        text = pdf_text(data)
    else:
        html, encoding = decode_text(data)
        text = html_text(html)
    if not text.strip():
        raise ReportxError(FailureCode.HTML_NO_TEXT if fmt == "html" else FailureCode.EMPTY_FILE)
    return Source(
        path=str(path),
        name=path.name,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        format=fmt,
        encoding=encoding,
        text=text,
    )


def docx_text(data: bytes) -> str:
    """Paragraphs and tables in document order; a table row is its cells joined by tabs."""
    if not zipfile.is_zipfile(io.BytesIO(data)):
        if data.startswith(b"PK\x03\x04"):  # a zip whose end (the central directory) is missing
            raise ReportxError(FailureCode.DOCX_CORRUPT, "the archive is truncated")
        raise ReportxError(FailureCode.DOCX_NOT_ZIP)
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises many types for damaged archives
        raise ReportxError(FailureCode.DOCX_CORRUPT, f"{type(error).__name__}: {error}") from error
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Table):
            for row in block.rows:
                unique = list({id(cell._tc): cell for cell in row.cells}.values())  # merged cells repeat
                lines.append("\t".join(cell.text.replace("\n", " ") for cell in unique))
    return "\n".join(lines)


def pdf_text(data: bytes) -> str:
    """The text layer of every page; no text layer is an error, not an empty report."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ReportxError(FailureCode.PDF_ENCRYPTED)
        pages = [page.extract_text() or "" for page in reader.pages]
    except ReportxError:
        raise
    except (PdfReadError, ValueError, KeyError, OSError) as error:
        raise ReportxError(FailureCode.PDF_CORRUPT, f"{type(error).__name__}: {error}") from error
    text = "\n".join(page.strip("\n") for page in pages)
    if not text.strip():
        raise ReportxError(FailureCode.PDF_NO_TEXT, f"{len(pages)} page(s), none with text")
    return text


_BLOCK_TAGS = (
    "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6",
    "table", "section", "article", "header", "footer", "blockquote", "pre", "title",
)


def html_text(html: str) -> str:
    """Visible text of a web page: no scripts, styles or comments; blocks on their own lines."""
    from bs4 import BeautifulSoup, Comment

    soup = BeautifulSoup(html, "lxml")
    for hidden in soup(["script", "style", "noscript", "template", "head"]):
        hidden.decompose()
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for cell in soup.find_all(["td", "th"]):
        cell.append("\t")
    for block in soup.find_all(_BLOCK_TAGS):
        block.insert_before("\n")
        block.append("\n")
    lines = (line.strip() for line in soup.get_text().splitlines())
    return "\n".join(line for line in lines if line)
