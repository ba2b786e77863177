"""The reflection meetings' content as data: runbooks, polls, cases, dilemmas, role-play.

All files live in ``facilitator/`` of the kit and are checked with pydantic when loaded;
a broken file gives a Dutch message naming the file and the block or card.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Annotated, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, model_validator

from pgkit.config import setting
from pgkit.content import ContentError, load_yaml
from pgkit.messages import t

M = TypeVar("M", bound=BaseModel)

MEETING_MINUTES = 210
MIN_CASES = 9
MIN_DILEMMAS = 12
CHECKLIST_IDS = ("luisteren", "stiltes", "empathie", "open-vragen", "doorvragen", "handen",
                 "trekken")
RUNBOOK_FILES = {"reflectie1": "bijeenkomst1.yaml", "reflectie2": "bijeenkomst2.yaml"}

Text = Annotated[str, Field(min_length=1)]
Tool = Literal["poll", "groepsweb", "rollenspel", "dilemma"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


def _unique(ids: list[str]) -> None:
    seen: set[str] = set()
    for ident in ids:
        if ident in seen:
            raise ValueError(t("meetings.content.duplicate_id", id=ident))
        seen.add(ident)


class Block(_Strict):
    """One part of a meeting, as the facilitator runs it."""

    id: Text
    title: Text
    minutes: int = Field(gt=0, le=120)
    kind: Literal["plenair", "tweetallen", "drietallen", "groepjes", "individueel", "pauze"]
    goal: Text
    instructions: list[Text] = Field(min_length=1)
    materials: list[Text] = Field(min_length=1)
    tools: list[Tool] = Field(default_factory=list)
    poll: str | None = None

    @model_validator(mode="after")
    def _poll_named(self) -> Block:
        if "poll" in self.tools and not self.poll:
            raise ValueError(t("meetings.content.poll_needed", block=self.id))
        return self


class Runbook(_Strict):
    meeting: Literal["reflectie1", "reflectie2"]
    title: Text
    theme: Text
    total_minutes: Literal[210]
    blocks: list[Block] = Field(min_length=2)

    @model_validator(mode="after")
    def _adds_up(self) -> Runbook:
        _unique([b.id for b in self.blocks])
        total = sum(b.minutes for b in self.blocks)
        if total != self.total_minutes:
            raise ValueError(t("meetings.content.minutes_total", total=total,
                               expected=self.total_minutes))
        if not any(b.kind == "pauze" for b in self.blocks):
            raise ValueError(t("meetings.content.no_break"))
        return self

    def block(self, block_id: str) -> Block:
        return next(b for b in self.blocks if b.id == block_id)


class PollSpec(_Strict):
    key: Text
    question: Text
    options: list[Text] = Field(min_length=2, max_length=8)


class PollBank(_Strict):
    polls: list[PollSpec] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_keys(self) -> PollBank:
        _unique([p.key for p in self.polls])
        return self

    def get(self, key: str) -> PollSpec:
        return next(p for p in self.polls if p.key == key)


class Case(_Strict):
    id: Text
    title: Text
    organisation: Text
    setting: Text
    leader: Text
    partner: Text


class CaseBank(_Strict):
    cases: list[Case]

    @model_validator(mode="after")
    def _enough(self) -> CaseBank:
        _unique([c.id for c in self.cases])
        if len(self.cases) < MIN_CASES:
            raise ValueError(t("meetings.content.too_few", n=len(self.cases), min=MIN_CASES))
        return self

    def get(self, case_id: str) -> Case:
        return next(c for c in self.cases if c.id == case_id)


class Dilemma(_Strict):
    id: Text
    kind: Literal["relationeel", "organisatorisch"]
    title: Text
    situation: Text
    questions: list[Text] = Field(min_length=2)


class DilemmaBank(_Strict):
    dilemmas: list[Dilemma]

    @model_validator(mode="after")
    def _enough(self) -> DilemmaBank:
        _unique([d.id for d in self.dilemmas])
        if len(self.dilemmas) < MIN_DILEMMAS:
            raise ValueError(t("meetings.content.too_few", n=len(self.dilemmas),
                               min=MIN_DILEMMAS))
        if {d.kind for d in self.dilemmas} != {"relationeel", "organisatorisch"}:
            raise ValueError(t("meetings.content.both_kinds"))
        return self

    def get(self, dilemma_id: str) -> Dilemma:
        return next(d for d in self.dilemmas if d.id == dilemma_id)


class ChecklistItem(_Strict):
    id: Text
    label: Text
    hint: Text


RoleName = Literal["gesprekvoerder", "gesprekspartner", "observator"]


class RolePlay(_Strict):
    roles: dict[RoleName, Text]
    scale: list[Text] = Field(min_length=3, max_length=3)
    checklist: list[ChecklistItem]

    @model_validator(mode="after")
    def _complete(self) -> RolePlay:
        if len(self.roles) != 3:
            raise ValueError(t("meetings.content.roles_missing"))
        _unique([c.id for c in self.checklist])
        missing = [i for i in CHECKLIST_IDS if i not in {c.id for c in self.checklist}]
        if missing:
            raise ValueError(t("meetings.content.checklist_items", missing=", ".join(missing)))
        return self


class Content(_Strict):
    """Everything the reflection meetings need, loaded and cross-checked."""

    runbooks: dict[str, Runbook]
    polls: PollBank
    cases: CaseBank
    dilemmas: DilemmaBank
    roleplay: RolePlay


def facilitator_dir() -> Path:
    home = setting("home")
    if home:
        return Path(home) / "facilitator"
    for base in (Path.cwd(), *Path.cwd().parents):
        if (base / "facilitator" / "bijeenkomst1.yaml").is_file():
            return base / "facilitator"
    return Path.cwd() / "facilitator"


def load(folder: Path | None = None) -> Content:
    """Load and check all files; every problem in every file is reported at once."""
    folder = folder or facilitator_dir()
    problems: list[str] = []

    def get(name: str, model: type[M]) -> M | None:
        try:
            return load_yaml(folder / name, model)
        except ContentError as exc:
            problems.append(str(exc))
            return None

    runbooks = {kind: get(name, Runbook) for kind, name in RUNBOOK_FILES.items()}
    polls = get("polls.yaml", PollBank)
    cases = get("casussen.yaml", CaseBank)
    dilemmas = get("dilemmas.yaml", DilemmaBank)
    roleplay = get("rollenspel.yaml", RolePlay)
    if isinstance(polls, PollBank):
        keys = {p.key for p in polls.polls}
        for kind, book in runbooks.items():
            if not isinstance(book, Runbook):
                continue
            for block in book.blocks:
                if block.poll and block.poll not in keys:
                    problems.append(f"{folder / RUNBOOK_FILES[kind]}: " + t(
                        "meetings.content.poll_unknown", block=block.id, poll=block.poll))
    if problems:
        raise ContentError("\n".join(problems))
    # Every file that failed to load added a problem, so none of these is None here.
    assert polls and cases and dilemmas and roleplay
    return Content(runbooks={k: b for k, b in runbooks.items() if b is not None}, polls=polls,
                   cases=cases, dilemmas=dilemmas, roleplay=roleplay)


@cache
def _cached(folder: str) -> Content:
    return load(Path(folder))


def content() -> Content:
    """Cached per kernel: the files do not change while a meeting runs."""
    return _cached(str(facilitator_dir()))
