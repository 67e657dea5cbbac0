"""Integrity: how a conversation came in and the hashes that tell a replay from a
conflict; an index for retention; SQLite times as RFC 3339 text in UTC with ``Z``.

Revision ID: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# Every time column; on SQLite they were "YYYY-MM-DD HH:MM:SS.ffffff" (UTC, zone dropped).
TIME_COLUMNS = {
    "api_keys": ("created_at", "revoked_at"),
    "conversations": ("created_at", "updated_at"),
    "turns": ("created_at",),
    "reviews": ("created_at",),
    "audit_log": ("at",),
}


def upgrade() -> None:
    with op.batch_alter_table("conversations") as batch:
        batch.add_column(sa.Column("source", sa.String(8), nullable=False, server_default="turns"))
        batch.add_column(sa.Column("body_hash", sa.String(64), nullable=True))
        batch.create_index("ix_conversations_updated_at", ["updated_at"])
    # A conversation without live state was stored by /v1/scan.
    op.execute("UPDATE conversations SET source = 'scan' WHERE state IS NULL")
    with op.batch_alter_table("turns") as batch:
        batch.add_column(sa.Column("request_hash", sa.String(64), nullable=True))
    if op.get_bind().dialect.name == "sqlite":
        for table, columns in TIME_COLUMNS.items():
            for column in columns:
                op.execute(
                    f"UPDATE {table} SET {column} = replace({column}, ' ', 'T') || 'Z' "
                    f"WHERE {column} IS NOT NULL AND {column} NOT LIKE '%Z'"
                )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table, columns in TIME_COLUMNS.items():
            for column in columns:
                op.execute(
                    f"UPDATE {table} SET {column} = replace(rtrim({column}, 'Z'), 'T', ' ') "
                    f"WHERE {column} IS NOT NULL"
                )
    with op.batch_alter_table("turns") as batch:
        batch.drop_column("request_hash")
    with op.batch_alter_table("conversations") as batch:
        batch.drop_index("ix_conversations_updated_at")
        batch.drop_column("body_hash")
        batch.drop_column("source")
