"""Score a partly reviewed report fairly: only where reviewers looked, with their rejections counted.

Reviewer gold (`reportx review export-gold`) marks every line with the decision it records,
`review`: accepted, corrected and added lines are gold facts; a rejected line has no kind and
says its span holds no fact. The rest of a partly reviewed report was never looked at, so a
machine fact there is neither right nor wrong: in every doc whose gold comes from review,
`reviewed_spans_only` keeps the predictions that overlap a reviewed span (a gold fact's or a
rejected one's) and drops the others. A prediction on a rejected span then matches no gold fact
and counts as a false positive. Docs whose gold does not come from review are scored whole.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from pipeline.evaluate import locate

REVIEW_FIELD = "review"  # on every line of reviewer gold: the reviewer's decision
REJECTED = "rejected"  # the decision of a "no fact here" line


def reviewed_docs(gold_lines: list[dict[str, Any]]) -> set[str]:
    """The docs whose gold comes from review (its lines carry `review`)."""
    return {line["doc"] for line in gold_lines if REVIEW_FIELD in line}


def reviewed_spans_only(gold_lines: list[dict[str, Any]], reports: list[dict[str, Any]],
                        doc_texts: dict[str, tuple[int, str]]) -> list[dict[str, Any]]:
    """The reports, each reviewed doc keeping only the predictions that overlap one of its reviewed spans."""
    docs = reviewed_docs(gold_lines)
    located, _ = locate([line for line in gold_lines if line["doc"] in docs], doc_texts)
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for fact in located:
        spans[fact.doc].append((fact.start, fact.end))
    kept = []
    for report in reports:
        if report.get("doc") not in docs:
            kept.append(report)
            continue
        reviewed = spans[report["doc"]]
        facts = [f for f in report.get("facts", []) if any(min(end, f["end"]) > max(start, f["start"]) for start, end in reviewed)]
        kept.append({**report, "facts": facts})
    return kept
