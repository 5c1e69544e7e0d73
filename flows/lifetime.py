"""How reportx's processes start and end: quickly, and never outliving reportx.

Processes reportx starts die with it: on Ctrl-C, SIGTERM, and SIGKILL of reportx itself.
Why: a Prefect API or a pool worker that outlives reportx keeps its port, files and
memory for ever. A server started here asks the kernel for SIGKILL when its parent dies
(Linux `prctl(PR_SET_PDEATHSIG)`, set between fork and exec). Pool workers may be
started from a short-lived thread, whose end would fire that signal too early, so they
watch their parent process instead.

Start and end cost what the work costs: importing Prefect and spaCy builds ~10^6 objects,
and Python's default garbage collector walks the growing heap again and again meanwhile
(~0.45 s of the local API's ~3 s start-up); freeing that heap object by object at exit
takes ~0.6 s, which the kernel does at once.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import ctypes.util
import functools
import gc
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from typing import NoReturn

# Python's default is (700, 10, 10). Allocations between young collections; the older generations as often as before.
GC_THRESHOLDS = (100_000, 50, 100)
EXIT_HANDLERS_TIMEOUT_S = 60  # exit handlers take milliseconds; a busy machine may stretch that a thousandfold
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


def collect_garbage_rarely() -> None:
    """Fewer garbage collections for a process that imports Prefect or spaCy (its start-up) and then works:
    extraction frees its objects by reference counting, so its speed and peak memory stay as they were."""
    gc.set_threshold(*GC_THRESHOLDS)


def exit_now(code: int) -> NoReturn:
    """Exit a program with `code` once its exit handlers ran and its output is flushed, leaving the heap to the kernel.

    A thread that is still working (not a daemon) gets the normal exit, which waits for it. Exit handlers get
    EXIT_HANDLERS_TIMEOUT_S: one blocked for ever (a queue's feeder waiting on a lock that a killed worker held)
    does not keep a finished command alive."""
    if any(not thread.daemon for thread in threading.enumerate() if thread is not threading.main_thread()):
        sys.exit(code)
    _flush_output()
    watchdog = threading.Timer(EXIT_HANDLERS_TIMEOUT_S, os._exit, (code,))
    watchdog.daemon = True
    watchdog.start()
    atexit._run_exitfuncs()  # logging, multiprocessing and Prefect flush and close here
    _flush_output()
    os._exit(code)


def _flush_output() -> None:
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe (`| head -1`): nothing left to tell
            stream.flush()
