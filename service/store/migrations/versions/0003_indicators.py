"""Scam indicators: keyed fingerprints with display forms, and where each was seen.

Revision ID: 0003
"""

import sqlalchemy as sa
from alembic import op

from service.store.models import UtcDateTime

revision = "0003"
down_revision = "0003_assign"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "indicators",
        sa.Column("fingerprint", sa.String(64), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("display", sa.String(80), nullable=False),
        sa.Column("confirmed_sessions", sa.Integer, nullable=False, server_default="0"),
        sa.Column("imported", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("first_seen", UtcDateTime(), nullable=True),
        sa.Column("last_seen", UtcDateTime(), nullable=True),
        sa.Column("first_confirmed", UtcDateTime(), nullable=True),
        sa.Column("last_confirmed", UtcDateTime(), nullable=True),
        sa.Column("imported_at", UtcDateTime(), nullable=True),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
    )
    op.create_index("ix_indicators_kind", "indicators", ["kind"])
    op.create_index("ix_indicators_confirmed_sessions", "indicators", ["confirmed_sessions"])
    op.create_index("ix_indicators_imported", "indicators", ["imported"])
    op.create_index("ix_indicators_updated_at", "indicators", ["updated_at"])
    op.create_table(
        "indicator_sightings",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "fingerprint",
            sa.String(64),
            sa.ForeignKey("indicators.fingerprint", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "conversation_id",
            sa.String(200),
            sa.ForeignKey("conversations.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("turn", sa.Integer, nullable=False),
        sa.Column("side", sa.String(8), nullable=False),
        sa.Column("confirmed", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("seen_at", UtcDateTime(), nullable=False),
        sa.UniqueConstraint("conversation_id", "turn", "fingerprint", name="uq_sighting"),
    )
    op.create_index("ix_sighting_fingerprint", "indicator_sightings", ["fingerprint"])
    op.create_index(
        "ix_indicator_sightings_conversation_id", "indicator_sightings", ["conversation_id"]
    )


def downgrade() -> None:
    op.drop_table("indicator_sightings")
    op.drop_table("indicators")
