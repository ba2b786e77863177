"""live meetings: group spinnenweb contributions and role-play observations

Revision ID: 0002_live
Revises: 0001
"""

from alembic import op
import sqlalchemy as sa


revision = '0002_live'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('meeting_web_contributions',
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('scores', sa.JSON(), nullable=False),
    sa.Column('source', sa.String(length=10), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('meeting_id', 'participant_id')
    )
    op.create_table('roleplay_observations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('round', sa.Integer(), nullable=False),
    sa.Column('observer_id', sa.Integer(), nullable=False),
    sa.Column('leader_id', sa.Integer(), nullable=False),
    sa.Column('checklist', sa.JSON(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['leader_id'], ['participants.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['observer_id'], ['participants.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('meeting_id', 'round', 'observer_id')
    )
    with op.batch_alter_table('roleplay_observations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_roleplay_observations_leader_id'), ['leader_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_roleplay_observations_meeting_id'), ['meeting_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('roleplay_observations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_roleplay_observations_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_roleplay_observations_leader_id'))
    op.drop_table('roleplay_observations')
    op.drop_table('meeting_web_contributions')
