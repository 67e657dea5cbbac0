"""Server-side console sessions (revocable, idle timeout).

Revision ID: 0002_console_sessions
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_console_sessions"
down_revision = "0002"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "console_sessions",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("key_prefix", sa.String(16), nullable=False, index=True),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("last_seen_at", TZ, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("console_sessions")
