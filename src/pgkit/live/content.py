"""Load a YAML content file into a pydantic model, with Dutch errors naming file and item.

Uses ``pgkit.content.load_yaml`` (the e-learning's loader) when it is there, so all
content files report problems the same way; this small fallback keeps meetings
working on its own and can be dropped once that module is everywhere.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from pgkit.messages import t

M = TypeVar("M", bound=BaseModel)

try:  # pragma: no cover - depends on which parts of the kit are installed
    from pgkit.content import ContentError
    from pgkit.content import load_yaml as _shared_load_yaml
except ImportError:  # pragma: no cover
    _shared_load_yaml = None

    class ContentError(ValueError):  # type: ignore[no-redef]
        """A content file that cannot be used; the message is for the author, in Dutch."""


def _where(data: Any, loc: tuple[int | str, ...]) -> str:
    parts: list[str] = []
    node = data
    for step in loc:
        if isinstance(step, int) and isinstance(node, list) and step < len(node):
            node = node[step]
            ident = node.get("id") or node.get("key") if isinstance(node, dict) else None
            parts.append(t("meetings.content.item", id=ident or step + 1))
        else:
            parts.append(t("meetings.content.field", field=step))
            node = node.get(step) if isinstance(node, dict) else None
    return ": ".join(parts)


def _reason(err: Any) -> str:
    kind = err.get("type", "")
    if kind in ("missing", "extra_forbidden", "too_short", "string_too_short"):
        return t(f"meetings.content.err_{kind.removeprefix('string_')}")
    if kind == "value_error":
        return str(err.get("ctx", {}).get("error", err.get("msg", "")))
    return str(err.get("msg", kind))


def load_yaml(path: Path | str, model: type[M]) -> M:
    """Read one YAML file into ``model``; problems raise ``ContentError`` in Dutch."""
    if _shared_load_yaml is not None:
        return _shared_load_yaml(path, model)
    path = Path(path)  # pragma: no cover - fallback
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ContentError(t("meetings.content.unreadable", file=path)) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ContentError(t("meetings.content.bad_yaml", file=path,
                             line=mark.line + 1 if mark else "?")) from exc
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        lines = [f"{path}: {_where(data, tuple(e['loc']))}: {_reason(e)}" for e in exc.errors()]
        raise ContentError("\n".join(lines)) from None
