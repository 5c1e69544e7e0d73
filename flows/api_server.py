"""The local Prefect API as a process of its own: `python -P -m flows.api_server PORT`.

It imports Prefect's server and builds its app at once (most of its start-up), then waits
for one line on stdin: `serve LOG` makes it log to LOG and serve Prefect's API app under
uvicorn on the loopback, as Prefect runs its own ephemeral API (see `LOCAL_API_ENV`);
anything else (the command ended before it needed an API: a bad argument, nothing to do)
ends it. Until then it has created nothing but the empty PREFECT_HOME that importing
Prefect makes, so a command can start it before it has checked its arguments. An import
that fails is told in the log once it is asked to serve; uvicorn exits with code 3 when the
port is taken. The garbage collector runs rarely meanwhile (see `flows.lifetime`).
"""

from __future__ import annotations

import os
import sys
import traceback

from flows.lifetime import collect_garbage_rarely

SERVE = "serve "


def serve(port: int) -> None:
    collect_garbage_rarely()
    try:
        import uvicorn
        from prefect.server.api.server import create_app

        app, failure = create_app(), None
    except Exception:
        app, failure = None, traceback.format_exc()
    order = sys.stdin.readline()
    if not order.startswith(SERVE):
        return
    log = os.open(order[len(SERVE) :].strip(), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    for stream in (1, 2):
        os.dup2(log, stream)
    if failure:
        sys.exit(f"the Prefect API could not be imported:\n{failure}")
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="error", lifespan="on")


if __name__ == "__main__":
    serve(int(sys.argv[1]))
