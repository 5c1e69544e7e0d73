"""Processes reportx starts die with it: on Ctrl-C, SIGTERM, and SIGKILL of reportx itself.

Why: a Prefect API or a pool worker that outlives reportx keeps its port, files and
memory for ever. A server started here asks the kernel for SIGKILL when its parent dies
(Linux `prctl(PR_SET_PDEATHSIG)`, set between fork and exec). Pool workers may be
started from a short-lived thread, whose end would fire that signal too early, so they
watch their parent process instead.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import os
import signal
import sys
import threading
import time
from collections.abc import Callable

PR_SET_PDEATHSIG = 1
PARENT_POLL_S = 0.5
ORPHAN_EXIT = 1

# Resolved now, in the parent: a child between fork and exec must not load libraries.
_prctl = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True).prctl if sys.platform == "linux" else None


def _kill_me_with_parent(parent_pid: int) -> None:
    _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent_pid:  # the parent died before the request took effect
        os._exit(ORPHAN_EXIT)


def dies_with_this_process() -> Callable[[], None] | None:
    """A `preexec_fn` for `subprocess.Popen` tying the child's life to this process (None where unsupported)."""
    if _prctl is None:
        return None
    return functools.partial(_kill_me_with_parent, os.getpid())


def watch_parent(parent_pid: int) -> None:
    """A pool worker's initializer: the worker exits as soon as `parent_pid` is no longer its parent."""

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(PARENT_POLL_S)
        os._exit(ORPHAN_EXIT)

    threading.Thread(target=watch, name="reportx-parent-watch", daemon=True).start()
