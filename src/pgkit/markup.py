"""The one way the kit builds HTML: every value is escaped unless code marks it safe.

Pages and widgets write HTML as a template that is the kit's own text (a literal in the
code) with ``{name}`` holes, and fill it with ``html(template, name=value)``. Each value
is escaped on the way in (names, reflections, case titles, content files, catalogue
texts), unless it is already ``Markup``: the result of ``html``, ``join`` or ``msg``, or
markup the kit made itself (an SVG, rendered Markdown) and wraps in ``Markup`` where it
is made. So forgetting a call is safe: an unescaped value can only appear where code
says ``Markup(...)`` on purpose, and ``tests/test_html_safety.py`` feeds hostile values
to every HTML-producing function.

Built on markupsafe (Jinja2's escaping, already installed with nbconvert), so a value
that passes through a Jinja2 template with autoescape is treated the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache
from typing import LiteralString

from markupsafe import Markup, escape

from pgkit.messages import catalogue_text, plural_key

__all__ = ["Markup", "escape", "html", "join", "markdown", "msg", "msgn", "notice_html",
           "unbroken"]


def html(template: LiteralString, /, *args: object, **values: object) -> Markup:
    """``template`` filled with escaped values (``Markup`` values are kept as they are).

    ``template`` is markup the kit wrote: never pass text that came from a user or a file.
    """
    return Markup(template).format(*args, **values)


def unbroken(text: str) -> str:
    """``text`` with non-breaking spaces, so a line never breaks inside it (a join code).

    Plain text, not ``Markup``: it serves a button's label as well as a value in ``html``.
    """
    return text.replace(" ", "\u00a0")


def join(parts: Iterable[str], sep: LiteralString = "") -> Markup:
    """The parts one after another; a part that is not ``Markup`` is escaped."""
    return Markup(sep).join(parts)


def msg(key: str, /, **values: object) -> Markup:
    """A catalogue text as markup: the catalogue is the kit's own (it may hold ``<a>`` or
    ``<strong>``), the values filled into it are escaped."""
    template = Markup(catalogue_text(key))
    return template.format(**values) if values else template


def msgn(key: str, n: int, /, **values: object) -> Markup:
    """``msg`` for the singular or plural form of a count, like ``messages.tn``."""
    return msg(plural_key(key, n), n=n, **values)


@cache
def _markdown() -> Callable[[str], str | list]:
    import mistune  # only the pages that show content need it

    # escape=True: HTML typed into a content file is shown as text, not run as markup.
    return mistune.create_markdown(escape=True, plugins=["strikethrough", "footnotes", "table"])


def markdown(text: str) -> Markup:
    """Markdown from a content file as markup; any HTML written in the text is escaped."""
    rendered = _markdown()(text)
    assert isinstance(rendered, str)  # mistune returns tokens only for the AST renderer
    return Markup(rendered)


def notice_html(message: str, kind: str = "info") -> Markup:
    """A short message in a box; ``kind`` is info, ok or warn. ``message`` is escaped
    unless it is ``Markup``. A warning is an alert, anything else a polite status."""
    role = "alert" if kind == "warn" else "status"
    return html('<div class="pgkit-notice pgkit-{kind}" role="{role}">{message}</div>',
                kind=kind, role=role, message=message)
