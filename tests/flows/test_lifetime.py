"""A program's quick exit (`exit_now`) ends as a normal exit would: its code, flushed output, exit handlers, working threads."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT

PROGRAM = """
import atexit, sys, threading, time
from pathlib import Path
from flows.lifetime import exit_now

out = Path(sys.argv[1])
atexit.register(lambda: (out / "exit-handler").write_text("ran"))
if sys.argv[2] == "working-thread":
    def work():
        time.sleep(0.5)  # still working when the program exits
        (out / "thread").write_text("done")
    threading.Thread(target=work).start()
print("buffered output", end="")
exit_now(4)
"""


@pytest.mark.parametrize("thread", ["no-thread", "working-thread"])
def test_a_quick_exit_keeps_code_output_exit_handlers_and_threads(tmp_path, thread):
    done = subprocess.run([sys.executable, "-c", PROGRAM, str(tmp_path), thread], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert (done.returncode, done.stdout, done.stderr) == (4, "buffered output", "")
    assert (tmp_path / "exit-handler").read_text() == "ran"
    assert (tmp_path / "thread").exists() == (thread == "working-thread")
