"""Score extracted facts against gold annotations (ANNOTATION.md matching rules).

A gold fact is located by its `text` and `occurrence` in its report. A predicted
fact matches it when the spans overlap and the kinds agree (one-to-one, largest
overlap first). The value matches when value, value_max and unit agree (dates:
date_start and date_end). Optional gold facts neither count for nor against:
a prediction matched to one is ignored. A line without a kind says its span holds
no fact (a reviewer's rejection): it matches nothing, so a prediction there is
spurious. Subjects are compared in simplified Chinese; a subject is right (strict)
when it equals the gold subject or one contains the other (专任教师学历合格率 ~
学历合格率), and softly right when, generic endings (时间, 年份, 数 …) dropped,
their character-overlap F1 is at least 0.5 (迁址时间 ~ 迁到新址). Dates count in the headline subject scores and are also shown apart.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex

from models.records import fact_fields
from pipeline.normalise import to_simplified


@dataclass
class GoldFact:
    doc: str
    text: str
    start: int
    end: int
    data: dict[str, Any]

    @property
    def kind(self) -> str:
        return self.data["kind"]

    @property
    def optional(self) -> bool:
        return bool(self.data.get("optional"))

    @property
    def holds_no_fact(self) -> bool:
        """A line with no kind marks a span as holding no fact (a reviewer's rejection): a prediction there is spurious."""
        return self.data.get("kind") is None


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass
class Evaluation:
    detection: Score = field(default_factory=Score)
    value: Score = field(default_factory=Score)
    per_kind: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    approx: Counter = field(default_factory=Counter)
    subject: Counter = field(default_factory=Counter)
    subject_soft: Counter = field(default_factory=Counter)
    subject_dates: Counter = field(default_factory=Counter)
    subject_dates_soft: Counter = field(default_factory=Counter)
    subject_per_kind: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    without_subject: Counter = field(default_factory=Counter)
    misses: list[dict[str, Any]] = field(default_factory=list)
    wrong_values: list[dict[str, Any]] = field(default_factory=list)
    wrong_subjects: list[dict[str, Any]] = field(default_factory=list)
    spurious: list[dict[str, Any]] = field(default_factory=list)
    unlocated: list[dict[str, Any]] = field(default_factory=list)

    @staticmethod
    def _rate(counter: Counter) -> float:
        total = counter["right"] + counter["wrong"]
        return counter["right"] / total if total else 0.0

    def summary(self) -> dict[str, Any]:
        return {
            "detection": self.detection.as_dict(),
            "value": self.value.as_dict(),
            "per_kind": {kind: score.as_dict() for kind, score in sorted(self.per_kind.items())},
            "approx_accuracy": round(self._rate(self.approx), 4),
            "subject_accuracy": round(self._rate(self.subject), 4),
            "subject_accuracy_soft": round(self._rate(self.subject_soft), 4),
            "subject_accuracy_without_dates": round(self._rate(self.subject - self.subject_dates), 4),
            "subject_accuracy_dates": round(self._rate(self.subject_dates), 4),
            "subject_accuracy_dates_soft": round(self._rate(self.subject_dates_soft), 4),
            "subject_accuracy_per_kind": {
                kind: round(self._rate(counter), 4) for kind, counter in sorted(self.subject_per_kind.items())
            },
            "without_subject": round(self.without_subject["none"] / max(1, self.without_subject.total()), 4),
            "counts": {"approx": dict(self.approx), "subject": dict(self.subject), "subject_dates": dict(self.subject_dates),
                       "subject_soft": dict(self.subject_soft), "without_subject": dict(self.without_subject)},
            "unlocated_gold": len(self.unlocated),
        }


def load_gold(paths: list[str | Path]) -> list[dict[str, Any]]:
    lines = []
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            lines.extend(json.loads(line) for line in handle if line.strip())
    return lines


def locate(gold_lines: list[dict[str, Any]], doc_texts: dict[str, tuple[int, str]]) -> tuple[list[GoldFact], list[dict]]:
    """Gold facts with absolute spans; `doc_texts` maps doc → (report start, report text)."""
    located, unlocated = [], []
    for line in gold_lines:
        if line["doc"] not in doc_texts:
            unlocated.append(line)
            continue
        offset, text = doc_texts[line["doc"]]
        position = -1
        for _ in range(line.get("occurrence", 0) + 1):
            position = text.find(line["text"], position + 1)
            if position < 0:
                break
        if position < 0:
            unlocated.append(line)
            continue
        located.append(GoldFact(line["doc"], line["text"], offset + position, offset + position + len(line["text"]), line))
    return located, unlocated


def same_value(gold: dict[str, Any], pred: dict[str, Any]) -> bool:
    if gold["kind"] == "date":
        return gold.get("date_start") == pred.get("date_start") and gold.get("date_end") == pred.get("date_end")
    if gold.get("unit") != pred.get("unit"):
        return False
    return _close(gold.get("value"), pred.get("value")) and _close(gold.get("value_max"), pred.get("value_max"))


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= max(1e-6, 1e-4 * abs(a))


GENERIC_ENDINGS = ("时间", "日期", "年份", "年度", "总数", "人数", "数量", "数")  # longest first
_LAYOUT = regex.compile(r"[\s·・•]+")
DATE_ENDINGS = GENERIC_ENDINGS[:4]  # ANNOTATION.md: a date's gold may add these; a system need not


def same_subject(gold: str | None, pred: str | None, kind: str | None = None) -> bool:
    """Strict: equal, or one contains the other (a date's gold without its generic ending); spaces and the
    separator of a table cell's row and column (学生人数 · P1) are layout, not part of the subject."""
    if not gold or not pred:
        return False
    gold, pred = _letters(gold), _letters(pred)
    if kind == "date":
        gold = _without_ending(gold, DATE_ENDINGS)
    return gold == pred or gold in pred or pred in gold


def similar_subject(gold: str | None, pred: str | None, kind: str | None = None) -> bool:
    """Soft: strictly right, or a character-overlap F1 of at least 0.5 once generic endings are dropped."""
    if same_subject(gold, pred, kind):
        return True
    if not gold or not pred:
        return False
    gold = _without_ending(_letters(gold), GENERIC_ENDINGS)
    pred = _without_ending(_letters(pred), GENERIC_ENDINGS)
    common = (Counter(gold) & Counter(pred)).total()
    return common > 0 and 2 * common / (len(gold) + len(pred)) >= 0.5


def _letters(subject: str) -> str:
    return _LAYOUT.sub("", to_simplified(subject))


def _without_ending(subject: str, endings: tuple[str, ...]) -> str:
    ending = next((e for e in endings if subject.endswith(e) and len(subject) > len(e)), "")
    return subject[: len(subject) - len(ending)]


def evaluate(gold_lines: list[dict[str, Any]], reports: list[dict[str, Any]], doc_texts: dict[str, tuple[int, str]]) -> Evaluation:
    result = Evaluation()
    gold, result.unlocated = locate(gold_lines, doc_texts)
    gold_by_doc: dict[str, list[GoldFact]] = defaultdict(list)
    for fact in gold:
        gold_by_doc[fact.doc].append(fact)
    scored_docs = set(gold_by_doc) | {line["doc"] for line in gold_lines}
    for report in reports:
        if report.get("doc") not in scored_docs:
            continue
        _score_doc(result, gold_by_doc.pop(report["doc"], []), report["facts"], report["doc"])
    for doc, facts in gold_by_doc.items():  # gold docs without any prediction
        _score_doc(result, facts, [], doc)
    return result


def _score_doc(result: Evaluation, gold: list[GoldFact], preds: list[dict[str, Any]], doc: str) -> None:
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(preds):
            overlap = min(g.end, p["end"]) - max(g.start, p["start"])
            if overlap > 0 and g.kind == p["kind"]:
                pairs.append((overlap, gi, pi))
    matched_gold: dict[int, int] = {}
    matched_pred: set[int] = set()
    for _, gi, pi in sorted(pairs, reverse=True):
        if gi not in matched_gold and pi not in matched_pred:
            matched_gold[gi] = pi
            matched_pred.add(pi)
    for gi, g in enumerate(gold):
        if g.optional or g.holds_no_fact:
            continue
        kind_score = result.per_kind[g.kind]
        if gi not in matched_gold:
            result.detection.fn += 1
            result.value.fn += 1
            kind_score.fn += 1
            result.misses.append({"doc": doc, "text": g.text, "kind": g.kind, "value": g.data.get("value"), "unit": g.data.get("unit")})
            continue
        pred = preds[matched_gold[gi]]
        result.detection.tp += 1
        if same_value(g.data, pred):
            result.value.tp += 1
            kind_score.tp += 1
            result.approx["right" if g.data.get("approx", "exact") == pred.get("approx") else "wrong"] += 1
        else:
            result.value.fp += 1
            result.value.fn += 1
            kind_score.fp += 1
            kind_score.fn += 1
            result.wrong_values.append({"doc": doc, "text": g.text, "gold": _brief(g.data), "pred": _brief(pred)})
        if g.data.get("subject"):
            _score_subject(result, g, pred, doc)
    for p in preds:
        result.without_subject["none" if not p.get("subject") else "named"] += 1
    for pi, p in enumerate(preds):
        if pi in matched_pred:
            continue
        if any(min(g.end, p["end"]) > max(g.start, p["start"]) and g.optional for g in gold):
            continue  # overlaps an optional mention: neither for nor against
        result.detection.fp += 1
        result.value.fp += 1
        result.per_kind[p["kind"]].fp += 1
        result.spurious.append({"doc": doc, "text": p["text"], **_brief(p)})


def _score_subject(result: Evaluation, gold: GoldFact, pred: dict[str, Any], doc: str) -> None:
    strict = "right" if same_subject(gold.data["subject"], pred.get("subject"), gold.kind) else "wrong"
    if strict == "wrong":
        result.wrong_subjects.append({"doc": doc, "text": gold.text, "kind": gold.kind,
                                      "gold": gold.data["subject"], "pred": pred.get("subject")})
    soft = "right" if similar_subject(gold.data["subject"], pred.get("subject"), gold.kind) else "wrong"
    result.subject[strict] += 1
    result.subject_soft[soft] += 1
    result.subject_per_kind[gold.kind][strict] += 1
    if gold.kind == "date":
        result.subject_dates[strict] += 1
        result.subject_dates_soft[soft] += 1


def _brief(fact: dict[str, Any]) -> dict[str, Any]:
    keys = fact_fields("value")
    return {k: fact.get(k) for k in keys if fact.get(k) is not None}


def format_table(evaluation: Evaluation, misses: int = 30) -> str:
    s = evaluation.summary()
    lines = [f"{'':12}{'tp':>6}{'fp':>6}{'fn':>6}{'P':>8}{'R':>8}{'F1':>8}{'subject':>9}"]
    subject_of = s["subject_accuracy_per_kind"]
    for name, score in [("detection", s["detection"]), ("value", s["value"])] + [(f"  {k}", v) for k, v in s["per_kind"].items()]:
        subject = subject_of.get(name.strip())
        lines.append(f"{name:12}{score['tp']:>6}{score['fp']:>6}{score['fn']:>6}{score['precision']:>8.3f}{score['recall']:>8.3f}{score['f1']:>8.3f}"
                     + (f"{subject:>9.3f}" if subject is not None else ""))
    lines.append(f"approx accuracy {s['approx_accuracy']:.3f} {s['counts']['approx']}")
    lines.append(f"subject accuracy {s['subject_accuracy']:.3f} {s['counts']['subject']}, soft {s['subject_accuracy_soft']:.3f}"
                 f" (dates: {s['subject_accuracy_dates']:.3f}, soft {s['subject_accuracy_dates_soft']:.3f} of {sum(s['counts']['subject_dates'].values())})")
    lines.append(f"facts without subject {s['without_subject']:.3f} {s['counts']['without_subject']}")
    if evaluation.unlocated:
        lines.append(f"gold lines not found in the documents: {len(evaluation.unlocated)}")
    for title, rows in (("missed", evaluation.misses), ("wrong value", evaluation.wrong_values),
                        ("wrong subject", evaluation.wrong_subjects), ("spurious", evaluation.spurious)):
        if rows:
            lines.append(f"{title} ({len(rows)}):")
            lines.extend("  " + json.dumps(row, ensure_ascii=False) for row in rows[:misses])
    return "\n".join(lines)
