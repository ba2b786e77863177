"""dashboard indexes

Revision ID: 0004_dashboard_indexes
Revises: 0001
"""

from alembic import op

revision = "0004_dashboard_indexes"
down_revision = "0001"
branch_labels = None
depends_on = None

INDEXES = (
    ("ix_dash_progress_kind_person", "progress_events", ["kind", "person_id", "unit", "created_at"]),
    ("ix_dash_quiz_person_unit_score", "quiz_attempts", ["person_id", "unit", "score"]),
    ("ix_dash_cohort_coach_person", "cohort_coaches", ["person_id"]),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade() -> None:
    for name, table, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)
