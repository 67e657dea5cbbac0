"""The key of the indicator fingerprints (from the environment, a file, or generated
once) and the served guard that fingerprints with it.

Order: ``PIIGUARD_INDICATOR_SECRET`` (the value), ``PIIGUARD_INDICATOR_SECRET_FILE`` (a
file holding it), else ``indicator.secret`` in the data directory, created on first start
with 32 random bytes (hex) and mode 0600. The secret is never logged or returned.
"""

from __future__ import annotations

import copy
import logging
import os
import secrets
from pathlib import Path

from sqlalchemy import make_url

from piiguard.guard import Guard
from piiguard.indicators import IndicatorFinder
from service.config import Settings

log = logging.getLogger("piiguard.service")
SECRET_FILE_NAME = "indicator.secret"


def data_directory(settings: Settings) -> Path:
    """Where the service keeps files it makes: ``data_dir``, else the SQLite file's folder,
    else ``$XDG_DATA_HOME/piiguard`` (``~/.local/share/piiguard``)."""
    if settings.data_dir is not None:
        return settings.data_dir
    url = make_url(settings.database_url)
    database = url.database or ""
    is_file = database not in ("", ":memory:") and not database.startswith("file:")
    if url.get_backend_name() == "sqlite" and is_file:
        return Path(database).resolve().parent
    xdg = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(xdg) / "piiguard"


def indicator_secret(settings: Settings) -> bytes:
    if settings.indicator_secret is not None:
        value = settings.indicator_secret.get_secret_value().strip()
        if not value:
            raise ValueError("PIIGUARD_INDICATOR_SECRET is empty")
        return value.encode("utf-8")
    path = settings.indicator_secret_file or data_directory(settings) / SECRET_FILE_NAME
    if settings.indicator_secret_file is None and not path.exists():
        _generate(path)
    value = path.read_text(encoding="utf-8").strip()
    if not value:
        raise ValueError(f"the indicator secret file {path} is empty")
    return value.encode("utf-8")


def _generate(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:  # another process made it first: use theirs
        return
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(secrets.token_hex(32) + "\n")
    log.info("generated the indicator secret", extra={"path": str(path)})


def with_indicators(guard: Guard, settings: Settings) -> Guard:
    """The guard to serve with: ``guard``'s parts plus an indicator finder under the
    service's secret (a copy, so that a guard shared by tests is left as it was)."""
    served = copy.copy(guard)
    served.indicators = IndicatorFinder(
        indicator_secret(settings),
        official_phones=guard.risk_model.official_phones,
        official_domains=guard.risk_model.official_domains,
    )
    return served
