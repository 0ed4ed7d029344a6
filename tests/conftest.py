"""Shared fixtures: the bundled example programme, isolated HOME, and LibreOffice availability."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kldocs.inputs.program import Program, load_program
from kldocs.inputs.registrations import Registration, load_registrations
from kldocs.networks.compose import compose_networks
from kldocs.networks.lineup import Lineup

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_DIR = ROOT / "fixtures" / "programs" / "staerke-boernefaellesskaber-2021"
SECOND_EXAMPLE = EXAMPLE_DIR.parent / "faellesskaber-mod-ensomhed-2025"
"""The second example, a programme of another shape (interest, not sign-up; other sections and prices)."""
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache folder for the whole run (the LibreOffice profile is set up once), never the user's."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch,
                  shared_cache: Path) -> Path:
    """Run every test with its own HOME, so nothing reads or writes the user's files."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", str(shared_cache))
    return home


@pytest.fixture
def example_dir() -> Path:
    """The bundled example programme folder (read-only: copy it before changing anything)."""
    return EXAMPLE_DIR


@pytest.fixture
def example_copy(tmp_path: Path) -> Path:
    """A writable copy of the example programme folder."""
    target = tmp_path / "program"
    shutil.copytree(EXAMPLE_DIR, target, ignore=shutil.ignore_patterns("__pycache__", "__init__.py"))
    return target


@pytest.fixture(scope="session")
def program() -> Program:
    """The example programme, loaded."""
    return load_program(EXAMPLE_DIR)


@pytest.fixture(scope="session")
def example(program: Program) -> tuple[Registration, ...]:
    """The example programme's registrations."""
    return load_registrations(EXAMPLE_DIR, program).items


@pytest.fixture(scope="session")
def lineup(example: tuple[Registration, ...], program: Program) -> Lineup:
    """The line-up of networks composed for the example registrations."""
    return compose_networks(example, program.networks)


def soffice_missing() -> str | None:
    """Why LibreOffice-based tests cannot run here, or None when they can."""
    missing = [tool for tool in ("soffice", "pdftotext") if shutil.which(tool) is None]
    return f"needs {' and '.join(missing)} (installed by .ci/run in CI)" if missing else None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip tests marked `soffice` with a visible reason when LibreOffice or poppler is absent."""
    reason = soffice_missing()
    if reason is None:
        return
    for item in items:
        if "soffice" in item.keywords:
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture
def input_reads(monkeypatch):
    """How often program.yaml and the registrations are read, by file name."""
    reads: dict[str, int] = {}
    import kldocs.inputs.program
    import kldocs.inputs.registrations

    read_bounded, read_table = kldocs.inputs.program.read_bounded, kldocs.inputs.registrations.read_table

    def yaml_spy(path, *args, **kwargs):  # program.yaml is read so, whether it is then parsed or kept from before
        reads[path.name] = reads.get(path.name, 0) + 1
        return read_bounded(path, *args, **kwargs)

    def table_spy(path, *args, **kwargs):
        reads[path.name] = reads.get(path.name, 0) + 1
        return read_table(path, *args, **kwargs)

    monkeypatch.setattr(kldocs.inputs.program, "read_bounded", yaml_spy)
    monkeypatch.setattr(kldocs.inputs.registrations, "read_table", table_spy)
    return reads
