"""a person's own language

Revision ID: 0009_person_language
Revises: 0001

The language of the kit's texts each person chose on their own page; empty means the
kit's default, so existing people keep Dutch without a data step.
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_person_language"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("people") as batch:
        batch.add_column(sa.Column("language", sa.String(length=8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("people") as batch:
        batch.drop_column("language")
