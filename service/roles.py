"""The roles an API key can have (a module of its own: the CLI names them without
loading the database layer)."""

from __future__ import annotations

ROLES = ("ingest", "reviewer", "admin")
