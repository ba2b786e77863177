"""The one message catalogue for user-facing text.

Texts live in ``messages/<lang>/<area>.yaml``; keys are ``<area>.<name>``. One file per
area keeps edits apart, but lookups go through this single catalogue so a translation
only has to add a folder.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pgkit import yamlfile

HERE = Path(__file__).parent
DEFAULT_LANG = "nl"


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
    # Imported here: pgkit.config needs this module to word its errors.
    from pgkit.config import setting

    lang = setting("lang")
    texts = catalogue(lang)
    if key not in texts:
        texts = catalogue(DEFAULT_LANG)
    try:
        return texts[key]
    except KeyError:
        raise KeyError(f"message {key!r} missing from the catalogue") from None


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
