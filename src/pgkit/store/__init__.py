"""The kit's store: models, engine, migrations and repository functions."""

from pgkit.store.db import affected_rows, connect, default_url, resolve_url, session_scope, upgrade
from pgkit.store.models import Base, MeetingKind, Region, Role

__all__ = [
    "Base",
    "MeetingKind",
    "Region",
    "Role",
    "affected_rows",
    "connect",
    "default_url",
    "resolve_url",
    "session_scope",
    "upgrade",
]
