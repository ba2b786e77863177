"""The one message catalogue for user-facing text.

Texts live in ``messages/<lang>/<area>.yaml``; keys are ``<area>.<name>``. One file per
area keeps edits apart, but lookups go through this single catalogue so a translation
only has to add a folder.

Which language: the signed-in person's own choice (``people.language``) for the view the
shell is building (``use_language``), else the process default (``PGKIT_LANG``, Dutch). A
key a translation lacks falls back to Dutch, the kit's complete catalogue.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pgkit import yamlfile

HERE = Path(__file__).parent
DEFAULT_LANG = "nl"

# The language of the person this kernel serves. A kernel serves one visitor (the shell
# asks who it is for every view), so one value per process is enough, like the query in
# ``pages.base``; None means the process default.
_language: str | None = None


@cache
def languages() -> tuple[str, ...]:
    """The languages the kit has a catalogue for (a folder under ``messages/``)."""
    return tuple(sorted(p.name for p in HERE.iterdir() if p.is_dir() and any(p.glob("*.yaml"))))


def use_language(lang: str | None) -> None:
    """Show texts in ``lang`` from now on (None: the process default); an unknown value
    (an edited store, say) falls back to the default rather than failing a view."""
    global _language
    _language = lang if lang in languages() else None


def current_language() -> str:
    """The language texts are shown in now: the one whose catalogue says so."""
    return catalogue_text("common.language")


@cache
def catalogue(lang: str = DEFAULT_LANG) -> dict[str, str]:
    texts: dict[str, str] = {}
    for path in sorted((HERE / lang).glob("*.yaml")):
        area = path.stem
        data = yamlfile.safe_load(path.read_text(encoding="utf-8")) or {}
        for key, value in _flatten(data):
            texts[f"{area}.{key}"] = value
    return texts


def _flatten(data: dict, prefix: str = "") -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for key, value in data.items():
        full = f"{prefix}{key}"
        if isinstance(value, dict):
            out.extend(_flatten(value, full + "."))
        else:
            out.append((full, str(value)))
    return out


def catalogue_text(key: str, /) -> str:
    """The unfilled text for ``key`` in the user's language (``pgkit.markup.msg`` fills it
    with escaped values)."""
    texts = catalogue(_language or _server_language())
    if key not in texts:
        texts = catalogue(DEFAULT_LANG)
    try:
        return texts[key]
    except KeyError:
        raise KeyError(f"message {key!r} missing from the catalogue") from None


def _server_language() -> str:
    """The server's language setting, for text made before (or without) a visitor's own
    choice; a visitor's view sets ``_language``, so the hot path never comes here."""
    # Imported here: pgkit.config needs this module to word its errors.
    from pgkit.config import setting

    return str(setting("lang"))


def locale() -> str:
    """The babel locale of the language texts are shown in (``nl_NL``): each catalogue
    names its own, so numbers and dates follow the same choice as the words."""
    return catalogue_text("common.locale")


def t(key: str, /, **values: object) -> str:
    """The text for ``key`` in the user's language, filled in with ``values``."""
    template = catalogue_text(key)
    return template.format(**values) if values else template


def plural_key(key: str, n: int, /) -> str:
    """Dutch needs only two forms: ``key.one`` for 1, ``key.other`` for any other count."""
    return f"{key}.{'one' if n == 1 else 'other'}"


def tn(key: str, n: int, /, **values: object) -> str:
    """The singular (``key.one``) or plural (``key.other``) text for a count ``n``.

    Dutch needs only these two forms; a text like "casus(sen)" is never needed.
    """
    return t(plural_key(key, n), n=n, **values)
