"""Reports, headings and sentences of the samples, with exact original offsets."""

from __future__ import annotations

import pytest

from extractors.sentences import sentences
from pipeline.normalise import normalise
from pipeline.segment import headings, split_reports

HEADING_LINES = ["一、基本情况", "(一)组织领导", "1.办学条件", "1、办学条件", "(1)办学规模", "第二章 附则"]
NOT_HEADINGS = ["2011年工作", "1.4万平方米校舍", "学校概况一、二"]


def test_samples_split_into_thirteen_named_reports(sample_result):
    assert [r.doc for r in sample_result.reports] == [f"000_fa63da99af307c15.txt#{n}" for n in range(1, 14)]
    assert [r.part for r in sample_result.reports] == list(range(1, 14))


def test_text_before_the_first_marker_is_not_a_report(sample_result, sample_source):
    first = sample_result.reports[0]
    assert sample_source.text[: first.span[0]].rstrip().endswith("篇1")
    assert sample_source.text[first.span[0] : first.span[1]].startswith("義務(wù)教育")


def test_every_fact_offset_is_exact_over_the_samples(sample_result, sample_source):
    facts = [f for r in sample_result.reports for f in r.facts]
    assert len(facts) > 300
    for report in sample_result.reports:
        for fact in report.facts:
            assert sample_source.text[fact.start : fact.end] == fact.text
            assert report.span[0] <= fact.start < fact.end <= report.span[1]
            assert fact.text in fact.sentence


@pytest.mark.parametrize("line", HEADING_LINES)
def test_headings_are_found(line):
    text = f"前言\n{line}\n正文。"
    assert [h.text for h in headings(text, 0, len(text))] == [line]


@pytest.mark.parametrize("line", NOT_HEADINGS)
def test_other_lines_are_not_headings(line):
    text = f"前言\n{line}\n正文。"
    assert headings(text, 0, len(text)) == []


def test_sentences_end_at_chinese_stops_and_lines():
    text = "学校有学生826人。教师57人；合格率100%！\n新的一段"
    assert [text[s:e] for s, e in sentences(text, 0, len(text))] == ["学校有学生826人。", "教师57人；", "合格率100%！", "新的一段"]


def test_a_file_without_markers_is_one_report():
    text = normalise("一、基本情况\n学校有学生826人。").text
    (part,) = split_reports(text)
    assert (part.number, part.start, part.end) == (1, 0, len(text))
