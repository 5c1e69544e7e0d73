"""Find report files and read each into a `Source`: identity, format, encoding and text.

For .docx/.pdf/.html the text reportx extracts is kept in the Source, because
fact offsets point into exactly that text; re-runs and reviewers must see the
same characters.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from models.codes import FailureCode, ReportxError
from models.records import Source
from pipeline.decode import decode_text
from pipeline.limits import check_limit
from pipeline.webpage import html_text

TEXT_SUFFIXES = frozenset({".txt", ".md", ".text"})
# A damaged ToUnicode map makes the PDF reader return halves of surrogate pairs, which no
# encoder (UTF-8 output, the store, OpenCC) accepts; each becomes U+FFFD, so offsets hold.
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
READERS_BY_SUFFIX = {**{s: "text" for s in TEXT_SUFFIXES}, ".docx": "docx", ".pdf": "pdf", ".html": "html", ".htm": "html"}


def discover(paths: Iterable[str | Path], skip: Callable[[Path], bool] | None = None) -> Iterator[Path]:
    """Files under `paths` in a stable order, recursing into folders and skipping hidden entries
    and, in folders, what `skip` names (the store's own files)."""
    for path in map(Path, paths):
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                relative = child.relative_to(path).parts
                if child.is_file() and not any(part.startswith(".") for part in relative) and not (skip and skip(child)):
                    yield child
        else:
            yield path


def read_source(path: str | Path) -> Source:
    """Read one file into a Source or raise a coded ReportxError; limits are checked before the work they bound."""
    path = Path(path)
    fmt = READERS_BY_SUFFIX.get(path.suffix.lower())
    try:
        if fmt is not None:
            check_limit("file size", path.stat().st_size)
        data = path.read_bytes()
    except OSError as error:
        raise ReportxError(FailureCode.READ_ERROR, error.strerror or str(error)) from error
    if fmt is None:
        raise ReportxError(FailureCode.UNSUPPORTED_FORMAT, path.suffix or "no suffix")
    if not data:
        raise ReportxError(FailureCode.EMPTY_FILE)
    check_limit("file size", len(data))  # it may have grown since the look
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
    check_limit("decoded text", len(text))
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
    xml, everything = unpacked_sizes(data)
    check_limit("XML inside the .docx", xml)
    check_limit("file size", everything, "the unpacked .docx")  # pictures are read whole too
    try:
        return "\n".join(docx_lines(data))
    except Exception as error:  # python-docx and lxml raise many types for damaged archives
        raise ReportxError(FailureCode.DOCX_CORRUPT, f"{type(error).__name__}: {error}") from error


def unpacked_sizes(data: bytes) -> tuple[int, int]:
    """(XML, all members) the archive unpacks to, as its directory declares (zipfile never reads past a declared size)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            xml = sum(member.file_size for member in members if member.filename.endswith((".xml", ".rels")))
            return xml, sum(member.file_size for member in members)
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise ReportxError(FailureCode.DOCX_CORRUPT, f"{type(error).__name__}: {error}") from error


def docx_lines(data: bytes) -> Iterator[str]:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for block in docx.Document(io.BytesIO(data)).iter_inner_content():
        if isinstance(block, Paragraph):
            yield block.text
        elif isinstance(block, Table):
            for row in block.rows:
                unique = list({id(cell._tc): cell for cell in row.cells}.values())  # merged cells repeat
                yield "\t".join(cell.text.replace("\n", " ") for cell in unique)


def pdf_text(data: bytes) -> str:
    """The text layer of every page; no text layer is an error, not an empty report."""
    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ReportxError(FailureCode.PDF_ENCRYPTED)
        pages = [page.extract_text() or "" for page in reader.pages]
    except ReportxError:
        raise
    except (LimitReachedError, NotImplementedError) as error:  # an unknown filter, a size pypdf refuses
        raise ReportxError(FailureCode.PDF_UNSUPPORTED, f"{type(error).__name__}: {error}") from error
    except Exception as error:  # pypdf raises many types for damaged files (PdfReadError, KeyError, TypeError …)
        raise ReportxError(FailureCode.PDF_CORRUPT, f"{type(error).__name__}: {error}") from error
    text = LONE_SURROGATE.sub("\ufffd", "\n".join(page.strip("\n") for page in pages))
    if not text.strip():
        raise ReportxError(FailureCode.PDF_NO_TEXT, f"{len(pages)} page(s), none with text")
    return text
