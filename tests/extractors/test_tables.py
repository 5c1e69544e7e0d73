"""Rule tables load strictly: a typo or a repeat fails with the file and the entry named."""

from __future__ import annotations

import pytest

from extractors.tables import DATA, MetricCatalogue, TableError, UnitTable, WordTable, load_table

UNITS_HEAD = "approx_before: {约: about}\napprox_after: {余: over}\ntarget_words: [确保]\nunits:\n"
METRIC = "  - {{id: students.total, label: 在校学生数, unit: 人, kind: count, match: [在校生], range: [0, 10]{extra}}}\n"
WORDS = (DATA / "words.yaml").read_text(encoding="utf-8")

# (case, file name, table model, YAML text, what the message must name)
BROKEN = [
    ("misspelt unit key", "units.yaml", UnitTable,
     UNITS_HEAD + "  - {surface: 亩, kind: area, unit: m2, factr: 666.67}\n", ["units.0.factr", "Extra inputs"]),
    ("unit surface twice", "units.yaml", UnitTable,
     UNITS_HEAD + "  - {surface: 亩, kind: area, unit: m2}\n  - {surface: 亩, kind: area, unit: m2}\n", ["'亩'", "twice"]),
    ("key twice in a mapping", "units.yaml", UnitTable,
     UNITS_HEAD.replace("{约: about}", "{约: about, 约: over}") + "  - {surface: 亩, kind: area, unit: m2}\n", ["'约'", "twice"]),
    ("misspelt metric key", "metrics.yaml", MetricCatalogue,
     "metrics:\n" + METRIC.format(extra=", exlude: [教师]"), ["metrics.0.exlude", "Extra inputs"]),
    ("metric id twice", "metrics.yaml", MetricCatalogue,
     "metrics:\n" + METRIC.format(extra="") * 2, ["'students.total'", "twice"]),
    ("unit not canonical for its kind", "units.yaml", UnitTable,
     UNITS_HEAD + "  - {surface: 亩, kind: area, unit: mu}\n", ["units.0.unit", "'mu'"]),
    ("misspelt word list", "words.yaml", WordTable,
     WORDS.replace("  light_verbs: [", "  light_verb: [", 1), ["events.light_verb", "Extra inputs"]),
    ("word listed twice", "words.yaml", WordTable,
     WORDS.replace("  directions: [增加, ", "  directions: [增加, 增加, ", 1), ["subjects", "'增加'", "twice"]),
    ("event noun twice", "words.yaml", WordTable,
     WORDS.replace("{始建: 建校, ", "{始建: 建校, 始建: 建校, ", 1), ["'始建'", "twice"]),
]


@pytest.mark.parametrize(("case", "name", "model", "text", "named"), BROKEN, ids=[row[0] for row in BROKEN])
def test_broken_table_is_refused_with_its_file_and_entry(tmp_path, case, name, model, text, named):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TableError) as refused:
        load_table(path, model)
    message = str(refused.value)
    assert message.startswith(str(path)), message
    for part in named:
        assert part in message, message


SHIPPED = [("units.yaml", UnitTable), ("metrics.yaml", MetricCatalogue), ("words.yaml", WordTable)]


@pytest.mark.parametrize(("name", "model"), SHIPPED, ids=[name for name, _ in SHIPPED])
def test_shipped_tables_load(name, model):
    assert load_table(DATA / name, model).model_dump()
