"""Prefect for a closed network: telemetry off, state under PREFECT_HOME, and a local API that dies with reportx.

Every flow run needs a Prefect API. Unless PREFECT_API_URL names one, a command starts
its own (Prefect's API app under uvicorn, `flows.api_server`, SQLite under PREFECT_HOME, on a free loopback
port) before it imports Prefect, so the API's start-up (~3 s on an idle 2-core machine,
~10 s the first time a PREFECT_HOME is used) runs beside the command's own checks and imports
(held, creating nothing, until the command lets it serve: `serve_api`). It
then waits as long as a busy machine needs (up to API_START_TIMEOUT_S), saying what it
waits for, and stops the API on exit; the kernel kills the API if reportx is killed.
Prefect's own ephemeral API gives up after 20 s, which a busy machine exceeds.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from flows.api_server import SERVE
from flows.lifetime import dies_with_this_process

OFFLINE_DEFAULTS = {
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "PREFECT_SERVER_LOGGING_LEVEL": "WARNING",
    "DASK_LOGGING__DISTRIBUTED": "warning",  # a local Dask cluster's INFO lines on every run
    # Prefect must never start an API of its own (20 s timeout, outlives a killed reportx): reportx starts it.
    "PREFECT_SERVER_EPHEMERAL_ENABLED": "false",
}
# What Prefect's API app needs to run as a single local process (as Prefect's own ephemeral API runs it). Block
# types are not registered: reportx keeps no blocks, and checking the registry (it imports every installed Prefect
# collection, Dask's included) cost ~0.4 s of each start.
LOCAL_API_ENV = {"PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1",
                 "PREFECT_API_BLOCKS_REGISTER_ON_START": "false", "PREFECT_MEMOIZE_BLOCK_AUTO_REGISTRATION": "false"}
API_START_TIMEOUT_S = 600  # a 2-core machine busy with other work took 22-40 s; an idle one ~3 s
API_WAIT_NOTICE_S = 5  # after this long, say what the command is waiting for
API_STOP_TIMEOUT_S = 10
API_POLL_S = 0.2
PORT_TAKEN_EXIT = 3  # uvicorn's exit code when another process took the port first
PORT_ATTEMPTS = 5
API_LOG = "local-api.log"


class ServerUnavailable(Exception):
    """No Prefect API could be reached or started (the CLI exits with EXIT_UNAVAILABLE)."""


def configure_prefect() -> None:
    """Offline defaults, set before Prefect is imported; explicit environment settings win."""
    for name, value in OFFLINE_DEFAULTS.items():
        os.environ.setdefault(name, value)
    os.environ.setdefault("PREFECT_HOME", str(Path(".prefect").resolve()))


@dataclass
class PrefectApi:
    """The API a command's flow runs report to: a configured one, or a local process started here.

    A local one is `held` from its start until `serve_api`: it imports Prefect's server but creates
    nothing, so a command starts it before checking its arguments and store."""

    url: str
    process: subprocess.Popen | None = None
    log_path: Path | None = None
    fixed_port: bool = False
    held: bool = False
    home_existed: bool = True

    @property
    def local(self) -> bool:
        return self.process is not None

    def describe(self) -> str:
        return f"{self.url} ({'local, stops with reportx' if self.local else 'PREFECT_API_URL'})"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_api() -> PrefectApi:
    """$PREFECT_API_URL, else a local API process held now (`serve_api` lets it serve; `prefect_api` waits for it)."""
    configure_prefect()
    if os.environ.get("PREFECT_API_URL"):
        return PrefectApi(os.environ["PREFECT_API_URL"])
    return hold_local_api()


def start_local_api(port: int | None = None) -> PrefectApi:
    """A local API process under PREFECT_HOME, serving on `port` or a free one, whatever PREFECT_API_URL says."""
    return serve_api(hold_local_api(port))


@contextlib.contextmanager
def api_for_command() -> Iterator[PrefectApi]:
    """`start_api()` first thing, so the API's start-up runs beside the command's own checks and imports;
    stopped however the command ends, also when it ends before any flow runs (nothing to do, a bad store)."""
    api = start_api()
    try:
        yield api
    finally:
        release(api)


def release(api: PrefectApi) -> None:
    """Stop a local API and forget its URL (a configured API is left alone)."""
    if api.local:
        os.environ.pop("PREFECT_API_URL", None)
    stop_api(api)


def hold_local_api(port: int | None = None) -> PrefectApi:
    """The API process on `port`, else on a free loopback port, importing Prefect's server until `serve_api`."""
    configure_prefect()
    home = Path(os.environ["PREFECT_HOME"])
    fixed = port is not None
    port = port if fixed else free_port()
    existed = home.exists()
    command = [sys.executable, "-P", "-m", "flows.api_server", str(port)]  # -P: a `flows` folder where reportx runs is not ours
    process = subprocess.Popen(command, env={**os.environ, **LOCAL_API_ENV}, stdin=subprocess.PIPE,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, preexec_fn=dies_with_this_process())
    # Named before Prefect is imported: Prefect's settings in threads outside a flow's context come from here.
    os.environ["PREFECT_API_URL"] = f"http://127.0.0.1:{port}/api"
    return PrefectApi(os.environ["PREFECT_API_URL"], process, home / API_LOG, fixed, held=True, home_existed=existed)


def serve_api(api: PrefectApi) -> PrefectApi:
    """Let a held local API create its state under PREFECT_HOME and serve (a serving or configured one: as it is)."""
    if api.held:
        api.held = False
        api.log_path.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(BrokenPipeError):  # it has ended: `wait_until_ready` tells its exit code
            api.process.stdin.write(f"{SERVE}{api.log_path}\n".encode())
            api.process.stdin.close()
    return api


def healthy(api_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{api_url}/health", timeout=5) as response:
            return response.status == 200
    except OSError:
        return False


def wait_until_ready(api: PrefectApi, say: Callable[[str], None]) -> PrefectApi:
    """A local API once it answers (served now if it was held), started again on another port if a process
    took its port first."""
    api = serve_api(api)
    started = time.monotonic()
    told = False
    for _attempt in range(PORT_ATTEMPTS):
        while api.process.poll() is None:
            if healthy(api.url):
                return api
            waited = time.monotonic() - started
            if waited > API_START_TIMEOUT_S:
                stop_api(api)
                raise ServerUnavailable(f"the local Prefect API did not start within {API_START_TIMEOUT_S} s; "
                                        f"its log: {api.log_path}")
            if not told and waited > API_WAIT_NOTICE_S:
                say(f"waiting for the local Prefect API at {api.url} to start (a busy machine can take minutes; "
                    f"giving up after {API_START_TIMEOUT_S} s)")
                told = True
            time.sleep(API_POLL_S)
        if api.process.returncode != PORT_TAKEN_EXIT:
            break
        if api.fixed_port:
            raise ServerUnavailable(f"{api.url} could not be served: its port was taken by another process")
        api = start_local_api()
    raise ServerUnavailable(f"the local Prefect API exited with code {api.process.returncode}; its log: {api.log_path}")


def stop_api(api: PrefectApi) -> None:
    """SIGTERM a local API, then SIGKILL if it lingers; a configured API is left alone. An API that never
    served leaves nothing behind: not the empty PREFECT_HOME that importing Prefect made."""
    if not api.local:
        return
    if api.process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            api.process.send_signal(signal.SIGTERM)
        try:
            api.process.wait(API_STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            api.process.kill()
            api.process.wait()
    if api.held and not api.home_existed:
        with contextlib.suppress(OSError):  # (only ever an empty folder)
            api.log_path.parent.rmdir()


def say_on_stderr(message: str) -> None:
    print(f"reportx: {message}", file=sys.stderr, flush=True)


@contextlib.contextmanager
def prefect_api(api: PrefectApi | None = None, say: Callable[[str], None] = say_on_stderr,
                meanwhile: Callable[[], object] | None = None) -> Iterator[PrefectApi]:
    """Flow runs in this block (and in worker processes started in it) report to `api`, heartbeats off.

    `api` defaults to one started here; `meanwhile` runs while it starts (loading the extractor
    costs no wall time then). An API already configured in Prefect's settings (a profile, a test
    harness) wins over a local one. Heartbeats cost ~1 s a run and only serve crash detection on a
    long-lived server.
    """
    api = api or start_api()
    try:
        if meanwhile is not None:
            meanwhile()
        from prefect.settings import PREFECT_API_URL, PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

        configured = PREFECT_API_URL.value()
        if api.local and configured and configured != api.url:
            stop_api(api)
            api = PrefectApi(configured)
        if api.local:
            api = wait_until_ready(api, say)
        os.environ["PREFECT_API_URL"] = api.url
        with temporary_settings({PREFECT_API_URL: api.url, PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
            try:
                yield api
            finally:
                if api.local:
                    drain_prefect_queues()
    finally:
        release(api)


def drain_prefect_queues() -> None:
    """Send Prefect's queued logs and events while the local API still answers; drop any later event.

    Prefect's events worker starts an API of its own when one is emitted without an API
    configured (a late task event from a pool worker, after this block): that rogue server
    would outlive reportx, so events after this point go nowhere.
    """
    from prefect.events.clients import NullEventsClient
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for worker in (APILogWorker, EventsWorker):
        worker.drain_all(timeout=API_STOP_TIMEOUT_S)
    EventsWorker.set_client_override(NullEventsClient)
