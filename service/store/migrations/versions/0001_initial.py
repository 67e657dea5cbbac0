"""Initial schema: keys, conversations, turns, findings, signals, reviews, audit log.

Revision ID: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "api_keys",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("prefix", sa.String(16), nullable=False, index=True),
        sa.Column("key_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("revoked_at", TZ, nullable=True),
    )
    op.create_table(
        "conversations",
        sa.Column("id", sa.String(200), primary_key=True),
        sa.Column("channel", sa.String(8), nullable=False),
        sa.Column("language", sa.String(8), nullable=True),
        sa.Column("created_at", TZ, nullable=False, index=True),
        sa.Column("updated_at", TZ, nullable=False),
        sa.Column("turn_count", sa.Integer, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("state", sa.JSON, nullable=True),
        sa.Column("risk_score", sa.Float, nullable=False, index=True),
        sa.Column("risk_level", sa.String(8), nullable=False, index=True),
        sa.Column("scam", sa.Boolean, nullable=False),
        sa.Column("flagged", sa.Boolean, nullable=False, index=True),
        sa.Column("agent_blocks", sa.Integer, nullable=False),
        sa.Column("warning", sa.Text, nullable=True),
        sa.Column("disposition", sa.String(32), nullable=True),
    )
    op.create_table(
        "turns",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "conversation_id",
            sa.String(200),
            sa.ForeignKey("conversations.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("index", sa.Integer, nullable=False),
        sa.Column("speaker", sa.String(16), nullable=False),
        sa.Column("action", sa.String(8), nullable=False),
        sa.Column("redacted_text", sa.Text, nullable=False),
        sa.Column("agent_request", sa.JSON, nullable=False),
        sa.Column("triggers", sa.JSON, nullable=False),
        sa.Column("audio_redactions", sa.JSON, nullable=True),
        sa.Column("start", sa.Float, nullable=True),
        sa.Column("end", sa.Float, nullable=True),
        sa.Column("error", sa.String(32), nullable=True),
        sa.Column("idempotency_key", sa.String(200), nullable=True),
        sa.Column("created_at", TZ, nullable=False),
        sa.UniqueConstraint("conversation_id", "index", name="uq_turn_index"),
        sa.UniqueConstraint("conversation_id", "idempotency_key", name="uq_turn_idempotency"),
    )
    op.create_table(
        "findings",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "turn_id",
            sa.Integer,
            sa.ForeignKey("turns.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("type", sa.String(40), nullable=False, index=True),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("recognizer", sa.String(80), nullable=False),
    )
    op.create_table(
        "signals",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "conversation_id",
            sa.String(200),
            sa.ForeignKey("conversations.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("turn", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(60), nullable=False, index=True),
        sa.Column("text", sa.Text, nullable=False),
    )
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "conversation_id",
            sa.String(200),
            sa.ForeignKey("conversations.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("reviewer", sa.String(120), nullable=False),
        sa.Column("disposition", sa.String(32), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("created_at", TZ, nullable=False),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", TZ, nullable=False),
        sa.Column("actor", sa.String(120), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("target", sa.String(200), nullable=True),
        sa.Column("detail", sa.Text, nullable=True),
    )
    op.create_index("ix_audit_at", "audit_log", ["at"])


def downgrade() -> None:
    for table in (
        "audit_log",
        "reviews",
        "signals",
        "findings",
        "turns",
        "conversations",
        "api_keys",
    ):
        op.drop_table(table)
