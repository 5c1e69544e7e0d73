"""A program's quick exit (`exit_now`) ends as a normal exit would (its code, flushed output, exit handlers, working
threads), and an exit handler blocked for ever does not keep it alive."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT

PROGRAM = """
import atexit, sys, threading, time
from pathlib import Path
from flows import lifetime

out = Path(sys.argv[1])
if sys.argv[2] == "blocked-handler":
    lifetime.EXIT_HANDLERS_TIMEOUT_S = 1
    atexit.register(threading.Event().wait)  # never returns (registered first: runs last)
atexit.register(lambda: (out / "exit-handler").write_text("ran"))
if sys.argv[2] == "working-thread":
    def work():
        time.sleep(0.5)  # still working when the program exits
        (out / "thread").write_text("done")
    threading.Thread(target=work).start()
print("buffered output", end="")
lifetime.exit_now(4)
"""


@pytest.mark.parametrize("case", ["no-thread", "working-thread", "blocked-handler"])
def test_a_quick_exit_keeps_code_output_exit_handlers_and_threads(tmp_path, case):
    done = subprocess.run([sys.executable, "-c", PROGRAM, str(tmp_path), case], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert (done.returncode, done.stdout, done.stderr) == (4, "buffered output", "")
    assert (tmp_path / "exit-handler").read_text() == "ran"
    assert (tmp_path / "thread").exists() == (case == "working-thread")
