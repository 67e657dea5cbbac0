"""The scam type of a conversation's latest risk (``risk.type``), for review and export.

Follows 0003 (indicators): one line of revisions, one head. Existing rows stay NULL until
their next turn.

Revision ID: 0004_scam_type
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_scam_type"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("conversations") as batch:
        batch.add_column(sa.Column("scam_type", sa.String(32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("conversations") as batch:
        batch.drop_column("scam_type")
