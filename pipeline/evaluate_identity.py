"""Score report identity (year, organisation, region, kind) against report-level gold.

Gold lines: {doc, report_year, org, region, report_kind}. The year is right when equal
(both null counts as right); the organisation when both are null or one contains the
other (绿园区 ~ 绿园区人民政府); the region when the narrowest gold level is named (an
empty gold region needs an empty prediction); the kind when equal.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from pipeline.normalise import to_simplified

FIELDS = ("report_year", "organisation", "region", "report_kind")


def load_report_gold(path: str | Path) -> dict[str, dict[str, Any]]:
    with open(path, encoding="utf-8") as handle:
        return {line["doc"]: line for line in map(json.loads, filter(str.strip, handle))}


def identity_right(field: str, gold: dict[str, Any], report: dict[str, Any]) -> bool:
    if field == "report_year":
        return gold["report_year"] == report.get("report_year")
    if field == "organisation":
        expected, found = gold.get("org"), report.get("organisation")
        if not expected or not found:
            return not expected and not found
        expected, found = to_simplified(expected), to_simplified(found)
        return expected in found or found in expected
    if field == "region":
        expected, found = gold.get("region") or [], report.get("region") or []
        return not found if not expected else to_simplified(expected[-1]) in map(to_simplified, found)
    return gold["report_kind"] == report.get("report_kind")


def score_identity(gold: dict[str, dict[str, Any]], reports: list[dict[str, Any]]) -> dict[str, Any]:
    """Accuracy per field over the gold docs, and the misses (a gold doc without a report counts wrong)."""
    by_doc = {report["doc"]: report for report in reports if "doc" in report}
    counts = {field: Counter() for field in FIELDS}
    misses = []
    for doc, line in gold.items():
        report = by_doc.get(doc, {})
        for field in FIELDS:
            right = identity_right(field, line, report)
            counts[field]["right" if right else "wrong"] += 1
            if not right:
                gold_value = line.get("org") if field == "organisation" else line.get(field)
                misses.append({"doc": doc, "field": field, "gold": gold_value, "pred": report.get(field)})
    accuracy = {field: round(c["right"] / max(1, c.total()), 4) for field, c in counts.items()}
    return {"accuracy": accuracy, "reports": len(gold), "misses": misses}


def format_identity(scores: dict[str, Any]) -> str:
    lines = [f"report identity ({scores['reports']} reports): "
             + "  ".join(f"{field} {value:.3f}" for field, value in scores["accuracy"].items())]
    lines.extend("  " + json.dumps(miss, ensure_ascii=False) for miss in scores["misses"])
    return "\n".join(lines)
