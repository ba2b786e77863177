"""The kit's settings: one traitlets ``Configurable``, like Voila's ``VoilaConfiguration``.

``KitConfig`` holds every kit setting with its type, default, help and range. The server
(``pgkit serve``) reads it from three places, each overriding the one before:

1. a config file (``--config FILE``, else ``pgkit_config.py`` in the working folder):
   ``c.KitConfig.max_kernels = 10``;
2. the environment, under the ``PGKIT_*`` names the kit has always used;
3. the command line: ``--KitConfig.max_kernels=10`` or a short alias (``--max-kernels 10``).

Every value is checked before anything starts; a bad one is a ``ConfigError`` in Dutch
naming the setting as the user wrote it. Kernels and the other commands have no file or
command line of their own: they read one setting at a time from the environment with
:func:`setting` (same checks), and the server hands its settings to its kernels with
:func:`export` (Voila starts kernels with the server's environment). This module is the
only one that reads or writes a ``PGKIT_*`` variable (tests/test_config.py).
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Mapping, MutableMapping
from functools import cache
from pathlib import Path
from typing import Any

from traitlets import Int, TraitType, Unicode, default
from traitlets.config import Config, Configurable
from traitlets.config.loader import PyFileConfigLoader

from pgkit.commands import UserError
from pgkit.messages import DEFAULT_LANG, t

CONFIG_FILE = "pgkit_config.py"
SECTION = "KitConfig"


class ConfigError(UserError):
    """A setting with a bad value; the message is Dutch and names the setting."""


class KitConfig(Configurable):
    """Every setting of the kit, for the server, its kernels and the commands."""

    home = Unicode(
        "", help="The kit's folder (notebooks/, modules/, data/); empty: the working folder.",
    ).tag(config=True, env="PGKIT_HOME", metavar="MAP")
    db = Unicode(
        "", help="SQLAlchemy URL of the store; empty: data/pgkit.sqlite under the kit's folder.",
    ).tag(config=True, env="PGKIT_DB", metavar="URL", alias="--db")
    db_pool_size = Int(
        2, min=0, help="Connections each process keeps open to PostgreSQL.",
    ).tag(config=True, env="PGKIT_DB_POOL_SIZE", metavar="N")
    db_max_overflow = Int(
        3, min=-1, help="Extra PostgreSQL connections a process may open at a peak (-1: no limit).",
    ).tag(config=True, env="PGKIT_DB_MAX_OVERFLOW", metavar="N")
    port = Int(
        8866, min=1, max=65535, help="Port of the kit's web server.",
    ).tag(config=True, metavar="POORT", alias="--port")
    max_kernels = Int(
        # A kernel with an open page costs 130-215 MiB (benchmarks/README.md, "Hub load"), so
        # 40 fit an 8 GiB node with room for the server and the preheated pool, and hold a
        # room of 24 phones with their facilitators.
        40, min=0, help="Most visitor kernels alive at once; then the busy page (0: no cap).",
    ).tag(config=True, env="PGKIT_MAX_KERNELS", metavar="N", alias="--max-kernels")
    cull_idle_seconds = Int(
        600, min=0, help="Seconds before an idle page kernel is stopped (0: never).",
    ).tag(config=True, env="PGKIT_CULL_IDLE_SECONDS", metavar="SEC")
    cull_interval_seconds = Int(
        help="Seconds between two checks for idle kernels; default: the idle time, at most 60.",
        min=1,
    ).tag(config=True, env="PGKIT_CULL_INTERVAL_SECONDS", metavar="SEC")
    secret = Unicode(
        None, allow_none=True,
        help="Key that signs profiles, shared with the kernels; unset: kept in the secret file.",
    ).tag(config=True, env="PGKIT_SECRET", cli=False, refuse_blank=True)
    secret_file = Unicode(
        "", help="File that keeps the signing key; empty: data/.pgkit-secret in the served folder.",
    ).tag(config=True, env="PGKIT_SECRET_FILE", metavar="BESTAND")
    profile_cookie = Unicode(
        "pgkit_profiel", help="Name of the cookie that carries a visitor's signed profile.",
    ).tag(config=True, env="PGKIT_PROFILE_COOKIE", metavar="NAAM")
    base_url = Unicode(
        "", help="Path prefix the kit is served under (behind JupyterHub: the service prefix).",
    ).tag(config=True, env="PGKIT_BASE_URL", metavar="PAD")
    lang = Unicode(
        DEFAULT_LANG, help="Language of the message catalogue (a folder in pgkit/messages).",
    ).tag(config=True, env="PGKIT_LANG", metavar="TAAL")
    font_dir = Unicode(
        "", help="Folder with DejaVuSans.ttf for certificates; empty: the usual system folders.",
    ).tag(config=True, env="PGKIT_FONT_DIR", metavar="MAP")
    course = Unicode(
        "", help="The nbgrader course folder; empty: the working folder.",
    ).tag(config=True, env="PGKIT_COURSE", metavar="MAP")

    @default("cull_interval_seconds")
    def _cull_interval(self) -> int:
        return max(1, min(60, self.cull_idle_seconds))


@cache
def settings() -> dict[str, TraitType]:
    """Every setting by name, in the order the class declares them."""
    traits = KitConfig.class_traits(config=True)
    return {name: traits[name] for name in vars(KitConfig) if name in traits}


def env_name(name: str) -> str | None:
    """The ``PGKIT_*`` variable of a setting (None: no environment alias)."""
    return settings()[name].metadata.get("env")


# --- checking one value -------------------------------------------------------------------


def check(name: str, value: object, given_as: str) -> object:
    """``value`` (a string from the environment or command line, or a Python value from a
    config file) as setting ``name`` holds it; ``given_as`` names it in the Dutch message."""
    trait = settings()[name]
    if isinstance(trait, Int):
        number: int | None = None
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        elif isinstance(value, str):
            try:
                number = int(value.strip())
            except ValueError:
                number = None
        low, high = trait.min, trait.max
        if number is None or (low is not None and number < low) or (
                high is not None and number > high):
            key = "config.bad_number" if high is None else "config.bad_range"
            raise ConfigError(t(key, name=given_as, value=value, minimum=low, maximum=high))
        return number
    if value is None and trait.allow_none:
        return None
    if not isinstance(value, str):
        raise ConfigError(t("config.bad_text", name=given_as, value=value))
    if trait.metadata.get("refuse_blank") and not value.strip():
        # A blank key would let anyone sign a profile.
        raise ConfigError(t("cli.serve.empty_secret_env", name=given_as))
    return value


def _blank_is_unset(name: str, raw: str) -> bool:
    # ``PGKIT_MAX_KERNELS=`` means the default (deploy/hub/jupyterhub_config.py passes
    # unset settings on that way); only a blank key is an error, never a default.
    return not raw.strip() and not settings()[name].metadata.get("refuse_blank")


# --- the environment ----------------------------------------------------------------------


def from_environ(environ: Mapping[str, str] | None = None) -> dict[str, object]:
    """The settings the environment gives, checked."""
    environ = os.environ if environ is None else environ
    values: dict[str, object] = {}
    for name in settings():
        var = env_name(name)
        raw = environ.get(var) if var else None
        if raw is not None and not _blank_is_unset(name, raw):
            values[name] = check(name, raw, var or name)
    return values


@cache
def _defaults() -> KitConfig:
    return KitConfig()


@cache
def _from_env(name: str, raw: str) -> Any:
    return check(name, raw, env_name(name) or name)


def setting(name: str) -> Any:
    """One setting as this process's environment gives it, else its default.

    For kernels and commands, which have no config file or command line: the server has
    exported its checked settings to them. Read at call time, so a changed environment
    (a test, a kernel that just got its visitor) is honoured; a default that depends on
    another setting (``cull_interval_seconds``) is only right in :func:`load`.
    """
    var = env_name(name)
    raw = os.environ.get(var) if var else None
    if raw is None or _blank_is_unset(name, raw):
        return getattr(_defaults(), name)
    return _from_env(name, raw)


def kernel_env(kit: KitConfig) -> dict[str, str]:
    """The ``PGKIT_*`` variables that give a kernel (or any child process) these settings."""
    env: dict[str, str] = {}
    for name in settings():
        var, value = env_name(name), getattr(kit, name)
        if var and value is not None and value != "":
            env[var] = str(value)
    return env


def export(kit: KitConfig, environ: MutableMapping[str, str] | None = None) -> None:
    """Make ``environ`` (this process's) carry exactly ``kit``'s settings.

    Voila starts every kernel with the server's environment, so this is how kernels get
    the server's settings; the server's own ``setting()`` calls then agree with them.
    """
    environ = os.environ if environ is None else environ
    for name in settings():
        var = env_name(name)
        if var:
            environ.pop(var, None)
    environ.update(kernel_env(kit))


# --- the server: file < environment < command line -----------------------------------------


def from_file(path: Path) -> dict[str, object]:
    """The settings in a traitlets config file (``c.KitConfig.max_kernels = 10``), checked."""
    if not path.is_file():
        raise ConfigError(t("config.file_missing", path=path))
    try:
        loaded = PyFileConfigLoader(path.name, str(path.parent)).load_config()
    except Exception as exc:  # whatever the file does wrong is the user's to fix
        raise ConfigError(t("config.file_broken", path=path, error=exc)) from None
    values: dict[str, object] = {}
    for section, entries in loaded.items():
        if section != SECTION or not isinstance(entries, Config):
            raise ConfigError(t("config.file_section", path=path, section=section))
        for name, value in entries.items():
            if name not in settings():
                raise ConfigError(t("config.unknown", path=path, name=f"{SECTION}.{name}"))
            values[name] = check(name, value, f"c.{SECTION}.{name} ({path})")
    return values


def load(cli: Mapping[str, tuple[str, str]] | None = None, file: Path | None = None,
         environ: Mapping[str, str] | None = None) -> KitConfig:
    """The server's settings: the config file, then the environment, then the command line.

    ``cli`` maps a setting to (the option as typed, its value); ``file`` None means
    ``pgkit_config.py`` in the working folder when there is one. Raises ``ConfigError``
    before anything starts.
    """
    if file is None and Path(CONFIG_FILE).is_file():
        file = Path(CONFIG_FILE)
    values = from_file(file.resolve()) if file is not None else {}
    values.update(from_environ(environ))
    for name, (option, raw) in (cli or {}).items():
        values[name] = check(name, raw, option)
    return KitConfig(config=Config({SECTION: values}))


# --- the command line ---------------------------------------------------------------------

DEST = "kit_settings"


class _Setting(argparse.Action):
    """Records (option as typed, value) so a bad value is named the way the user wrote it."""

    def __call__(self, _parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: Any, option_string: str | None = None) -> None:
        given = dict(getattr(namespace, DEST, None) or {})
        given[self.dest.removeprefix(f"{SECTION}.")] = (option_string or self.dest, values)
        setattr(namespace, DEST, given)


def _help(name: str, trait: TraitType) -> str:
    parts = [t(f"config.help.{name}")]
    # A default computed from another setting is told by the help text itself.
    dynamic = name in KitConfig._trait_default_generators
    if not dynamic and trait.default_value not in ("", None):
        parts.append(t("config.default", value=trait.default_value))
    if env_name(name):
        parts.append(t("config.env", name=env_name(name)))
    return " ".join(parts)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``--config FILE`` and one option per setting, with its Dutch help, from the traits."""
    parser.add_argument("--config", type=Path, default=None, metavar="BESTAND",
                        help=t("config.file_option", name=CONFIG_FILE))
    parser.set_defaults(**{DEST: {}})
    env_only: list[str] = []
    for name, trait in settings().items():
        if not trait.metadata.get("cli", True):
            env_only.append(f"{env_name(name)} / c.{SECTION}.{name}: {t(f'config.help.{name}')}")
            continue
        options = [o for o in (trait.metadata.get("alias"), f"--{SECTION}.{name}") if o]
        parser.add_argument(*options, action=_Setting, dest=f"{SECTION}.{name}", default=None,
                            metavar=trait.metadata.get("metavar", "X"), help=_help(name, trait))
    parser.epilog = " ".join([t("config.order", name=CONFIG_FILE), *env_only])
