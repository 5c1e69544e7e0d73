"""Score extraction against gold facts: detection and value precision/recall/F1
(overall and per kind), approx and subject accuracy, and the misses listed.

Matching follows ANNOTATION.md: a prediction matches a gold fact when their
spans overlap and the kinds agree; the value counts when value, value_max and
unit (dates: date_start/date_end) agree; optional gold lines count neither way.
Reviewer gold (`reportx review export-gold`) is scored only on the spans reviewers
decided, a rejected reading counting as a false positive (pipeline/partial_review.py).

Example:
  reportx eval --gold gold/*.jsonl --docs samples/
  reportx extract samples/ --out pred.jsonl && reportx eval --gold gold/*.jsonl --docs samples/ --pred pred.jsonl
  reportx eval --gold tests/data/gold/*.jsonl --report-gold tests/data/gold_reports/seed_reports.jsonl --docs samples/
"""

from __future__ import annotations

import argparse
import json
import sys

from reportx.exits import EXIT_OK, EXIT_USAGE


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--gold", nargs="+", required=True, metavar="G.jsonl", help="gold annotation files")
    parser.add_argument("--docs", nargs="+", required=True, metavar="DIR", help="the documents the gold refers to")
    parser.add_argument("--pred", metavar="FILE", help="extraction output (JSON Lines); default: extract the docs now")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument("--misses", type=int, default=30, metavar="N", help="list at most N misses of each sort")
    parser.add_argument("--report-gold", metavar="R.jsonl", help="report-level gold: also score year, organisation, region, kind")


def run(args: argparse.Namespace) -> int:
    from pipeline.evaluate import evaluate, format_table, load_gold
    from pipeline.evaluate_identity import format_identity, load_report_gold, score_identity
    from pipeline.ingest import discover
    from pipeline.partial_review import reviewed_spans_only
    from pipeline.run import doc_texts, process_file
    from reportx.commands import require_paths

    require_paths([*args.gold, *args.docs, *([args.pred] if args.pred else []), *([args.report_gold] if args.report_gold else [])])
    gold = load_gold(args.gold)
    results = [process_file(path) for path in discover(args.docs)] if not args.pred else []
    texts = doc_texts(discover(args.docs))
    if args.pred:
        with open(args.pred, encoding="utf-8") as handle:
            reports = [r for r in map(json.loads, filter(str.strip, handle)) if "facts" in r]
    else:
        reports = [r.model_dump(mode="json") for result in results for r in result.reports]
    if not reports:
        print("reportx: no reports to score", file=sys.stderr)
        return EXIT_USAGE
    evaluation = evaluate(gold, reviewed_spans_only(gold, reports, texts), texts)
    identity = score_identity(load_report_gold(args.report_gold), reports) if args.report_gold else None
    if args.json:
        print(json.dumps({**evaluation.summary(), **({"identity": identity} if identity else {})}, ensure_ascii=False, indent=2))
    else:
        print(format_table(evaluation, args.misses))
        if identity:
            print(format_identity(identity))
    return EXIT_OK
