"""`reportx api`: one local Prefect API that other commands report to, and that stops with its own command."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.conftest import SAMPLE_FILE, descendants, survivors

READY_DEADLINE_S = 600  # as long as the API's own start-up may take on a busy machine
READY_LINE = "Prefect API ready at"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def reportx(argv: list[str], tmp_path, **env) -> list:
    """argv and environment of a `reportx` command with its own PREFECT_HOME."""
    environment = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect"), **env}
    if "PREFECT_API_URL" not in env:
        environment.pop("PREFECT_API_URL", None)
    return [sys.executable, "-m", "reportx.cli", *argv], environment


def start_api(port: int, tmp_path) -> tuple[subprocess.Popen, object]:
    command, env = reportx(["api", "--port", str(port)], tmp_path)
    log = tmp_path / "api.log"
    with open(log, "w") as handle:
        api = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=handle)
    deadline = time.monotonic() + READY_DEADLINE_S
    while READY_LINE not in log.read_text() and api.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
    assert READY_LINE in log.read_text(), log.read_text()[-3000:]
    return api, log


def flow_runs(url: str) -> list[dict]:
    request = urllib.request.Request(f"{url}/flow_runs/filter", data=b"{}", headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL], ids=["sigterm", "kill-9"])
def test_commands_report_to_a_standing_api_that_stops_with_its_command(sig, tmp_path, sqlite_url):
    port = free_port()
    url = f"http://127.0.0.1:{port}/api"
    api, log = start_api(port, tmp_path)
    try:
        command, env = reportx(["bulk", str(SAMPLE_FILE), "--db", sqlite_url, "--runner", "threads"], tmp_path,
                               PREFECT_API_URL=url)
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=READY_DEADLINE_S)
        assert done.returncode == 0, done.stderr
        assert f"Prefect API {url} (PREFECT_API_URL)" in done.stderr
        assert [run["state_type"] for run in flow_runs(url)] == ["COMPLETED"], "the bulk run is the API's one flow run"
        children = descendants(api.pid)
        assert children, "the API runs as a child of `reportx api`"
        api.send_signal(sig)
        code = api.wait(READY_DEADLINE_S)
    finally:
        if api.poll() is None:
            api.kill()
    if sig == signal.SIGTERM:
        assert code == 0 and "Prefect API stopped" in log.read_text()
    assert survivors(children) == [], f"the API outlived `reportx api` after {sig.name}"


def test_a_taken_port_is_one_line_and_creates_nothing(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        command, env = reportx(["api", "--port", str(port)], tmp_path)
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=READY_DEADLINE_S)
    assert done.returncode == 3
    assert done.stderr.splitlines() == [f"reportx: port {port} is taken by another process; "
                                        "choose another with --port"]
    assert not (tmp_path / "prefect").exists()
