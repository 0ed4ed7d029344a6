"""How fast are the agreements of a partnership all 98 municipalities joined?

Run:  .venv/bin/python benchmarks/bench_agreements.py

Registers every municipality in a copy of the example programme and prints,
side by side, the time for:

- writing the 98 finished files and a manifest, with nothing to render (the floor),
- ``kldocs.app.make("agreements", …)`` (load, check, render all 98, write atomically with a manifest),
  with a worker process per core and in one process (``KLDOCS_WORKERS=1``, as docxtpl runs),
- docxtpl as most scripts use it: open the template and render it afresh for each municipality,

each the best of three runs, with ratios to the floor.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from docxtpl import DocxTemplate

from kldocs.app import make
from kldocs.danish.formatting import FILTERS
from kldocs.documents.agreements import agreement_context, agreement_filename
from kldocs.inputs.program import load_program
from kldocs.inputs.registrations import load_registrations
from kldocs.reference.municipalities import registry
from kldocs.resources import bundled_template

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "fixtures" / "programs" / "staerke-boernefaellesskaber-2021"


def programme_with_all_98(target: Path) -> Path:
    """A copy of the example programme in which every municipality registered."""
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns("__pycache__", "__init__.py", "*.xlsx"))
    lines = (EXAMPLE / "registrations.csv").read_bytes().decode("cp1252").splitlines()
    header, template_row = lines[0], lines[1].split(";")
    rows = [header]
    for m in registry():
        row = list(template_row)
        row[0] = str(m.code)
        rows.append(";".join(row))
    (target / "registrations.csv").write_bytes("\r\n".join(rows).encode("cp1252"))
    return target


def best_of(runs: int, action: Callable[[int], None]) -> float:
    times = []
    for run in range(runs):
        started = time.perf_counter()
        action(run)
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="kldocs-bench-") as scratch:
        folder = programme_with_all_98(Path(scratch) / "program")
        program = load_program(folder)
        registrations = load_registrations(folder, program)
        assert len(registrations) == 98

        def ours(prefix: str) -> Callable[[int], None]:
            return lambda run: make("agreements", folder, Path(scratch) / f"{prefix}{run}")

        kldocs_time = best_of(3, ours("ours"))
        os.environ["KLDOCS_WORKERS"] = "1"
        try:
            one_process_time = best_of(3, ours("one"))
        finally:
            del os.environ["KLDOCS_WORKERS"]
        finished = {p.name: p.read_bytes() for p in (Path(scratch) / "ours0").glob("*.docx")}

        def floor(run: int) -> None:
            out = Path(scratch) / f"floor{run}"
            out.mkdir()
            manifest = []
            for name, data in finished.items():
                (out / name).write_bytes(data)
                manifest.append({"path": name, "sha256": hashlib.sha256(data).hexdigest()})
            (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")

        floor_time = best_of(3, floor)

        def docxtpl(run: int) -> None:
            out = Path(scratch) / f"docxtpl{run}"
            out.mkdir()
            from jinja2.sandbox import SandboxedEnvironment

            env = SandboxedEnvironment()
            env.filters.update(FILTERS)
            for registration in registrations:
                doc = DocxTemplate(str(bundled_template("agreement.docx")))
                doc.render(agreement_context(program, registration), env)
                doc.save(str(out / agreement_filename(registration.municipality)))

        docxtpl_time = best_of(3, docxtpl)

    print(f"{'98 agreements':<48}{'ms':>9}{'× floor':>9}")
    for label, seconds in (
        ("writing finished files + manifest (floor)", floor_time),
        ("kldocs make(\"agreements\")", kldocs_time),
        ("kldocs make(\"agreements\"), one process", one_process_time),
        ("docxtpl, template opened per document", docxtpl_time),
    ):
        print(f"{label:<48}{seconds * 1000:>9.1f}{seconds / floor_time:>9.1f}")


if __name__ == "__main__":
    main()
