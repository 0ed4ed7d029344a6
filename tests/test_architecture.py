"""The house: packages that import one way only, and no module that imports itself round a circle."""

import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[1]


def test_the_layer_contract_in_pyproject_is_kept():
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint), "--config", str(ROOT / "pyproject.toml")], capture_output=True, text=True,
                            cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_no_module_imports_itself_round_a_circle():
    graph = grimp.build_graph("kldocs")
    circles = []
    for module in sorted(graph.modules):
        for imported in graph.find_modules_directly_imported_by(module):
            if imported != module and graph.chain_exists(importer=imported, imported=module):
                circles.append((*graph.find_shortest_chain(importer=imported, imported=module), imported))
    assert circles == []


def test_every_module_lives_in_a_package_of_the_house_or_at_its_top():
    top = {"__init__", "__main__", "app", "cli", "english", "errors", "resources", "status"}
    packages = {"danish", "reference", "inputs", "networks", "engine", "documents", "data"}
    package = ROOT / "src" / "kldocs"
    for path in package.iterdir():
        if path.suffix == ".py":
            assert path.stem in top, path
        elif path.is_dir() and path.name != "__pycache__":
            assert path.name in packages, path
