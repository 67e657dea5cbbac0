"""Console triage: who a session is assigned to.

Follows 0002_console_sessions (which follows 0002): one line of revisions, one head.

Revision ID: 0003_assign
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_assign"
down_revision = "0002_console_sessions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("conversations") as batch:
        batch.add_column(sa.Column("assigned_to", sa.String(120), nullable=True))
        batch.create_index("ix_conversations_assigned_to", ["assigned_to"])


def downgrade() -> None:
    with op.batch_alter_table("conversations") as batch:
        batch.drop_index("ix_conversations_assigned_to")
        batch.drop_column("assigned_to")
