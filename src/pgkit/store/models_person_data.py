"""What the store keeps after a person's data is erased (``pgkit.person_data.erase``).

Accreditation needs to know how many people attended a meeting, not who: an erased
person's attendance becomes one more in this per-meeting count.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer
from sqlalchemy.orm import Mapped, mapped_column

from pgkit.store.models import Base


class ErasedAttendance(Base):
    __tablename__ = "erased_attendance"
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True)
    attended: Mapped[int] = mapped_column(Integer, default=0)
