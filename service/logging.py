"""Service logging: structured enough to operate, never holding turn text.

Third-party loggers that could print request data at debug level (presidio, httpx,
SQLAlchemy's statement log) are held at WARNING, so a raised log level cannot spill a
value; piiguard's own log lines carry ids, types and error classes, never text.
"""

from __future__ import annotations

import logging

QUIET = ("presidio-analyzer", "presidio-anonymizer", "sqlalchemy.engine", "httpx", "uvicorn.access")


def configure(level: int = logging.INFO) -> None:
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    for name in QUIET:
        logging.getLogger(name).setLevel(logging.WARNING)
