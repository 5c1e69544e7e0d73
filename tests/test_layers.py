"""Layers only point down: models ← extractors ← pipeline ← (flows, review) ← reportx (the CLI).

Every import statement counts, also one inside a function or under TYPE_CHECKING:
an upward import is a cycle waiting to happen, however it is hidden.
"""

from __future__ import annotations

import ast

import pytest

from tests.conftest import ROOT

LAYERS = {"models": 0, "extractors": 1, "pipeline": 2, "flows": 3, "review": 3, "reportx": 4}


def imported_packages(path) -> set[str]:
    """First-party top-level packages a module imports."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found & set(LAYERS)


def upward_imports(package: str) -> list[str]:
    """'module -> package' for each import of a layer above or beside `package`."""
    wrong = []
    for path in sorted((ROOT / package).rglob("*.py")):
        for other in imported_packages(path) - {package}:
            if LAYERS[other] >= LAYERS[package]:
                wrong.append(f"{path.relative_to(ROOT)} -> {other}")
    return wrong


@pytest.mark.parametrize("package", list(LAYERS))
def test_layer_imports_only_lower_layers(package):
    assert upward_imports(package) == []


# The check itself must catch what it is there to catch.
VIOLATIONS = [
    ("pipeline", "from reportx.commands import CommandError\n"),
    ("extractors", "def f():\n    from pipeline.segment import split_reports\n"),
    ("models", "import extractors.engine\n"),
    ("flows", "from review.app import create_app\n"),
]


@pytest.mark.parametrize(("package", "source"), VIOLATIONS, ids=[f"{p}:{s.split()[1]}" for p, s in VIOLATIONS])
def test_an_upward_import_is_found(tmp_path, package, source):
    module = tmp_path / "module.py"
    module.write_text(source, encoding="utf-8")
    assert any(LAYERS[other] >= LAYERS[package] for other in imported_packages(module))
