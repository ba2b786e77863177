"""Imports every model module so ``Base.metadata`` knows all tables.

Each area keeps its tables in its own ``models_<area>.py``; add one import line here.
"""

from pgkit.store import (
    models,  # noqa: F401
    models_dashboard,  # noqa: F401
    models_intervision,  # noqa: F401
    models_meetings,  # noqa: F401
    models_person_data,  # noqa: F401
    models_privacy,  # noqa: F401
)
from pgkit.store.models import Base

metadata = Base.metadata
