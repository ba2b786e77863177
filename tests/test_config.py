"""The kit's one configuration (pgkit.config): sources, order, checks, help, hygiene."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pgkit import config
from pgkit.cli import main, parser
from pgkit.config import ConfigError, KitConfig

SRC = Path(config.__file__).parent
ENV_READERS = {"get", "pop", "setdefault", "__getitem__", "__contains__"}


def _names_pgkit(node: ast.AST, constants: frozenset[str]) -> bool:
    """Whether an expression spells a PGKIT_ variable: a literal, an f-string or a constant."""
    for sub in ast.walk(node):
        if isinstance(sub, ast.Constant) and isinstance(sub.value, str) \
                and sub.value.startswith("PGKIT_"):
            return True
        if isinstance(sub, ast.Name | ast.Attribute) and \
                (sub.id if isinstance(sub, ast.Name) else sub.attr) in constants:
            return True
    return False


def environ_uses(source: str, constants: frozenset[str] = frozenset()) -> list[int]:
    """Lines where ``source`` reads or writes a PGKIT_ variable of the environment.

    The environment is ``os.environ``, a bare ``environ`` and any name bound to either;
    ``os.getenv``/``os.putenv``/``os.unsetenv`` count too, and so does a module-level
    constant holding a PGKIT_ name (it exists only to be looked up).
    """
    tree = ast.parse(source)
    aliases = {"environ"}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Attribute | ast.Name) \
                and ast.unparse(node.value) in ("os.environ", "environ"):
            aliases |= {t.id for t in node.targets if isinstance(t, ast.Name)}

    def is_env(node: ast.AST) -> bool:
        return ast.unparse(node) == "os.environ" or (isinstance(node, ast.Name)
                                                     and node.id in aliases)

    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript) and is_env(node.value) \
                and _names_pgkit(node.slice, constants):
            lines.append(node.lineno)
        elif isinstance(node, ast.Call) and node.args and _names_pgkit(node.args[0], constants):
            func = node.func
            if (isinstance(func, ast.Attribute) and func.attr in ENV_READERS
                    and is_env(func.value)) or ast.unparse(func) in (
                    "os.getenv", "getenv", "os.putenv", "os.unsetenv"):
                lines.append(node.lineno)
        elif isinstance(node, ast.Compare) and any(is_env(c) for c in node.comparators) \
                and _names_pgkit(node.left, constants):
            lines.append(node.lineno)
    for node in tree.body:
        if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None and any(
                isinstance(c, ast.Constant) and isinstance(c.value, str)
                and c.value.startswith("PGKIT_") for c in ast.walk(node.value)):
            lines.append(node.lineno)
    return sorted(set(lines))


def _module_constants() -> frozenset[str]:
    """Names of module-level constants anywhere in the package that hold a PGKIT_ name."""
    names: set[str] = set()
    for path in SRC.rglob("*.py"):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) \
                    and str(node.value.value).startswith("PGKIT_"):
                names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    return frozenset(names)


@pytest.mark.parametrize("code", [
    'import os\nx = os.environ.get("PGKIT_HOME")',
    'import os\nx = os.environ["PGKIT_DB"]',
    'import os\nos.environ["PGKIT_DB"] = "x"',
    'import os\nx = "PGKIT_SECRET" in os.environ',
    'import os\nx = os.getenv("PGKIT_LANG", "nl")',
    'import os\nenv = os.environ\nx = env.get(f"PGKIT_{name}")',
    'from os import environ\nx = environ.pop("PGKIT_BASE_URL", None)',
    'VAR = "PGKIT_COURSE"',
])
def test_the_hygiene_check_sees_every_way_to_read_a_setting(code: str) -> None:
    assert environ_uses(code)


def test_the_hygiene_check_lets_other_variables_and_words_be() -> None:
    code = ('import os\nx = os.environ.get("JUPYTERHUB_USER")\n'
            'def f():\n    """Mentions PGKIT_HOME in a docstring."""\n'
            '    return {"PGKIT_HUB_STATE": "/x"}["PGKIT_HUB_STATE"]\n')
    assert environ_uses(code) == []


def test_only_the_config_module_reads_pgkit_variables() -> None:
    constants = _module_constants()
    found = {str(path.relative_to(SRC)): lines for path in sorted(SRC.rglob("*.py"))
             if path != Path(config.__file__)
             and (lines := environ_uses(path.read_text(encoding="utf-8"), constants))}
    assert found == {}, "read the setting with pgkit.config.setting() instead"


# --- where settings come from ---------------------------------------------------------------


def _file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "pgkit_config.py"
    path.write_text(text, encoding="utf-8")
    return path


def test_file_then_environment_then_command_line(tmp_path: Path) -> None:
    file = _file(tmp_path, "c.KitConfig.max_kernels = 5\nc.KitConfig.cull_idle_seconds = 30\n"
                           "c.KitConfig.db_pool_size = 4\n")
    env = {"PGKIT_MAX_KERNELS": "7", "PGKIT_CULL_IDLE_SECONDS": "20"}
    args = parser().parse_args(["serve", "--config", str(file), "--KitConfig.max_kernels=9"])
    kit = config.load(cli=args.kit_settings, file=args.config, environ=env)
    assert kit.max_kernels == 9  # command line over environment over file
    assert kit.cull_idle_seconds == 20  # environment over file
    assert kit.db_pool_size == 4  # file over default
    assert kit.db_max_overflow == 3  # default
    assert kit.cull_interval_seconds == 20  # its default follows the idle time
    assert config.load(file=file, environ={}).max_kernels == 5


def test_a_short_alias_and_the_long_name_set_the_same_setting() -> None:
    for argv in (["--max-kernels", "3"], ["--KitConfig.max_kernels", "3"]):
        args = parser().parse_args(["serve", *argv])
        assert config.load(cli=args.kit_settings, environ={}).max_kernels == 3


def test_pgkit_config_py_in_the_working_folder_is_read(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    _file(tmp_path, "c.KitConfig.port = 9000\n")
    monkeypatch.chdir(tmp_path)
    assert config.load(environ={}).port == 9000


def test_a_blank_variable_means_the_default() -> None:
    assert config.load(environ={"PGKIT_MAX_KERNELS": " "}).max_kernels == 40


def test_the_environment_alone_gives_a_kernel_its_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    kit = config.load(cli={"max_kernels": ("--max-kernels", "6")}, environ={})
    kit.db, kit.secret, kit.base_url = "sqlite:///x.sqlite", "geheim", "/services/pgkit/"
    env = config.kernel_env(kit)
    assert env["PGKIT_MAX_KERNELS"] == "6" and env["PGKIT_SECRET"] == "geheim"
    assert "PGKIT_COURSE" not in env  # empty: the kernel uses its own default
    # A copy for this test: export() changes the environment of the whole test run.
    monkeypatch.setattr(os, "environ", {**os.environ, "PGKIT_COURSE": "/oud"})
    config.export(kit)
    assert "PGKIT_COURSE" not in os.environ  # the server's settings, no leftovers
    for name in ("max_kernels", "db", "secret", "base_url", "cull_idle_seconds"):
        assert config.setting(name) == getattr(kit, name)
    assert config.load(environ=env).max_kernels == 6


# --- bad values -----------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "given_as", "expected"), [
    ("veel", "PGKIT_MAX_KERNELS", "PGKIT_MAX_KERNELS moet een heel getal van 0 of meer zijn"),
    ("2.5", "PGKIT_CULL_IDLE_SECONDS", "PGKIT_CULL_IDLE_SECONDS moet een heel getal van 0"),
    ("0", "PGKIT_CULL_INTERVAL_SECONDS", "PGKIT_CULL_INTERVAL_SECONDS moet een heel getal van 1"),
    ("-2", "PGKIT_DB_MAX_OVERFLOW", "PGKIT_DB_MAX_OVERFLOW moet een heel getal van -1 of meer"),
])
def test_a_bad_variable_is_named_in_dutch(raw: str, given_as: str, expected: str) -> None:
    with pytest.raises(ConfigError, match=expected):
        config.load(environ={given_as: raw})


def test_a_bad_port_names_its_range() -> None:
    with pytest.raises(ConfigError, match=r"^--port moet een heel getal van 1 tot en met 65535"):
        config.load(cli={"port": ("--port", "70000")}, environ={})


def test_a_blank_key_is_refused() -> None:
    with pytest.raises(ConfigError, match="PGKIT_SECRET is leeg"):
        config.load(environ={"PGKIT_SECRET": " "})


@pytest.mark.parametrize(("text", "expected"), [
    ("c.KitConfig.max_kernels = 'veel'\n", r"c.KitConfig.max_kernels \(.*\) moet een heel getal"),
    ("c.KitConfig.maxkernels = 3\n", "noemt KitConfig.maxkernels, maar die instelling bestaat"),
    ("c.Voila.port = 3\n", "mag alleen KitConfig-instellingen bevatten, niet Voila"),
    ("c.KitConfig.home = Path(\n", "bevat een fout"),
])
def test_a_bad_file_is_named_in_dutch(tmp_path: Path, text: str, expected: str) -> None:
    with pytest.raises(ConfigError, match=expected):
        config.load(file=_file(tmp_path, text), environ={})


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"bestaat niet\. De kit is niet gestart"):
        config.load(file=tmp_path / "weg.py", environ={})


def _serve(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("PGKIT_")}
    environ.update(PGKIT_HOME=str(tmp_path), PYTHONPATH=str(SRC.parent), **env)
    return subprocess.run([sys.executable, "-m", "pgkit.cli", "serve", *args], env=environ,
                          cwd=tmp_path, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize(("args", "env", "expected"), [
    (["--max-kernels", "veel"], {}, '--max-kernels moet een heel getal van 0 of meer zijn'),
    ([], {"PGKIT_CULL_IDLE_SECONDS": "-5"}, "PGKIT_CULL_IDLE_SECONDS moet een heel getal van 0"),
    (["--config", "slecht.py"], {}, "c.KitConfig.port"),
])
def test_a_bad_setting_starts_nothing(tmp_path: Path, args: list[str], env: dict[str, str],
                                      expected: str) -> None:
    (tmp_path / "slecht.py").write_text("c.KitConfig.port = 'acht'\n", encoding="utf-8")
    out = _serve(tmp_path, *args, **env)
    assert out.returncode == 1 and expected in out.stderr, out.stderr
    assert "Traceback" not in out.stderr and "De kit draait" not in out.stdout
    assert not (tmp_path / "data").exists()  # no store made, no key written


# --- help -----------------------------------------------------------------------------------


def test_serve_help_lists_every_setting(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["serve", "--help"])
    out = " ".join(capsys.readouterr().out.split())  # argparse wraps long lines
    for name, trait in config.settings().items():
        if trait.metadata.get("cli", True):
            assert f"--KitConfig.{name} " in out
        else:  # a secret never goes on a command line that every account can see
            assert f"--KitConfig.{name} " not in out and f"c.KitConfig.{name}" in out
        if config.env_name(name):
            assert config.env_name(name) in out
    assert "--max-kernels N" in out and "--db URL" in out and "--port POORT" in out
    assert "Standaard: 40." in out


def test_every_setting_has_english_and_dutch_help() -> None:
    from pgkit.messages import catalogue

    for name, trait in config.settings().items():
        assert trait.help and "\n" not in trait.help, name
        assert f"config.help.{name}" in catalogue(), name
    assert set(config.settings()) == set(KitConfig.class_own_traits(config=True))



def test_the_deployment_guide_lists_every_setting() -> None:
    guide = (SRC.parents[1] / "docs" / "deployment.md").read_text(encoding="utf-8")
    rows = {line.split("|")[1].strip(" `"): line.split("|")[2].strip(" `")
            for line in guide.splitlines() if line.startswith("| `")}
    assert rows == {name: config.env_name(name) or "—" for name in config.settings()}
