"""Start the service under uvicorn (``make run``): ``python -m service.serve --workers 2``.

Why not plain ``uvicorn``: with ``--workers`` uvicorn binds the listening socket itself
(protocol 0), so asyncio does not set TCP_NODELAY on accepted connections, and every
response, written as headers then body, waits ~40 ms for the client's delayed ACK. This
launcher sets TCP_NODELAY on the listening socket, which accepted sockets inherit.

The event loop is uvloop and the HTTP parser httptools (both C, from the ``service``
extra): cheaper per request than asyncio's loop and h11 on this path.

Each worker hands the GIL over every 1 ms instead of every 5 ms (``SWITCH_INTERVAL_SECONDS``).

Each worker also freezes what it built at start-up (the app, the engine: ~140,000
objects) out of the garbage collector's sight: they live as long as the worker, and a
full collection walking them took ~110 ms here, a stall some request would wait for.
"""

from __future__ import annotations

import argparse
import gc
import socket
import sys

import uvicorn
import uvicorn.config
from fastapi import FastAPI

# How long a thread may keep the GIL while another waits for it (Python's default: 5 ms).
# A served worker runs the event loop and a turn worker per request in flight; at 5 ms, a
# reply from the database or a new request waited up to 5 ms behind another turn's scan,
# several times a turn. At 1 ms, c=16 on PostgreSQL (bench/load.py, A/B twice each in one
# spell): p99 557 / 500 -> 231 / 236 ms and service CPU 4.8 / 4.4 -> 3.1 / 3.9 ms a turn;
# at 0.3 ms p99 was worse again (452 / 581 ms) from the extra switching.
SWITCH_INTERVAL_SECONDS = 0.001


def _nodelay_listener(bind_socket):  # noqa: ANN001, ANN202
    def bind(self: uvicorn.config.Config) -> socket.socket:
        sock = bind_socket(self)
        if sock.family in (socket.AF_INET, socket.AF_INET6):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock

    return bind


def worker_app() -> FastAPI:
    """The app as a served worker runs it: built, then frozen out of the GC's walks."""
    from service.main import create_app  # in the worker: the supervisor never builds one

    app = create_app()
    gc.freeze()
    sys.setswitchinterval(SWITCH_INTERVAL_SECONDS)
    return app


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        prog="python -m service.serve", description="Serve the piiguard HTTP API."
    )
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--workers", type=int, default=1)
    args = p.parse_args(argv)
    uvicorn.config.Config.bind_socket = _nodelay_listener(uvicorn.config.Config.bind_socket)
    uvicorn.run(
        "service.serve:worker_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        access_log=False,
        # Named, not "auto": a missing install fails at start instead of quietly serving
        # on the slower pure-Python event loop and HTTP parser.
        loop="uvloop",
        http="httptools",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
