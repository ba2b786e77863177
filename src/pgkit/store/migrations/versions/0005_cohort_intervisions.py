"""cohort intervision count

Revision ID: 0005_cohort_intervisions
Revises: 0001

The number of intervision meetings becomes a setting of each cohort (the kit's default 4)
instead of a constant in the code.
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_cohort_intervisions"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cohorts") as batch:
        batch.add_column(sa.Column("intervision_meetings", sa.Integer(), nullable=False,
                                   server_default="4"))


def downgrade() -> None:
    with op.batch_alter_table("cohorts") as batch:
        batch.drop_column("intervision_meetings")
