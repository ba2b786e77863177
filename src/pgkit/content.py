"""Content files (YAML) for the e-learning, checked with pydantic when they are loaded.

Content authors are not programmers, so a broken file must say, in Dutch, which FILE
and which QUESTION (or other item with an ``id``) is wrong. ``load_yaml`` does that for
any pydantic model; other areas (meetings, intervision) reuse it for their own files.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    ValidationError,
    field_validator,
    model_validator,
)

from pgkit import yamlfile
from pgkit.config import setting
from pgkit.curriculum import UNIT_KEYS
from pgkit.messages import t

M = TypeVar("M", bound=BaseModel)
# libyaml's safe loader is ~10x faster than the pure-Python one; both refuse Python tags.
MIN_QUESTIONS = 5

# How a list field is named in an error message: ``questions`` -> "vraag v3".
LABELS: dict[str, str] = {
    "questions": "elearning.content.label_question",
    "exercises": "elearning.content.label_exercise",
    "sections": "elearning.content.label_section",
    "items": "elearning.content.label_item",
    "options": "elearning.content.label_option",
    "turns": "elearning.content.label_turn",
    "speakers": "elearning.content.label_speaker",
}
# Tags pydantic puts in an error location for a tagged union; not shown to authors.
_TAGS = {"sort", "choice", "dialogue", "line", "spot"}


class ContentError(ValueError):
    """A content file that cannot be used; the message is for the author, in Dutch."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


NonEmpty = Annotated[str, Field(min_length=1)]


class Option(_Strict):
    """An answer option; ``feedback`` explains why it is (not) right."""

    text: NonEmpty
    feedback: NonEmpty
    correct: bool = False


def _exactly_one_correct(options: list[Option]) -> None:
    """A single-answer question, a choice exercise and a dialogue's choice point: one best."""
    n = sum(o.correct for o in options)
    if n != 1:
        raise ValueError(t("elearning.content.single_needs_one", n=n))


class Question(_Strict):
    """One knowledge-check question.

    ``single``: exactly one correct option. ``multiple``: one or more correct options,
    the answer must match them all. ``ordering``: options are written in the right
    order and shown shuffled; ``correct`` is not used.

    ``level`` says what the question tests: ``recall`` (reproduce a fact), ``application``
    (apply an idea to a given example) or ``scenario`` (choose what to do in a situation
    from practice). ``pgkit.quiz_quality`` counts them; the content tests require it.
    """

    id: NonEmpty
    kind: Literal["single", "multiple", "ordering"]
    level: Literal["recall", "application", "scenario"] | None = None
    prompt: NonEmpty
    options: list[Option] = Field(min_length=2)

    @model_validator(mode="after")
    def _has_answer(self) -> Question:
        n = sum(o.correct for o in self.options)
        if self.kind == "single":
            _exactly_one_correct(self.options)
        if self.kind == "multiple" and n < 1:
            raise ValueError(t("elearning.content.multiple_needs_one"))
        if self.kind == "ordering" and n:
            raise ValueError(t("elearning.content.ordering_no_correct"))
        return self

    def correct_answer(self) -> list[str]:
        if self.kind == "ordering":
            return [o.text for o in self.options]
        return [o.text for o in self.options if o.correct]

    def is_correct(self, answer: str | list[str] | None) -> bool:
        """Whether ``answer`` (an option text, or a list of them) is right."""
        if answer is None:
            return False
        if self.kind == "single":
            return answer == self.correct_answer()[0]
        if self.kind == "multiple":
            return isinstance(answer, list) and set(answer) == set(self.correct_answer())
        return list(answer) == self.correct_answer()


class SortItem(_Strict):
    id: NonEmpty
    text: NonEmpty
    category: NonEmpty
    feedback: NonEmpty


class SortExercise(_Strict):
    """Put statements in the right box, e.g. the six dimensions of the spinnenweb."""

    id: NonEmpty
    kind: Literal["sort"]
    title: NonEmpty
    instruction: NonEmpty
    categories: list[NonEmpty] = Field(min_length=2)
    items: list[SortItem] = Field(min_length=2)

    @model_validator(mode="after")
    def _known_categories(self) -> SortExercise:
        for item in self.items:
            if item.category not in self.categories:
                raise ValueError(t("elearning.content.unknown_category", item=item.id,
                                   category=item.category))
        return self


class ChoiceExercise(_Strict):
    """Choose the best option, e.g. the most open follow-up question in a fragment."""

    id: NonEmpty
    kind: Literal["choice"]
    title: NonEmpty
    instruction: NonEmpty
    fragment: str = ""
    options: list[Option] = Field(min_length=2)

    @model_validator(mode="after")
    def _one_best(self) -> ChoiceExercise:
        _exactly_one_correct(self.options)
        return self


# --- worked conversations -------------------------------------------------------------

# What a turn shows of the basishouding; the label a trainee sees is in the catalogue
# (``elearning.dialogue.move.<key>``). ``valkuil`` marks a slip the dialogue shows on purpose.
Move = Literal["open_vraag", "doorvragen", "stilte", "empathie", "samenvatten",
               "op_handen_zitten", "benoemen", "eigen_positie", "valkuil"]


class Speaker(_Strict):
    id: NonEmpty
    name: NonEmpty
    role: NonEmpty
    professional: bool = False


class Line(_Strict):
    """Something said (or, with ``pause``, a silence described); ``note`` explains the move."""

    kind: Literal["line"] = "line"
    id: NonEmpty
    speaker: NonEmpty
    text: NonEmpty
    pause: bool = False
    move: Move | None = None
    note: str = ""


class ChoicePoint(_Strict):
    """The dialogue stops: which turn would you say next? One option is best."""

    kind: Literal["choice"]
    id: NonEmpty
    prompt: NonEmpty
    options: list[Option] = Field(min_length=2)

    @model_validator(mode="after")
    def _one_best(self) -> ChoicePoint:
        _exactly_one_correct(self.options)
        return self


class SpotPoint(_Strict):
    """The dialogue stops: in which of the professional's turns so far did a move happen?"""

    kind: Literal["spot"]
    id: NonEmpty
    prompt: NonEmpty
    answer: list[NonEmpty] = Field(min_length=1)
    feedback: NonEmpty


def _turn_kind(value: Any) -> str:
    # A line needs no ``kind``; any other value goes to pydantic, which names the choices.
    kind = value.get("kind", "line") if isinstance(value, dict) else getattr(value, "kind", "line")
    return kind if isinstance(kind, str) else "?"


Turn = Annotated[Annotated[Line, Tag("line")] | Annotated[ChoicePoint, Tag("choice")]
                 | Annotated[SpotPoint, Tag("spot")], Discriminator(_turn_kind)]


def _check_speaker(line: Line, speakers: set[str]) -> None:
    if line.speaker not in speakers:
        raise ValueError(t("elearning.content.dialogue_unknown_speaker",
                           turn=line.id, speaker=line.speaker))


def _check_spot(spot: SpotPoint, earlier: set[str]) -> None:
    wrong = [a for a in spot.answer if a not in earlier]
    if wrong:
        raise ValueError(t("elearning.content.dialogue_bad_spot", turn=spot.id,
                           ids=", ".join(wrong)))


class DialogueExercise(_Strict):
    """A worked conversation, read turn by turn, with points where the trainee acts.

    Lines are shown up to the next point; the trainee then chooses the next turn
    (``choice``) or points out turns of the professional (``spot``), gets feedback,
    and reads on. The notes on the lines appear once the point after them is answered,
    so they do not give the answer away.
    """

    id: NonEmpty
    kind: Literal["dialogue"]
    title: NonEmpty
    instruction: NonEmpty
    setting: NonEmpty
    speakers: list[Speaker] = Field(min_length=2)
    turns: list[Turn] = Field(min_length=2)

    @model_validator(mode="after")
    def _consistent(self) -> DialogueExercise:
        self._check_speakers()
        self._check_turns()
        self._check_lines_and_spots()
        return self

    def _check_speakers(self) -> None:
        ids = [s.id for s in self.speakers]
        if len(set(ids)) != len(ids):
            raise ValueError(t("elearning.content.dialogue_double_speaker"))
        if not any(s.professional for s in self.speakers):
            raise ValueError(t("elearning.content.dialogue_no_professional"))

    def _check_turns(self) -> None:
        turn_ids = [turn.id for turn in self.turns]
        doubles = sorted({i for i in turn_ids if turn_ids.count(i) > 1})
        if doubles:
            raise ValueError(t("elearning.content.dialogue_double_turn", ids=", ".join(doubles)))
        if not any(isinstance(turn, ChoicePoint | SpotPoint) for turn in self.turns):
            raise ValueError(t("elearning.content.dialogue_no_point"))

    def _check_lines_and_spots(self) -> None:
        """Every line has a known speaker; a spot point names only earlier turns of the
        professional."""
        ids = {s.id for s in self.speakers}
        professional = {s.id for s in self.speakers if s.professional}
        earlier: set[str] = set()
        for turn in self.turns:
            if isinstance(turn, Line):
                _check_speaker(turn, ids)
                if turn.speaker in professional:
                    earlier.add(turn.id)
            elif isinstance(turn, SpotPoint):
                _check_spot(turn, earlier)

    def speaker(self, sid: str) -> Speaker:
        return next(s for s in self.speakers if s.id == sid)

    def lines(self) -> list[Line]:
        return [turn for turn in self.turns if isinstance(turn, Line)]

    def texts(self) -> list[str]:
        """Everything a trainee reads in this exercise, in reading order."""
        out = [self.setting]
        for turn in self.turns:
            if isinstance(turn, Line):
                out += [turn.text, turn.note]
            elif isinstance(turn, ChoicePoint):
                out += [turn.prompt, *[f"{o.text}\n{o.feedback}" for o in turn.options]]
            else:
                out += [turn.prompt, turn.feedback]
        return [text for text in out if text]


Exercise = Annotated[SortExercise | ChoiceExercise | DialogueExercise,
                     Field(discriminator="kind")]


class Section(_Strict):
    """A short piece of prose (Markdown). ``case`` names the organisation of a case."""

    id: NonEmpty
    title: NonEmpty
    text: NonEmpty
    case: str | None = None
    widget: Literal["spinnenweb"] | None = None  # an interactive part under the text


class Reflection(_Strict):
    prompt: NonEmpty
    hint: str = ""


class UnitContent(_Strict):
    """Everything a unit shows; title and study time come from ``pgkit.curriculum``."""

    unit: NonEmpty
    intro: NonEmpty
    goals: list[NonEmpty] = Field(min_length=1)
    sections: list[Section] = Field(min_length=1)
    exercises: list[Exercise] = Field(min_length=1)
    questions: list[Question]
    reflection: Reflection

    @field_validator("unit")
    @classmethod
    def _known_unit(cls, value: str) -> str:
        if value not in UNIT_KEYS:
            raise ValueError(t("elearning.content.unknown_unit", unit=value,
                               known=", ".join(UNIT_KEYS)))
        return value

    @field_validator("questions")
    @classmethod
    def _enough(cls, value: list[Question]) -> list[Question]:
        if len(value) < MIN_QUESTIONS:
            raise ValueError(t("elearning.content.too_few_questions", n=len(value),
                               min=MIN_QUESTIONS))
        ids = [q.id for q in value]
        doubles = sorted({i for i in ids if ids.count(i) > 1})
        if doubles:
            raise ValueError(t("elearning.content.duplicate_ids", ids=", ".join(doubles)))
        return value

    def question(self, qid: str) -> Question:
        return next(q for q in self.questions if q.id == qid)


# --- generic loading -------------------------------------------------------------------


def _where(data: Any, loc: tuple[int | str, ...]) -> list[str]:
    """Turn a pydantic error location into Dutch words: ``vraag v3``, ``optie 2``."""
    parts: list[str] = []
    node = data
    field: str | None = None
    fields: list[str] = []  # field names not yet shown, e.g. reflection.prompt
    for step in loc:
        if step in _TAGS:  # the discriminator tag pydantic adds
            continue
        if isinstance(step, int):
            item = node[step] if isinstance(node, list) and step < len(node) else None
            label = t(LABELS.get(field or "", "elearning.content.label_entry"))
            ident = item.get("id") if isinstance(item, dict) else None
            parts.append(f"{label} {ident}" if ident is not None else f"{label} {step + 1}")
            node, fields = item, []
        else:
            field = step
            fields.append(step)
            node = node.get(step) if isinstance(node, dict) else None
    if fields:
        parts.append(t("elearning.content.label_field", field=".".join(fields)))
    return parts


def _message(err: Any) -> str:
    kind = err.get("type", "")
    if kind == "missing":
        return t("elearning.content.err_missing")
    if kind == "extra_forbidden":
        return t("elearning.content.err_extra")
    if kind in {"string_too_short", "too_short"}:
        return t("elearning.content.err_empty")
    if kind in {"string_type", "list_type", "bool_type", "dict_type", "model_type",
                "bool_parsing", "model_attributes_type"}:
        return t("elearning.content.err_type")
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        return t("elearning.content.err_choice", expected=expected)
    if kind == "union_tag_invalid":
        return t("elearning.content.err_kind", expected=err.get("ctx", {}).get("expected_tags", ""))
    if kind == "value_error":
        return str(err.get("ctx", {}).get("error", err.get("msg", "")))
    return str(err.get("msg", kind))


def format_errors(path: Path | str, data: Any, exc: ValidationError) -> str:
    """``FILE: vraag v3: optie 2: veld 'feedback': ontbreekt``, one line per problem."""
    lines = []
    for err in exc.errors():
        where = _where(data, tuple(err.get("loc", ())))
        lines.append(": ".join([str(path), *where, _message(err)]))
    return "\n".join(lines)


def load_yaml(path: Path | str, model: type[M]) -> M:
    """Read one YAML file into ``model``; any problem raises ``ContentError`` for authors."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ContentError(t("elearning.content.err_read", file=path, reason=exc.strerror)) from exc
    try:
        data = yamlfile.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else "?"
        raise ContentError(t("elearning.content.err_yaml", file=path, line=line)) from exc
    if not isinstance(data, dict):
        raise ContentError(t("elearning.content.err_not_mapping", file=path))
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ContentError(format_errors(path, data, exc)) from None


# --- the e-learning units ---------------------------------------------------------------


def content_dir() -> Path:
    """``modules/content`` of the kit (the ``home`` setting, else found from the working dir)."""
    home = setting("home")
    if home:
        return Path(home) / "modules" / "content"
    for base in (Path.cwd(), *Path.cwd().parents):
        if (base / "modules" / "content").is_dir():
            return base / "modules" / "content"
    return Path.cwd() / "content"


def load_unit(key: str, folder: Path | None = None) -> UnitContent:
    """The content of one unit; the file's ``unit`` must match its name."""
    path = (folder or content_dir()) / f"{key}.yaml"
    unit = load_yaml(path, UnitContent)
    if unit.unit != key:
        raise ContentError(t("elearning.content.err_unit_mismatch", file=path, unit=unit.unit,
                             key=key))
    return unit


@cache
def cached_unit(key: str, folder: str) -> UnitContent:
    return load_unit(key, Path(folder))


def unit(key: str) -> UnitContent:
    """Cached per kernel: content files do not change while a page is open."""
    return cached_unit(key, str(content_dir()))


def load_all(folder: Path | None = None) -> dict[str, UnitContent]:
    """Every unit; collects all broken files into one error."""
    units: dict[str, UnitContent] = {}
    problems: list[str] = []
    for key in UNIT_KEYS:
        try:
            units[key] = load_unit(key, folder)
        except ContentError as exc:
            problems.append(str(exc))
    if problems:
        raise ContentError("\n".join(problems))
    return units
