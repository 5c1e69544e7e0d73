"""The repository's copy of the gold is the team's gold, intact and refreshed whenever ../shared changes.

`tests/data/SHA256SUMS` records the copy as taken (refresh: copy ../shared/gold and
../shared/gold_reports into tests/data, then `cd tests/data && sha256sum gold/*.jsonl
gold_reports/*.jsonl > SHA256SUMS`). Beside ../shared, the team's files are compared too.
"""

from __future__ import annotations

import hashlib

import pytest

from tests.conftest import DATA, SHARED

COPIES = ["gold", "gold_reports"]


def recorded() -> dict[str, str]:
    lines = (DATA / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    return {name: digest for digest, name in (line.split(maxsplit=1) for line in lines)}


def digests(root, folders) -> dict[str, str]:
    return {
        f"{folder}/{path.name}": hashlib.sha256(path.read_bytes()).hexdigest()
        for folder in folders for path in sorted((root / folder).glob("*.jsonl"))
    }


def test_copy_is_intact():
    assert digests(DATA, COPIES) == recorded(), "tests/data changed without SHA256SUMS: refresh both from ../shared"


@pytest.mark.parametrize("folder", COPIES)
def test_copy_is_the_teams_current_gold(folder):
    """Beside ../shared, the copy equals it; alone, the recorded copy is what there is to check."""
    theirs = digests(SHARED, [folder]) if (SHARED / folder).is_dir() else {
        name: digest for name, digest in recorded().items() if name.startswith(f"{folder}/")
    }
    assert digests(DATA, [folder]) == theirs, f"refresh tests/data/{folder} from ../shared/{folder}"
