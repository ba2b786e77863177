"""Every notebook in modules/ runs headless (nbclient) for a signed-in trainee.

Pages catch their own errors and show a Dutch ``.pgkit-error`` box instead of a
traceback, so a clean run alone proves little: a cell appended to each notebook (in
memory only) fails the run when any such box, or no page at all, was displayed.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from sqlalchemy import func, select

from pgkit import demo, identity
from pgkit.store import people, session_scope, upgrade
from pgkit.store.models import ProgressEvent

ROOT = Path(__file__).resolve().parents[2]
MODULES = ROOT / "modules"
NOTEBOOKS = sorted(p.name for p in MODULES.glob("*.ipynb"))
SECRET = "test-secret-for-notebooks"

CHECK = """
from ipywidgets.widgets.widget import _instances
import ipywidgets as w
texts = [x.value for x in list(_instances.values()) if isinstance(x, w.HTML)]
errors = [t for t in texts if 'class="pgkit-error"' in t]
assert not errors, ({name!r}, errors)
assert any({marker!r} in t for t in texts), ({name!r}, "the page did not render")
for x in list(_instances.values()):
    x.close()
"""


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('nb') / 'kit.sqlite'}"
    upgrade(url)
    with session_scope(url) as s:
        people.ensure_person(s, "nieuw-1", "Noël Peeters")
        demo.load(s, trainees=20, cohorts=2)
    return url


# A view does slow extras (the certificate) just after it is drawn, on the kernel's
# event loop (lifecycle.soon); between cells of one run the loop gets no turn, so give it one.
LET_THE_VIEW_FINISH = "import asyncio\nawait asyncio.sleep(1.5)"


def check_cell(name: str, marker: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_code_cell(LET_THE_VIEW_FINISH + "\n" +
                                     CHECK.format(marker=marker, name=name))


def as_user(pseudonym: str) -> nbformat.NotebookNode:
    cookie = f"{identity.COOKIE}={identity.sign(pseudonym)}"
    return nbformat.v4.new_code_cell(f"import os\nos.environ['HTTP_COOKIE'] = {cookie!r}")


def test_every_notebook_runs_headless(store: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """All notebooks, one after another in one kernel (the machine is shared and slow).

    First as a new trainee, then the overview again as the demo trainee who finished
    everything and must be offered the certificate.
    """
    monkeypatch.setenv("PGKIT_DB", store)
    monkeypatch.setenv("PGKIT_HOME", str(ROOT))
    monkeypatch.setenv("PGKIT_SECRET", SECRET)
    monkeypatch.setenv("HTTP_COOKIE", f"{identity.COOKIE}={identity.sign('nieuw-1')}")
    combined = nbformat.v4.new_notebook(metadata={"kernelspec": {
        "name": "python3", "display_name": "Python 3", "language": "python"}})
    for name in NOTEBOOKS:
        nb = nbformat.read(MODULES / name, as_version=4)
        marker = "pgkit-units" if name == "index.ipynb" else "pgkit-steps"
        combined.cells += [*nb.cells, check_cell(name, marker)]
    index = nbformat.read(MODULES / "index.ipynb", as_version=4)
    combined.cells += [as_user(demo.DEMO_TRAINEE), *index.cells,
                       check_cell("index.ipynb (demo)", "pgkit-certificate")]
    NotebookClient(combined, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(MODULES)}}).execute()
    with session_scope(store) as s:
        pid = people.person_by_pseudonym(s, "nieuw-1").id
        opened = dict(s.execute(select(ProgressEvent.unit, func.count()).where(
            ProgressEvent.person_id == pid, ProgressEvent.kind == "opened")
            .group_by(ProgressEvent.unit)).all())
    assert opened == {n.removesuffix(".ipynb"): 1 for n in NOTEBOOKS if n != "index.ipynb"}


def test_every_unit_has_a_notebook() -> None:
    from pgkit.curriculum import UNIT_KEYS

    assert set(NOTEBOOKS) == {"index.ipynb", *(f"{k}.ipynb" for k in UNIT_KEYS)}
    for name in NOTEBOOKS:  # thin, with outputs stripped
        nb = nbformat.read(MODULES / name, as_version=4)
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert len(code) == 1 and not code[0].outputs
