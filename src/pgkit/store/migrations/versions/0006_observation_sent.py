"""role-play observations: what the observer sent, apart from the draft

Revision ID: 0006_observation_sent
Revises: 0002_live
"""

from alembic import op
import sqlalchemy as sa

revision = "0006_observation_sent"
down_revision = "0002_live"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("roleplay_observations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sent_checklist", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("sent_note", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("sent_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("roleplay_observations", schema=None) as batch_op:
        batch_op.drop_column("sent_at")
        batch_op.drop_column("sent_note")
        batch_op.drop_column("sent_checklist")
