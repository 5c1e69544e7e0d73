"""The local Prefect API as a process of its own: `python -P -m flows.api_server PORT`.

Prefect's API app under uvicorn on the loopback, as Prefect runs its own ephemeral API
(see `LOCAL_API_ENV`); uvicorn exits with code 3 when the port is taken. Its own module,
not `python -m uvicorn`, so that the garbage collector runs rarely while Prefect's
server imports (see `flows.lifetime`).
"""

from __future__ import annotations

import sys

from flows.lifetime import collect_garbage_rarely

APP_FACTORY = "prefect.server.api.server:create_app"


def serve(port: int) -> None:
    collect_garbage_rarely()
    import uvicorn

    uvicorn.run(APP_FACTORY, factory=True, host="127.0.0.1", port=port, log_level="error", lifespan="on")


if __name__ == "__main__":
    serve(int(sys.argv[1]))
