"""Indexes the coach dashboard's queries need (``pgkit.cohort``); no new tables.

Migration ``0004_dashboard_indexes`` creates the same indexes, so metadata and
migrations match.
"""

from __future__ import annotations

from sqlalchemy import Index

from pgkit.store.models import CohortCoach, ProgressEvent, QuizAttempt

# Completed units per trainee: a range of the index, read in (person, unit) order.
ix_progress_kind_person = Index(
    "ix_dash_progress_kind_person", ProgressEvent.kind, ProgressEvent.person_id,
    ProgressEvent.unit, ProgressEvent.created_at)
# Best quiz score per trainee and unit without visiting the table.
ix_quiz_person_unit_score = Index(
    "ix_dash_quiz_person_unit_score", QuizAttempt.person_id, QuizAttempt.unit, QuizAttempt.score)
# "Which cohorts does this coach follow?"
ix_cohort_coach_person = Index("ix_dash_cohort_coach_person", CohortCoach.person_id)
