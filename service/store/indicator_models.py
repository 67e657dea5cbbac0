"""Tables of scam indicators: never a value, only its keyed fingerprint and display form.

``indicators`` holds one row per fingerprint (kind, safe display, first/last seen, how
many confirmed scam sessions it was seen in, whether an imported list holds it);
``indicator_sightings`` says in which conversation and turn it was seen, by which side.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from service.store.models import Base, UtcDateTime, utcnow


class Indicator(Base):
    __tablename__ = "indicators"

    fingerprint: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), index=True)
    display: Mapped[str] = mapped_column(String(80))
    confirmed_sessions: Mapped[int] = mapped_column(Integer, default=0, index=True)
    imported: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    first_seen: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    last_seen: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    first_confirmed: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    last_confirmed: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    imported_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    # Changes whenever the known set could change: processes reload it when this moves.
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow, index=True)


class IndicatorSighting(Base):
    __tablename__ = "indicator_sightings"
    __table_args__ = (
        UniqueConstraint("conversation_id", "turn", "fingerprint", name="uq_sighting"),
        Index("ix_sighting_fingerprint", "fingerprint"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fingerprint: Mapped[str] = mapped_column(
        ForeignKey("indicators.fingerprint", ondelete="CASCADE")
    )
    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    turn: Mapped[int] = mapped_column(Integer)
    # "agent" (handed out by the agent) or "customer" (reported by the customer)
    side: Mapped[str] = mapped_column(String(8))
    # the conversation's review says confirmed_scam (agent-side sightings only)
    confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    seen_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
