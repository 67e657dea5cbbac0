"""Service settings from the environment (prefix ``PIIGUARD_``), or passed in by tests."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Every knob of the service; each is an environment variable ``PIIGUARD_<NAME>``."""

    model_config = SettingsConfigDict(env_prefix="PIIGUARD_", extra="ignore")

    database_url: str = Field(
        default=f"sqlite:///{REPO_ROOT / 'piiguard.db'}",
        description="SQLAlchemy URL; SQLite file by default, e.g. postgresql+psycopg://user@host/db",
    )
    recognizer_folders: list[Path] = Field(default_factory=lambda: [REPO_ROOT / "recognizers"])
    policy_path: Path | None = None
    risk_path: Path | None = None
    max_body_bytes: int = Field(
        default=2_000_000, description="largest request body accepted (413 above)"
    )
    max_turns: int = Field(
        default=5_000, description="turns per transcript or live conversation (413 above)"
    )
    max_turn_chars: int = Field(
        default=20_000, description="characters per turn and per /v1/redact text (413 above)"
    )
    turn_time_budget_seconds: float = Field(
        default=2.0, description="a turn taking longer is blocked"
    )
    rate_limit_per_minute: int = Field(
        default=6_000, description="requests per API key in any 60 seconds (429 above)"
    )
    rate_limit_storage_url: str = Field(
        default="memory://",
        description="where rate-limit counters live: memory:// counts per process; "
        "redis://127.0.0.1:6379 shares them between workers and hosts",
    )
    console_sign_in_failures_per_minute: int = Field(
        default=10,
        description="failed console sign-ins per client address per minute before sign-in "
        "is refused for the rest of that minute",
    )
    console_idle_minutes: int = Field(
        default=30, description="a console session unused this long is signed out"
    )
    max_in_flight: int = Field(
        default=64, description="concurrent scans before shedding load with 503"
    )
    cors_origins: list[str] = Field(default_factory=list, description="empty: CORS off")
    page_size_max: int = 200
    db_busy_timeout_seconds: float = Field(
        default=5.0, description="SQLite: wait this long for a lock"
    )
    retention_days: int = Field(
        default=180,
        ge=1,
        description="conversations idle longer than this are deleted (piiguard purge, and "
        "a periodic task in the service)",
    )
    retention_interval_seconds: float = Field(
        default=3600.0, gt=0, description="how often the service runs the retention purge"
    )
    console_secret: str | None = Field(
        default=None,
        description="signs console session cookies; set it when several processes serve the "
        "console (without it each process makes its own, and sessions last as long as the process)",
    )
    # Call recordings (POST /v1/audio/redact): the upload may exceed max_body_bytes.
    max_audio_bytes: int = Field(
        default=64_000_000,
        description="largest recording upload (413 above); 1 h of 8 kHz 16-bit mono WAV is 58 MB",
    )
    max_audio_seconds: float = Field(default=7_200.0, description="longest recording (413 above)")
    audio_time_budget_seconds: float = Field(
        default=120.0, description="redacting one recording longer than this answers 503"
    )
    # Scam indicators (issue 20): the key of their fingerprints (service/indicator_secret.py)
    indicator_secret: SecretStr | None = Field(
        default=None, description="key of the indicator fingerprints (else the file below)"
    )
    indicator_secret_file: Path | None = Field(
        default=None,
        description="file holding that key; default: indicator.secret in the data directory, "
        "generated (0600) on first start",
    )
    data_dir: Path | None = Field(
        default=None,
        description="where the service keeps files it makes; default: the SQLite file's folder",
    )
