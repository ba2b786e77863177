"""intervision: cases, votes, take-aways and ratings

Revision ID: 0003_intervision
Revises: 0001
"""

from alembic import op
import sqlalchemy as sa


revision = '0003_intervision'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('intervision_takeaways',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('take_away', sa.Text(), nullable=False),
    sa.Column('next_step', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('meeting_id', 'person_id')
    )
    with op.batch_alter_table('intervision_takeaways', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_intervision_takeaways_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_intervision_takeaways_person_id'), ['person_id'], unique=False)

    op.create_table('intervision_cases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('keep_title', sa.Boolean(), nullable=False),
    sa.Column('chosen', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('intervision_cases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_intervision_cases_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('intervision_ratings',
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.Column('line', sa.String(length=200), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('meeting_id', 'participant_id')
    )
    op.create_table('intervision_votes',
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('voted_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['intervision_cases.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('meeting_id', 'participant_id')
    )
    with op.batch_alter_table('intervision_votes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_intervision_votes_case_id'), ['case_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('intervision_votes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_intervision_votes_case_id'))

    op.drop_table('intervision_votes')
    op.drop_table('intervision_ratings')
    with op.batch_alter_table('intervision_cases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_intervision_cases_meeting_id'))

    op.drop_table('intervision_cases')
    with op.batch_alter_table('intervision_takeaways', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_intervision_takeaways_person_id'))
        batch_op.drop_index(batch_op.f('ix_intervision_takeaways_meeting_id'))

    op.drop_table('intervision_takeaways')
