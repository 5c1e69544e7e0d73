"""Write extraction results as JSON Lines, one JSON array, or CSV (one row per fact).

Results are streamed file by file so memory does not grow with the archive.
Failed files are records too: `{"source", "error": {"code", "message"}}`
in JSON, a row with `error_code`/`error_message` in CSV.
"""

from __future__ import annotations

import csv
import json
import sys
from typing import IO, Any

from pipeline.run import FileResult

CSV_REPORT_FIELDS = ["doc", "source", "sha256", "part", "title", "report_year"]
CSV_FACT_FIELDS = [
    "id", "kind", "value", "value_max", "unit", "approx", "text", "start", "end", "subject", "metric",
    "date_start", "date_end", "resolved_start", "resolved_end", "confidence", "extractor", "sentence",
]
CSV_FIELDS = CSV_REPORT_FIELDS + CSV_FACT_FIELDS + ["error_code", "error_message"]


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


class OutputWriter:
    """Context manager that streams FileResults to a file or standard output."""

    def __init__(self, out: str | None, fmt: str, include_text: bool = False):
        self.out, self.fmt, self.include_text = out, fmt, include_text
        self._handle: IO[str] | None = None
        self._first = True
        self._csv: csv.DictWriter | None = None

    def __enter__(self) -> "OutputWriter":
        self._handle = open(self.out, "w", encoding="utf-8", newline="") if self.out else sys.stdout
        if self.fmt == "json":
            self._handle.write("[\n")
        elif self.fmt == "csv":
            self._csv = csv.DictWriter(self._handle, fieldnames=CSV_FIELDS, extrasaction="ignore")
            self._csv.writeheader()
        return self

    def write(self, result: FileResult) -> None:
        for record in result_records(result, self.include_text):
            if self.fmt == "jsonl":
                self._handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            elif self.fmt == "json":
                self._handle.write(("" if self._first else ",\n") + json.dumps(record, ensure_ascii=False))
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
