"""`pip install .` (not only editable) must give a working kldocs with its data."""

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import EXAMPLE_DIR, ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", str(out), str(ROOT)],
        capture_output=True, text=True, check=False,
    )
    if result.returncode != 0:
        pytest.fail(f"building the wheel failed:\n{result.stderr[-2000:]}")
    (path,) = out.glob("kldocs-*.whl")
    return path


def test_the_wheel_carries_templates_reference_data_and_the_example(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "kldocs/data/kommuner.csv" in names
    assert "kldocs/data/kommuner_geo.csv" in names
    assert "kldocs/data/SOURCES.md" in names
    assert "kldocs/examples/staerke-boernefaellesskaber-2021/program.yaml" in names
    assert "kldocs/examples/staerke-boernefaellesskaber-2021/registrations.csv" in names
    bundled = {p.name for p in (ROOT / "templates").glob("*.docx")}
    assert bundled <= {Path(n).name for n in names if n.startswith("kldocs/templates/")}
    assert not [n for n in names if "__pycache__" in n]


def test_an_installed_kldocs_starts_and_checks_a_programme(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", str(target),
                    str(wheel)], check=True, capture_output=True)
    env = {**os.environ, "PYTHONPATH": str(target)}
    where = subprocess.run([sys.executable, "-c", "import kldocs; print(kldocs.__file__)"], env=env, cwd=tmp_path,
                           capture_output=True, text=True, check=True)
    assert where.stdout.startswith(str(target))
    program = tmp_path / "ny"
    for args in (["new", str(program)], ["check", str(program)]):
        result = subprocess.run([sys.executable, "-m", "kldocs", *args], env=env, cwd=tmp_path,
                                capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stderr
    assert (program / "program.yaml").read_bytes() == (EXAMPLE_DIR / "program.yaml").read_bytes()
