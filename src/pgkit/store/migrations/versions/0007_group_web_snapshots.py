"""group web snapshots: published group figures of meetings and cohorts

Revision ID: 0007_group_web
Revises: 0002_live
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_group_web"
down_revision = "0002_live"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "group_web_snapshots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("cohort_id", sa.Integer(), nullable=True),
        sa.Column("contributors", sa.Integer(), nullable=False),
        sa.Column("means", sa.JSON(), nullable=False),
        sa.Column("members", sa.JSON(), nullable=False),
        sa.Column("published_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["cohort_id"], ["cohorts.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["meeting_id"], ["meetings.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("cohort_id"),
        sa.UniqueConstraint("meeting_id"),
    )


def downgrade() -> None:
    op.drop_table("group_web_snapshots")
