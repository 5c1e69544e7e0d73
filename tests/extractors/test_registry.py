"""The registry of extractors, snapshotted in registry.json (STYLE.md habit 2).

Adding, renaming, re-versioning or reordering an extractor must be a visible diff
of registry.json in review; this test fails with that diff until the file is updated.
"""

from __future__ import annotations

import difflib
import json
from pathlib import Path

import pytest
import regex
import spacy

GOLDEN = Path(__file__).with_name("registry.json")


def current_registry() -> dict:
    """The pipeline as built: factory order, each factory's extractor name and default config."""
    from extractors.components import COMPONENTS
    from extractors.engine import PIPELINE, build_nlp

    nlp = build_nlp()
    return {
        "pipeline": PIPELINE,
        "factories": {
            name: {
                "extractor": COMPONENTS[name],
                "default_config": nlp.get_pipe_meta(name).default_config,
                "assigns": nlp.get_pipe_meta(name).assigns,
                "requires": nlp.get_pipe_meta(name).requires,
            }
            for name in PIPELINE
        },
    }


def _dump(registry: dict) -> list[str]:
    return json.dumps(registry, ensure_ascii=False, indent=2, sort_keys=True).splitlines()


@pytest.mark.parametrize("golden", [GOLDEN], ids=["registry.json"])
def test_registry_matches_snapshot(golden):
    expected, actual = json.loads(golden.read_text(encoding="utf-8")), current_registry()
    diff = "\n".join(difflib.unified_diff(_dump(expected), _dump(actual), "registry.json", "current", lineterm=""))
    assert expected == actual, f"the extractor registry changed; update {golden.name} if intended:\n{diff}"


@pytest.mark.parametrize("golden", [GOLDEN], ids=["registry.json"])
def test_snapshot_names_are_registered_and_versioned(golden):
    from extractors.engine import build_nlp

    snapshot = json.loads(golden.read_text(encoding="utf-8"))
    registered = spacy.registry.factories.get_all()
    assert [name for name in snapshot["pipeline"] if name not in registered] == []
    assert build_nlp().pipe_names == snapshot["pipeline"]
    unversioned = [f["extractor"] for f in snapshot["factories"].values() if not regex.fullmatch(r"[a-z]+\.[a-z_]+\.v\d+", f["extractor"])]
    assert unversioned == []


@pytest.mark.parametrize("golden", [GOLDEN], ids=["registry.json"])
def test_every_requirement_is_assigned_upstream(golden):
    """Each component's `requires` is assigned by one before it (spaCy's own pipeline analysis)."""
    from extractors.engine import build_nlp

    problems = build_nlp().analyze_pipes(pretty=False)["problems"]
    assert {name: missing for name, missing in problems.items() if missing} == {}
