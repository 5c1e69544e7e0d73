"""The records reject what would mislead a reader."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from models.records import Fact, fact_fields, json_schemas

SOURCE = "学校有学生826人，占地1.4万平米，建于1968年。"
GOOD = {"kind": "count", "value": 826, "unit": "人", "text": "826人", "start": 5, "end": 9, "extractor": "rules.quantity.v1"}
# (name, changes to GOOD, what the error says)
BAD = [
    ("unit of another kind", {"kind": "area", "unit": "人"}, "does not belong"),
    ("negative value", {"value": -3}, "non-negative"),
    ("range upside down", {"value_max": 800}, "value_max"),
    ("date without dates", {"kind": "date", "value": None, "unit": None}, "date_start"),
    ("malformed TIMEX", {"kind": "date", "value": None, "unit": None, "date_start": "2011/11", "date_end": "2011"}, "TIMEX"),
    ("span is not the text", {"start": 4, "end": 8}, "is not source"),
    ("end before start", {"start": 9, "end": 5}, "end must be after start"),
    ("no extractor named", {"extractor": None}, "extractor"),
]


def test_a_good_fact_validates_against_its_source():
    fact = Fact.model_validate(GOOD, context={"source_text": SOURCE})
    assert (fact.value, type(fact.value)) == (826, int)


@pytest.mark.parametrize("name,changes,message", BAD, ids=[b[0] for b in BAD])
def test_bad_facts_are_rejected(name, changes, message):
    with pytest.raises(ValidationError, match=message):
        Fact.model_validate({**GOOD, **changes}, context={"source_text": SOURCE})


def test_json_schemas_are_exported():
    schemas = json_schemas()
    assert set(schemas) == {"Report", "Fact", "Failure", "Source"}
    assert schemas["Fact"]["properties"]["kind"]["enum"][0] == "count"


ROLES = [("value", "kind"), ("value", "date_start"), ("meaning", "subject"), ("span", "start"), ("provenance", "extractor")]


@pytest.mark.parametrize("role,name", ROLES, ids=[f"{name}:{role}" for role, name in ROLES])
def test_fields_are_declared_once_with_their_role(role, name):
    """Drafts, exports, the store and review derive their field lists from these roles."""
    assert name in fact_fields(role)
    assert [field for field in fact_fields(role) if field in fact_fields(*({"value", "meaning", "span", "provenance"} - {role}))] == []
