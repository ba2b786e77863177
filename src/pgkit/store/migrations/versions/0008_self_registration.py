"""self-registration cohort

Revision ID: 0008_self_registration
Revises: 0001

Behind JupyterHub, a person nobody imported may sign up only when the coordinator opens
one cohort for it; this flag marks that cohort.
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_self_registration"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cohorts") as batch:
        batch.add_column(sa.Column("self_registration", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("cohorts") as batch:
        batch.drop_column("self_registration")
