"""Write extraction results as JSON Lines, one JSON array, or CSV (one row per fact).

Results are streamed file by file so memory does not grow with the archive.
Failed files are records too: `{"source", "error": {"code", "message"}}`
in JSON, a row with `error_code`/`error_message` in CSV.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from typing import IO, Any

from models.records import Report, fact_fields
from pipeline.run import FileResult

CSV_REPORT_FIELDS = ["doc", "source", "sha256", "part", "title", "report_year"]
CSV_FACT_FIELDS = [name for name in fact_fields() if name != "sentence"] + ["sentence"]  # the long text last
CSV_FIELDS = CSV_REPORT_FIELDS + CSV_FACT_FIELDS + ["error_code", "error_message"]
_FACTS_PER_PIECE = 256


def result_records(result: FileResult, include_text: bool = False) -> list[dict[str, Any]]:
    """The JSON objects of one file: its reports, or its failure."""
    if result.failure:
        return [result.failure.model_dump(mode="json", exclude_none=True)]
    records = []
    for report in result.reports:
        record = report.model_dump(mode="json")
        if include_text:
            record["source_text"] = result.source.text
        records.append(record)
    return records


def report_json(report: Report, source_text: str | None = None) -> Iterator[str]:
    """`json.dumps` of the report's record (`result_records`), the same text, in pieces of a few hundred facts."""
    record = report.model_dump(mode="json", exclude={"facts"})
    if source_text is not None:
        record["source_text"] = source_text
    keys = [name for name in Report.model_fields if name == "facts" or name in record]
    keys += [name for name in record if name not in keys]
    for i, key in enumerate(keys):
        yield ("{" if i == 0 else ", ") + json.dumps(key) + ": "
        if key != "facts":
            yield json.dumps(record[key], ensure_ascii=False)
            continue
        yield "["
        for first in range(0, len(report.facts), _FACTS_PER_PIECE):
            batch = report.facts[first : first + _FACTS_PER_PIECE]
            yield (", " if first else "") + ", ".join(json.dumps(fact.model_dump(mode="json"), ensure_ascii=False) for fact in batch)
        yield "]"
    yield "}"


def _json_pieces(record: dict[str, Any] | Iterator[str]) -> Iterator[str]:
    return iter([json.dumps(record, ensure_ascii=False)]) if isinstance(record, dict) else record


class OutputWriter:
    """Context manager that streams FileResults to a file or standard output."""

    def __init__(self, out: str | None, fmt: str, include_text: bool = False):
        self.out, self.fmt, self.include_text = out, fmt, include_text
        self._handle: IO[str] | None = None
        self._first = True
        self._csv: csv.DictWriter | None = None

    def __enter__(self) -> OutputWriter:
        self._handle = open(self.out, "w", encoding="utf-8", newline="") if self.out else sys.stdout
        if self.fmt == "json":
            self._handle.write("[\n")
        elif self.fmt == "csv":
            self._csv = csv.DictWriter(self._handle, fieldnames=CSV_FIELDS, extrasaction="ignore")
            self._csv.writeheader()
        return self

    def write(self, result: FileResult) -> None:
        if self.fmt == "csv" or result.failure:
            records = result_records(result, self.include_text)
        else:  # reports are written piece by piece: one record as a whole would double a large report's memory
            source_text = result.source.text if self.include_text else None
            records = [report_json(report, source_text) for report in result.reports]
        for record in records:
            if self.fmt == "jsonl":
                self._handle.writelines(_json_pieces(record))
                self._handle.write("\n")
            elif self.fmt == "json":
                self._handle.write("" if self._first else ",\n")
                self._handle.writelines(_json_pieces(record))
            else:
                self._write_csv(record)
            self._first = False
        self._handle.flush()

    def _write_csv(self, record: dict[str, Any]) -> None:
        if "error" in record:
            self._csv.writerow({"source": record["source"], "sha256": record.get("sha256"),
                                "error_code": record["error"]["code"], "error_message": record["error"]["message"]})
            return
        base = {key: record.get(key) for key in CSV_REPORT_FIELDS}
        for fact in record["facts"]:
            self._csv.writerow({**base, **fact})

    def __exit__(self, *exc: object) -> None:
        if self.fmt == "json":
            self._handle.write("\n]\n")
        if self.out:
            self._handle.close()
        else:
            self._handle.flush()
