"""Every error and warning code reportx emits, in one place.

The codes are exactly what appears in the output's `error.code` and
`warnings[].code`; tests assert on codes, never on message prose.
"""

from __future__ import annotations

from enum import StrEnum


class FailureCode(StrEnum):
    """Why a source file could not be read (one record per failed file)."""

    EMPTY_FILE = "empty_file"
    BINARY_FILE = "binary_file"
    UNDECODABLE = "undecodable"
    UNSUPPORTED_FORMAT = "unsupported_format"
    DOCX_NOT_ZIP = "docx_not_zip"
    DOCX_CORRUPT = "docx_corrupt"
    PDF_CORRUPT = "pdf_corrupt"
    PDF_ENCRYPTED = "pdf_encrypted"
    PDF_NO_TEXT = "pdf_no_text"
    PDF_UNSUPPORTED = "pdf_unsupported"
    HTML_NO_TEXT = "html_no_text"
    FILE_TOO_LARGE = "file_too_large"
    TEXT_TOO_LONG = "text_too_long"
    DOCX_TOO_LARGE = "docx_too_large"
    HTML_TOO_DEEP = "html_too_deep"
    READ_ERROR = "read_error"
    EXTRACT_ERROR = "extract_error"
    WORKER_DIED = "worker_died"


FAILURE_MESSAGES: dict[FailureCode, str] = {
    FailureCode.EMPTY_FILE: "the file is empty",
    FailureCode.BINARY_FILE: "the file holds binary data, not text",
    FailureCode.UNDECODABLE: "no supported text encoding decodes the file",
    FailureCode.UNSUPPORTED_FORMAT: "this file type is not read (use .txt .md .docx .pdf .html .htm)",
    FailureCode.DOCX_NOT_ZIP: "the .docx is not a zip archive (maybe an old .doc renamed)",
    FailureCode.DOCX_CORRUPT: "the .docx archive is damaged or truncated",
    FailureCode.PDF_CORRUPT: "the PDF cannot be parsed",
    FailureCode.PDF_ENCRYPTED: "the PDF is encrypted",
    FailureCode.PDF_NO_TEXT: "the PDF has no text layer (a scan?); OCR it first",
    FailureCode.PDF_UNSUPPORTED: "the PDF uses a feature or size reportx does not read (an unknown filter, a limit of the PDF reader)",
    FailureCode.HTML_NO_TEXT: "the web page has no visible text",
    FailureCode.FILE_TOO_LARGE: "the file is larger than the file size limit",
    FailureCode.TEXT_TOO_LONG: "the decoded text is longer than the text length limit",
    FailureCode.DOCX_TOO_LARGE: "the XML inside the .docx is larger than its limit",
    FailureCode.HTML_TOO_DEEP: "the web page nests elements deeper than the nesting limit",
    FailureCode.READ_ERROR: "the file cannot be read",
    FailureCode.EXTRACT_ERROR: "extraction failed on this file (a bug: please report it)",
    FailureCode.WORKER_DIED: "the worker process extracting this file died twice (out of memory, or killed)",
}


class WarningCode(StrEnum):
    """What a reader should double-check in a report (never drops a fact)."""

    PLACEHOLDER_YEAR = "placeholder_year"
    TEMPLATE_PLACEHOLDER = "template_placeholder"
    SUM_MISMATCH = "sum_mismatch"
    RATE_MISMATCH = "rate_mismatch"
    SHARE_MISMATCH = "share_mismatch"
    PER_CAPITA_MISMATCH = "per_capita_mismatch"
    OUT_OF_RANGE = "out_of_range"
    DAMAGED_TEXT = "damaged_text"
    INVALID_FACT = "invalid_fact"


class ReportxError(Exception):
    """A per-file failure with a code; the batch records it and goes on."""

    def __init__(self, code: FailureCode, detail: str | None = None):
        self.code = code
        self.detail = detail
        message = FAILURE_MESSAGES[code]
        super().__init__(f"{message}: {detail}" if detail else message)
