"""`reportx eval`: the README's evaluation command runs as written and prints the scores the README shows."""

from __future__ import annotations

import glob
import os
import re
import shlex
import subprocess
import sys

import pytest

from tests.conftest import ROOT

# (case, README section, first words of the command): a shell block, then the block of what it prints.
DOCUMENTED_RUNS = [("fact and report gold in one command", "## Measuring", "reportx eval --gold")]


def documented_run(section: str, command_start: str) -> tuple[list[str], str]:
    """The command of the README's section (globs expanded as a shell would) and the output block after it."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    body = readme[readme.index(section):]
    found = re.search(rf"```sh\n({re.escape(command_start)}[^\n]*)\n```\s*\n```\n(.*?)```", body, re.S)
    assert found, f"no `{command_start}` block followed by its output in {section}"
    words = shlex.split(found.group(1))
    argv = [path for word in words[1:] for path in (sorted(glob.glob(word, root_dir=ROOT)) if "*" in word else [word])]
    return argv, found.group(2)


def headline(output: str) -> tuple[list[list[str]], str]:
    """What must agree: tp/fp/fn/P/R/F1 of every row and the report identity scores (subject scores move with subject work)."""
    rows = [line.split()[:7] for line in output.splitlines() if re.match(r"\s*\w+ +\d+ +\d+ +\d+ ", line)]
    return rows, output[output.index("report identity"):]


@pytest.mark.parametrize("section, command_start", [c[1:] for c in DOCUMENTED_RUNS], ids=[c[0] for c in DOCUMENTED_RUNS])
def test_readme_evaluation_command_prints_the_readme_tables(section, command_start, tmp_path):
    argv, shown = documented_run(section, command_start)
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / ".prefect"), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "reportx.cli", *argv], cwd=ROOT, env=env, text=True,
                          capture_output=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert headline(done.stdout) == headline(shown)
