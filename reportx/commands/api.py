"""Keep one local Prefect API running, for other reportx commands to report to.

Every bulk or ingest command otherwise starts its own API and stops it when done, which
costs each command a few seconds (Prefect's server takes ~3 s to start on an idle 2-core
machine). A scheduler that runs `reportx ingest --once` every few minutes, or a user who
runs many bulk conversions, saves that by keeping this command up (a service unit, a
terminal) and setting PREFECT_API_URL to the address it prints in the other commands'
environment. The API keeps its SQLite state under PREFECT_HOME (./.prefect), serves no
UI, listens on the loopback only, and stops with this command (Ctrl-C, SIGTERM, or kill).

Example:
  reportx api --port 4200 &
  PREFECT_API_URL=http://127.0.0.1:4200/api reportx ingest --inbox inbox/ --once
"""

from __future__ import annotations

import argparse
import os
import signal
import socket

from reportx.commands import CommandError
from reportx.exits import EXIT_OK, EXIT_UNAVAILABLE, EXIT_USAGE

DEFAULT_PORT = 4200  # Prefect's own default


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"loopback port to serve on (default: {DEFAULT_PORT})")


def run(args: argparse.Namespace) -> int:
    if not 0 < args.port < 65536:
        raise CommandError(EXIT_USAGE, f"--port must be between 1 and 65535, not {args.port}")
    from flows.settings import ServerUnavailable, release, say_on_stderr, start_local_api, wait_until_ready

    if not port_free(args.port):  # checked first: another API on it would answer this one's health checks
        raise CommandError(EXIT_UNAVAILABLE, f"port {args.port} is taken by another process; choose another with --port")
    api = start_local_api(args.port)
    signal.signal(signal.SIGTERM, stop_requested)
    try:
        api = wait_until_ready(api, say_on_stderr)
        say_on_stderr(f"Prefect API ready at {api.url} (state in {os.environ['PREFECT_HOME']}); other commands use "
                      f"it with PREFECT_API_URL={api.url}; Ctrl-C to stop")
        code = api.process.wait()
    except ServerUnavailable as error:
        raise CommandError(EXIT_UNAVAILABLE, str(error)) from error
    except KeyboardInterrupt:
        say_on_stderr("Prefect API stopped")
        return EXIT_OK
    finally:
        release(api)
    raise CommandError(EXIT_UNAVAILABLE, f"the Prefect API exited with code {code}; its log: {api.log_path}")


def port_free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def stop_requested(signum, frame) -> None:
    """SIGTERM (a service manager stopping the API) ends it like Ctrl-C."""
    raise KeyboardInterrupt
