"""Prefect for a closed network: telemetry off, state under PREFECT_HOME, and a local server when schedules need one.

Bulk runs use Prefect's ephemeral mode (no server to install). Schedules do not fire in
ephemeral mode, so scheduled ingestion starts `prefect server` on a free loopback port
(SQLite under PREFECT_HOME) unless PREFECT_API_URL names a server, and stops it on exit.
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
from collections.abc import Iterator
from pathlib import Path

OFFLINE_DEFAULTS = {
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "PREFECT_SERVER_LOGGING_LEVEL": "WARNING",
    "DASK_LOGGING__DISTRIBUTED": "warning",  # a local Dask cluster's INFO lines on every run
}
SERVER_START_TIMEOUT_S = 90
SERVER_STOP_TIMEOUT_S = 15


class ServerUnavailable(Exception):
    """A local Prefect server did not become healthy (the CLI exits with EXIT_UNAVAILABLE)."""


def configure_prefect() -> None:
    """Offline defaults, set before Prefect is imported; explicit environment settings win."""
    for name, value in OFFLINE_DEFAULTS.items():
        os.environ.setdefault(name, value)
    os.environ.setdefault("PREFECT_HOME", str(Path(".prefect").resolve()))


@contextlib.contextmanager
def ephemeral_api() -> Iterator[str]:
    """One embedded Prefect API for this run, shared with its worker processes, without heartbeats.

    Prefect starts an embedded server per process on demand; started here and named in
    PREFECT_API_URL, it is also the one process-pool and local Dask workers report to,
    instead of each starting its own. Heartbeats cost ~1 s a run and only serve crash
    detection on a long-lived server.
    """
    from prefect.settings import PREFECT_API_URL, PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    server = None
    api_url = PREFECT_API_URL.value()
    if not api_url:
        from prefect.server.api.server import SubprocessASGIServer

        server = SubprocessASGIServer()
        server.start()
        api_url = os.environ["PREFECT_API_URL"] = server.api_url
    try:
        with temporary_settings({PREFECT_API_URL: api_url, PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
            yield api_url
    finally:
        if server is not None:
            os.environ.pop("PREFECT_API_URL", None)
            server.stop()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def healthy(api_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{api_url}/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@contextlib.contextmanager
def prefect_api() -> Iterator[str]:
    """The API URL to serve deployments on: $PREFECT_API_URL, else a local server started and stopped here."""
    configured = os.environ.get("PREFECT_API_URL")
    if configured:
        yield configured
        return
    port = free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    home = Path(os.environ["PREFECT_HOME"])
    home.mkdir(parents=True, exist_ok=True)
    log = open(home / "server.log", "ab")
    env = {**os.environ, "PREFECT_SERVER_API_HOST": "127.0.0.1", "PREFECT_SERVER_API_PORT": str(port),
           "PREFECT_UI_ENABLED": "false"}
    server = subprocess.Popen(
        [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port), "--no-ui"],
        env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
    )
    try:
        wait_until_healthy(server, api_url, home / "server.log")
        os.environ["PREFECT_API_URL"] = api_url
        from prefect.settings import PREFECT_API_URL, temporary_settings

        with temporary_settings({PREFECT_API_URL: api_url}):
            yield api_url
    finally:
        os.environ.pop("PREFECT_API_URL", None)
        stop_server(server)
        log.close()


def wait_until_healthy(server: subprocess.Popen, api_url: str, log_path: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise ServerUnavailable(f"the local Prefect server exited with code {server.returncode}; see {log_path}")
        if healthy(api_url):
            return
        time.sleep(0.5)
    raise ServerUnavailable(f"the local Prefect server was not healthy within {SERVER_START_TIMEOUT_S} s; see {log_path}")


def stop_server(server: subprocess.Popen) -> None:
    """SIGTERM the server's process group (it has uvicorn children), then SIGKILL if it lingers."""
    if server.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(SERVER_STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGKILL)
        server.wait()
