"""The registry of document kinds: one shape for every kind, and check and build loop over it."""

from __future__ import annotations

import datetime as dt
from importlib.resources import files

import pytest

from kldocs.documents import KINDS
from kldocs.documents.kinds import Audience, Kind, Options, Plan, register
from kldocs.engine.output import OutputFile
from kldocs.errors import Report
from kldocs.inputs.folder import Folder

BUNDLED = {t.name for t in files("kldocs.templates").iterdir() if t.name.endswith(".docx")}


def test_the_kinds_are_registered_in_the_order_a_partnership_needs_them():
    assert list(KINDS) == ["invitations", "description", "networks", "agreements", "meetings", "summary", "reminders"]


@pytest.mark.parametrize("kind", KINDS.values(), ids=list(KINDS))
def test_every_kind_declares_its_name_template_folder_and_audience(kind: Kind):
    assert kind.template in BUNDLED
    assert str(kind.default_out) == f"out/{kind.name}"
    assert isinstance(kind.audience, Audience)
    assert kind.label and kind.label[0].isupper()


@pytest.mark.parametrize("kind", KINDS.values(), ids=list(KINDS))
def test_every_kind_plans_the_example_into_output_files(kind: Kind, example_dir):
    plan = kind.plan(Folder(example_dir), Options(web=True, date=dt.date(2021, 8, 9)))  # reminders need a day
    assert isinstance(plan, Plan) and plan.files
    assert all(isinstance(f, OutputFile) for f in plan.files)
    assert any(f.template == kind.template for f in plan.files)


def test_a_kind_skips_what_the_folder_cannot_give_it_yet(example_copy):
    (example_copy / "registrations.csv").unlink()
    folder = Folder(example_copy)
    assert {name: kind.skipped(folder) for name, kind in KINDS.items()} == {
        "invitations": None,
        "description": None,
        "networks": "there are no registrations yet",
        "agreements": "there are no registrations yet",
        "meetings": "there are no registrations yet",
        "summary": "there are no registrations yet",
        "reminders": "a reminder is written for a day (kldocs build --date DATE, or kldocs reminders PROGRAM_DIR "
                     "--date DATE)",
    }


class Reminder(Kind):
    """A kind added in one module and one line: a letter to every municipality of a region."""

    name = "reminders"
    label = "Reminders"
    template = "invitation.docx"
    audience = Audience.MUNICIPALITIES

    def plan(self, folder: Folder, options: Options) -> Plan:
        return KINDS["invitations"].plan(folder, Options(to="nordjylland"))

    def check(self, folder: Folder, report: Report) -> None:
        report.ok.append("reminders: fine")


def test_a_kind_added_with_one_line_is_checked_and_built(example_copy, tmp_path, monkeypatch):
    from kldocs.app import build_all, check_folder

    monkeypatch.setitem(KINDS, "reminders", Reminder())
    assert "reminders: fine" in check_folder(example_copy).ok
    built = build_all(example_copy, tmp_path / "out")
    assert built.lines[-1].startswith("Reminders: 11 documents written to")
    assert len(list((tmp_path / "out" / "reminders").glob("*.docx"))) == 11


def test_register_adds_a_kind_by_its_name(monkeypatch):
    monkeypatch.setattr("kldocs.documents.kinds.KINDS", {})
    from kldocs.documents import kinds

    kind = register(Reminder())
    assert {"reminders": kind} == kinds.KINDS


def test_a_kind_is_imported_when_it_is_first_used():
    import subprocess
    import sys

    code = ("import sys; from kldocs.documents import KINDS; KINDS['invitations']; "
            "print(sorted(m for m in sys.modules if m.startswith('kldocs.documents.')))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "kldocs.documents.invitations" in loaded and "kldocs.documents.kinds" in loaded
    assert "kldocs.documents.summary" not in loaded and "kldocs.documents.agreements" not in loaded


@pytest.mark.parametrize("name", ["invitations", "meetings", "reminders"])  # those with --eml
def test_every_kind_that_makes_its_own_pdfs_records_their_form(name, example_copy):
    """A kind that converts for its e-mail drafts says what PDF it made, so a PDF/A is never taken for a plain one."""
    (example_copy / "recipients.csv").write_text("Kommune;E-mail\nLæsø;dagtilbud@laesoe.example\n", encoding="utf-8")
    options = Options(eml=True, pdf=True, pdfa=True, date=dt.date(2021, 8, 9), to="Læsø")  # Læsø did not register
    plan = KINDS[name].plan(Folder(example_copy), options)
    assert plan.pdf_made
    made = [f for f in plan.files if f.kind.endswith(("-pdf", "-eml"))]
    assert made and all(f.form == "pdfa" for f in made), {f.relpath: f.form for f in made if f.form != "pdfa"}
