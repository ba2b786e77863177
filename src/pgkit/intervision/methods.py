"""Intervision methods as data: one YAML file per method in ``exercises/intervisie/methods``.

Coaches adapt methods to their groups, so a method is a content file, not code. Each
step says who speaks, how many minutes it gets and what the chair can ask. Files are
checked with pydantic through ``pgkit.content.load_yaml``; a broken file gives a Dutch
message that names the file and the step.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from pgkit import content
from pgkit.config import setting
from pgkit.content import ContentError
from pgkit.messages import t

# Error messages call an entry of ``steps`` "stap <id>".
content.LABELS.setdefault("steps", "intervisie.label_step")

Speaker = Literal["voorzitter", "casusinbrenger", "deelnemers", "iedereen"]
# What the pages open during a step: case intake and vote, the lenses, the closing forms.
Activity = Literal["gesprek", "casuskeuze", "analyse", "afsluiting"]
Text = Annotated[str, Field(min_length=1)]
MAX_STEP_MINUTES = 60


def _whole(low: int, high: int):
    """A whole number in ``low..high``, with a Dutch message (pydantic's is English)."""

    def check(value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ValueError(t("intervisie.method.whole_number", low=low, high=high,
                               value=value))
        return value

    return BeforeValidator(check)


def _slug(value: object) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"[a-z0-9-]{1,40}", value):
        raise ValueError(t("intervisie.method.bad_id", value=value))
    return value


Slug = Annotated[str, BeforeValidator(_slug)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class Step(_Strict):
    id: Slug
    title: Text
    who: Speaker
    minutes: Annotated[int, _whole(1, MAX_STEP_MINUTES)]
    activity: Activity = "gesprek"
    # The case-bringer turns their back to the group (roddelmethode) or sits outside it.
    back_to_group: bool = False
    for_participants: Text
    prompts: list[Text] = Field(min_length=1)


class Method(_Strict):
    key: Slug
    name: Text
    summary: Text
    min_participants: Annotated[int, _whole(2, 12)] = 3
    steps: list[Step] = Field(min_length=2)

    @model_validator(mode="after")
    def _shape(self) -> Method:
        ids = [s.id for s in self.steps]
        doubles = sorted({i for i in ids if ids.count(i) > 1})
        if doubles:
            raise ValueError(t("intervisie.method.duplicate_steps", ids=", ".join(doubles)))
        if self.steps[0].activity != "casuskeuze":
            raise ValueError(t("intervisie.method.first_step_choice", step=self.steps[0].id))
        if self.steps[-1].activity != "afsluiting":
            raise ValueError(t("intervisie.method.last_step_closing", step=self.steps[-1].id))
        for s in self.steps[1:-1]:
            if s.activity in ("casuskeuze", "afsluiting"):
                raise ValueError(t("intervisie.method.misplaced_activity", step=s.id,
                                   activity=s.activity))
        return self

    @property
    def minutes(self) -> int:
        return sum(s.minutes for s in self.steps)

    def step(self, index: int) -> Step:
        return self.steps[max(0, min(index, len(self.steps) - 1))]


def methods_dir() -> Path:
    """``exercises/intervisie/methods`` in the kit's folder, else beside the source tree."""
    home = setting("home")
    root = Path(home) if home else Path(__file__).resolve().parents[3]
    return root / "exercises" / "intervisie" / "methods"


def load_method(path: Path | str) -> Method:
    """One method file; its ``key`` must match the file name."""
    path = Path(path)
    method = content.load_yaml(path, Method)
    if method.key != path.stem:
        raise ContentError(t("intervisie.method.key_mismatch", file=path, key=method.key,
                             stem=path.stem))
    return method


def load_methods(folder: Path | None = None) -> dict[str, Method]:
    """Every method in the folder, sorted by name; all broken files in one error."""
    folder = folder or methods_dir()
    found: dict[str, Method] = {}
    problems: list[str] = []
    for path in sorted(folder.glob("*.yaml")):
        try:
            method = load_method(path)
        except ContentError as exc:
            problems.append(str(exc))
            continue
        found[method.key] = method
    if problems:
        raise ContentError("\n".join(problems))
    if not found:
        raise ContentError(t("intervisie.method.none", folder=folder))
    return dict(sorted(found.items(), key=lambda kv: kv[1].name.lower()))


@cache
def _cached(folder: str) -> dict[str, Method]:
    return load_methods(Path(folder))


def methods() -> dict[str, Method]:
    """Cached per kernel: method files do not change while a meeting runs."""
    return _cached(str(methods_dir()))


def method(key: str) -> Method:
    found = methods().get(key)
    if found is None:
        raise ContentError(t("intervisie.method.unknown", key=key))
    return found
