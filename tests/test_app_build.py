import os
from pathlib import Path

from click.testing import CliRunner
from openpyxl import load_workbook

from kldocs.cli import cli


def run_in(folder: Path, *args: str):
    old = Path.cwd()
    os.chdir(folder)
    try:
        return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    finally:
        os.chdir(old)


class DescribeDemo:
    def it_builds_every_document_kind_of_the_example_into_out(self, tmp_path):
        result = run_in(tmp_path, "demo")
        assert result.exit_code == 0, result.output
        out = tmp_path / "out"
        assert len(list((out / "invitations").glob("*.docx"))) == 98
        assert len(list((out / "agreements").glob("*.docx"))) == 24
        assert (out / "networks" / "networks.csv").is_file() and (out / "networks" / "netvaerk.docx").is_file()
        assert {p.name for p in (out / "summary").iterdir()} >= {"formidling.docx", "formidling.html", "formidling.md"}
        for kind in ("invitations", "agreements", "networks", "summary"):
            assert (out / kind / "manifest.json").is_file()
        lines = result.output.splitlines()
        assert lines[0].startswith("Invitations: 98 invitations written to ")
        assert "Everything written to" in result.output
        # each kind's notes under its line, as its own command prints them: the line-up's figures here
        networks = next(i for i, line in enumerate(lines) if line.startswith("Networks: 3 networks"))
        assert [line.split(":")[0] for line in lines[networks + 1:networks + 5]] == [
            "  Network 1", "  Network 2", "  Network 3", "  All networks"]

    def it_can_be_run_again_but_never_replaces_a_file_edited_since(self, tmp_path):
        run_in(tmp_path, "demo")
        first = {p: p.read_bytes() for p in (tmp_path / "out").rglob("*.docx")}
        result = run_in(tmp_path, "demo")
        assert result.exit_code == 0, result.output
        assert {p: p.read_bytes() for p in (tmp_path / "out").rglob("*.docx")} == first
        signed = tmp_path / "out" / "agreements" / "0751-aarhus-partnerskabsaftale.docx"
        signed.write_bytes(signed.read_bytes() + b"signed")
        result = CliRunner().invoke(cli, ["demo", "--out", str(tmp_path / "out")])
        assert result.exit_code == 1
        assert "0751-aarhus-partnerskabsaftale.docx" in result.output
        assert result.output.splitlines()[-1] == ("Error: nothing was written; move the files edited by hand out of "
                                                  "the folder, or give the demo another folder with --out")
        assert "--force" not in result.output  # the demo has no such option
        assert signed.read_bytes().endswith(b"signed")


    def it_leaves_the_documents_of_a_partnership_made_from_the_example_alone(self, tmp_path):
        """`kldocs new` copies the example, title and all; every command writes to `out` unless told."""
        assert run_in(tmp_path, "new", "mit-partnerskab").exit_code == 0
        result = run_in(tmp_path, "invitations", "mit-partnerskab", "--to", "0101")
        assert result.exit_code == 0, result.output
        mine = tmp_path / "out" / "invitations" / "0101-koebenhavn.docx"
        before = mine.read_bytes()
        result = run_in(tmp_path, "demo")
        assert result.exit_code == 1
        assert (f"{tmp_path / 'out' / 'invitations' / 'manifest.json'}: its files were written for the partnership "
                f"in {tmp_path / 'mit-partnerskab'}, of the same title but another folder (a copy of it?)"
                ) in " ".join(result.output.split())
        assert result.output.splitlines()[-1] == "Error: nothing was written; give the demo another folder with --out"
        assert mine.read_bytes() == before and sorted(p.name for p in (tmp_path / "out").iterdir()) == ["invitations"]

    def it_is_not_added_to_by_a_partnership_made_from_it(self, tmp_path):
        run_in(tmp_path, "demo")
        run_in(tmp_path, "new", "mit-partnerskab")
        result = run_in(tmp_path, "invitations", "mit-partnerskab", "--to", "0101")
        assert result.exit_code == 1
        assert (f"{tmp_path / 'out' / 'invitations' / 'manifest.json'}: its files were written for the example "
                "kldocs comes with, as kldocs demo writes it") in " ".join(result.output.split())
        assert ("Error: give each partnership a folder of its own, such as --out out/mit-partnerskab/invitations "
                "(with kldocs build and kldocs status, --out out/mit-partnerskab, which keeps each kind in a folder "
                "there); or move the other's documents out of out/invitations") in result.output
        assert run_in(tmp_path, "invitations", "mit-partnerskab", "--to", "0101", "--force").exit_code == 1
        result = run_in(tmp_path, "invitations", "mit-partnerskab", "--to", "0101", "--out",
                        "out/mit-partnerskab/invitations")
        assert result.exit_code == 0, result.output
        result = run_in(tmp_path, "status", "mit-partnerskab", "--out", "out/mit-partnerskab")  # as the advice says
        assert result.exit_code == 0, result.output
        assert "1 invited" in result.output


class DescribeBuild:
    def it_reads_program_yaml_once_and_the_registrations_once(self, example_dir, tmp_path, input_reads):
        from kldocs.app import build_all

        build_all(example_dir, tmp_path / "out")
        assert input_reads == {"program.yaml": 1, "registrations.csv": 1}

    def it_writes_nothing_when_the_folder_has_a_problem(self, example_copy, tmp_path):
        regs = example_copy / "registrations.csv"
        regs.write_bytes(regs.read_bytes().replace(b"Viborg;", b"Viiborg;"))
        out = tmp_path / "out"
        result = CliRunner().invoke(cli, ["build", str(example_copy), "--out", str(out)])
        assert result.exit_code == 1
        assert "registrations.csv, row 20, Kommune: 'Viiborg' is not a municipality (did you mean Viborg" in result.output
        assert not out.exists()

    def it_makes_only_invitations_and_the_description_before_anyone_has_registered(self, example_copy, tmp_path):
        (example_copy / "registrations.csv").unlink()
        (example_copy / "results.yaml").unlink()
        out = tmp_path / "out"
        result = CliRunner().invoke(cli, ["build", str(example_copy), "--out", str(out)])
        assert result.exit_code == 0, result.output
        assert "Networks, agreements, meetings and summary: skipped, there are no registrations yet" in result.output
        assert sorted(p.name for p in out.iterdir()) == ["description", "invitations"]

    def it_makes_final_agreements_when_asked(self, example_dir, tmp_path):
        out = tmp_path / "out"
        result = CliRunner().invoke(cli, ["build", str(example_dir), "--out", str(out), "--final"])
        assert result.exit_code == 0, result.output
        from docx import Document

        text = "\n".join(p.text for p in Document(str(out / "agreements" / "0751-aarhus-partnerskabsaftale.docx")).paragraphs)
        assert "UDKAST" not in text and "Politisk partnerskabsaftale" in text

    def it_dates_the_meeting_invitations_and_writes_the_reminders_due_on_the_day_it_is_given(self, example_dir,
                                                                                             tmp_path):
        from docxfactory import text

        undated, dated = tmp_path / "undated", tmp_path / "dated"
        result = CliRunner().invoke(cli, ["build", str(example_dir), "--out", str(undated)])
        assert result.exit_code == 0, result.output
        assert "Reminders: skipped, a reminder is written for a day (kldocs build --date DATE" in result.output
        assert not (undated / "reminders").exists()
        result = CliRunner().invoke(cli, ["build", str(example_dir), "--out", str(dated), "--date", "09-08-2021"])
        assert result.exit_code == 0, result.output
        assert "Reminders: 74 reminders written to" in result.output
        assert len(list((dated / "reminders").glob("*.docx"))) == 74
        meeting = "partnerskabsmoede-1.docx"
        assert "Dato: 9. august 2021" in text((dated / "meetings" / meeting).read_bytes())
        assert "Dato:" not in text((undated / "meetings" / meeting).read_bytes())
        # a meeting held before the day gets no invitation dated after it
        result = CliRunner().invoke(cli, ["build", str(example_dir), "--out", str(tmp_path / "late"), "--date",
                                          "2021-10-01"])
        assert result.exit_code == 0, result.output
        assert not (tmp_path / "late" / "meetings" / meeting).exists()
        assert (tmp_path / "late" / "meetings" / "partnerskabsmoede-2.docx").exists()
        # a day before the invitation's, a year typed wrong most likely, is refused before anything is written
        result = CliRunner().invoke(cli, ["build", str(example_dir), "--out", str(tmp_path / "early"), "--date",
                                          "2020-08-09"])
        assert result.exit_code == 1
        assert ("--date: 9. august 2020 is before the invitation's date (14. juni 2021, letter.date): the meeting "
                "invitations would be dated before it; is the year right?") in result.output
        assert not (tmp_path / "early").exists()

    def it_stops_before_writing_any_kind_when_one_file_anywhere_may_not_be_replaced(self, example_dir, tmp_path):
        out = tmp_path / "out"
        assert CliRunner().invoke(cli, ["build", str(example_dir), "--out", str(out)]).exit_code == 0
        signed = out / "agreements" / "0751-aarhus-partnerskabsaftale.docx"
        signed.write_bytes(signed.read_bytes() + b"signed")
        removed = out / "invitations" / "0101-koebenhavn.docx"
        removed.unlink()
        before = {p: p.stat().st_mtime_ns for p in out.rglob("*")}
        result = CliRunner().invoke(cli, ["build", str(example_dir), "--out", str(out), "--force"])
        assert result.exit_code == 1
        assert result.output.splitlines() == [
            f"Error: {signed}: was changed since kldocs wrote it (edited by hand?)",
            "Error: nothing was written; use --force with --force-edited to replace them all the same",
        ]
        assert not removed.exists(), "the invitations, made before the agreements, were not written either"
        assert {p: p.stat().st_mtime_ns for p in out.rglob("*")} == before

    def it_names_the_existing_files_of_every_kind_at_once(self, example_copy, tmp_path):
        out = tmp_path / "out"
        assert CliRunner().invoke(cli, ["build", str(example_copy), "--out", str(out)]).exit_code == 0
        before = {p: p.stat().st_mtime_ns for p in out.rglob("*")}
        # run again as it was, it writes the same files: nothing is replaced, so it needs no --force
        again = CliRunner().invoke(cli, ["build", str(example_copy), "--out", str(out)])
        assert again.exit_code == 0, again.output
        assert {p.relative_to(out) for p in out.rglob("*")} == {p.relative_to(out) for p in before}
        program = example_copy / "program.yaml"
        title = "title: Kommunalt partnerskab om stærke børnefællesskaber i dagtilbud\n"
        program.write_text(program.read_text(encoding="utf-8").replace(title, title.replace("dagtilbud", "dagtilbuddene")),
                           encoding="utf-8")
        result = CliRunner().invoke(cli, ["build", str(example_copy), "--out", str(out)])
        assert result.exit_code == 1  # the files that print the title, each kind's found once they are rendered
        for kind, count in (("networks", 1), ("agreements", 24), ("meetings", 8), ("summary", 2)):
            assert f"Error: {out / kind}: {count} of the files already {'exists' if count == 1 else 'exist'} (" \
                in result.output
        assert f"{out / 'invitations'}:" not in result.output  # the letters print the invitation's own title


class DescribeBuildAllOrNothing:
    """Every kind is rendered before any is committed, and a failure anywhere leaves every folder as it was."""

    @staticmethod
    def break_the_last_file_of_the_last_kind(monkeypatch) -> None:
        """The last file of the last kind a build writes fails when it is rendered, as a template can that checks out."""
        import dataclasses

        from conftest import EXAMPLE_DIR
        from kldocs.documents import KINDS
        from kldocs.errors import RenderError
        from kldocs.inputs.folder import Folder

        kind = [kind for kind in KINDS.values() if kind.skipped(Folder(EXAMPLE_DIR)) is None][-1]
        plan = kind.plan

        def broken(folder, options):
            planned = plan(folder, options)
            last = planned.files[-1]

            def boom() -> bytes:
                raise RenderError(f"{last.relpath}: the template uses 'x', which is not there when it is rendered")

            return dataclasses.replace(planned, files=(*planned.files[:-1],
                                                       dataclasses.replace(last, content=None, render=boom)))

        monkeypatch.setattr(kind, "plan", broken)

    @staticmethod
    def snapshot(out: Path) -> dict[str, bytes]:
        return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}

    def it_renders_every_kind_before_it_commits_any(self, example_dir, tmp_path, monkeypatch):
        from kldocs.app import build_all
        from kldocs.engine import output

        steps: list[tuple[str, str | None]] = []
        monkeypatch.setattr(output, "_fault", lambda step, relpath=None: steps.append((step, relpath)))
        build_all(example_dir, tmp_path / "out")
        names = [step for step, _ in steps]
        assert names.count("journal") == 6  # invitations, description, networks, agreements, meetings, summary
        assert max(i for i, s in enumerate(names) if s in ("staged", "manifest")) < names.index("journal")

    def it_writes_nothing_when_the_last_kind_fails_while_rendering(self, example_dir, tmp_path, monkeypatch):
        out = tmp_path / "out"
        self.break_the_last_file_of_the_last_kind(monkeypatch)
        result = CliRunner().invoke(cli, ["build", str(example_dir), "--out", str(out)])
        assert result.exit_code == 1
        assert result.output.splitlines() == [
            "Error: formidling-billede-1.jpg: the template uses 'x', which is not there when it is rendered"]
        assert not out.exists()

    def it_leaves_every_folder_as_it_was_when_rendering_or_committing_the_last_kind_fails(
            self, example_dir, tmp_path, monkeypatch):
        import errno

        from kldocs.engine import output

        out = tmp_path / "out"
        assert CliRunner().invoke(cli, ["build", str(example_dir), "--out", str(out)]).exit_code == 0
        before = self.snapshot(out)
        with monkeypatch.context() as patched:
            self.break_the_last_file_of_the_last_kind(patched)
            result = CliRunner().invoke(cli, ["build", str(example_dir), "--out", str(out), "--force"])
        assert result.exit_code == 1 and "formidling-billede-1.jpg: the template uses 'x'" in result.output
        assert self.snapshot(out) == before

        def refuse(step: str, relpath: str | None = None) -> None:
            if step == "install" and relpath == "formidling.docx":
                raise PermissionError(errno.EACCES, "Permission denied")

        monkeypatch.setattr(output, "_fault", refuse)
        result = CliRunner().invoke(cli, ["build", str(example_dir), "--out", str(out), "--force"])
        assert result.exit_code == 1
        assert result.output.splitlines() == [
            f"Error: {(out / 'summary').absolute()}: could not move formidling.docx into place (Permission denied); "
            "nothing was changed"]
        assert self.snapshot(out) == before


class DescribeAWithdrawal:
    """A municipality leaves after a build: the next build composes the networks again for those still registered."""

    def it_builds_again_with_the_networks_the_run_composes_and_names_the_stale_file_elsewhere(self, example_copy):
        out = example_copy / "out"
        assert CliRunner().invoke(cli, ["build", str(example_copy), "--out", str(out)]).exit_code == 0
        path = example_copy / "registrations.csv"
        lines = path.read_text(encoding="cp1252").splitlines()
        gone = next(line for line in lines if line.startswith("Gladsaxe"))
        path.write_text("\n".join(line for line in lines if line is not gone) + "\n", encoding="cp1252")

        alone = CliRunner().invoke(cli, ["meetings", str(example_copy), "--out", str(out / "meetings"), "--force"])
        assert alone.exit_code == 1
        assert f"Error: {out / 'networks' / 'networks.csv'}, row " in alone.output  # the file meant, by its path
        assert f"kldocs networks {example_copy} --out {out / 'networks'} --force" in alone.output

        result = CliRunner().invoke(cli, ["build", str(example_copy), "--out", str(out), "--force"])
        assert result.exit_code == 0, result.output
        listed = [str(row[0]) for p in sorted((out / "meetings").glob("*-deltagere.xlsx"))
                  for row in load_workbook(p)["Deltagere"].iter_rows(min_row=2, values_only=True)]
        assert "Aarhus Kommune" in listed and "Gladsaxe Kommune" not in listed
        assert "Gladsaxe" not in (out / "networks" / "networks.csv").read_text(encoding="utf-8-sig")


def test_build_on_a_day_notes_the_registrations_dated_after_it(example_copy, tmp_path):
    import csv

    path = example_copy / "registrations.csv"
    with path.open(encoding="cp1252", newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))
    rows[0].append("Tilmeldingsdato")
    for n, row in enumerate(rows[1:]):
        row.append("2021-08-20" if n == 0 else "2021-08-10")
    with path.open("w", encoding="cp1252", newline="") as f:
        csv.writer(f, delimiter=";").writerows(rows)
    result = CliRunner().invoke(cli, ["build", str(example_copy), "--out", str(tmp_path / "out"), "--date",
                                      "2021-08-15"])
    assert result.exit_code == 0, result.output
    note = [line for line in result.output.splitlines() if line.startswith("Note: ")]
    assert len(note) == 1 and note[0].startswith("Note: 1 registration in the export is dated after --date "
                                                 "15. august 2021 (København): ")  # its first row
    assert note[0].endswith("the networks, agreements and meeting invitations take every row of the export")


def test_build_names_the_command_that_writes_the_drafts_again(example_copy, tmp_path):
    """kldocs build makes no e-mail drafts: a build that replaces the letters they attach names the one that does."""
    (example_copy / "recipients.csv").write_text("Kommune;E-mail\nAarhus;dagtilbud@aarhus.example\n",
                                                 encoding="utf-8")
    out = tmp_path / "out"
    assert CliRunner().invoke(cli, ["build", str(example_copy), "--out", str(out)]).exit_code == 0
    drafted = CliRunner().invoke(cli, ["invitations", str(example_copy), "--out", str(out / "invitations"),
                                       "--to", "Aarhus", "--eml"])
    assert drafted.exit_code == 0, drafted.output
    program = example_copy / "program.yaml"
    program.write_text(program.read_text(encoding="utf-8").replace("phone: 3370 3469", "phone: 3370 3460"),
                       encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(example_copy), "--out", str(out), "--force"])
    assert result.exit_code == 1
    assert (f"Error: {out / 'invitations'}: 1 e-mail draft (0751-aarhus.eml) was made from a document this run "
            "replaces, and would no longer match it: write the draft again as it was first written (with kldocs "
            "invitations and --eml), or move it out of the folder") in result.output


def test_build_skips_the_agreements_once_every_one_is_final(example_copy, tmp_path):
    """The end of every partnership: each council approved, each agreement final; a build goes on all the same."""
    out = tmp_path / "out"
    assert CliRunner().invoke(cli, ["build", str(example_copy), "--out", str(out)]).exit_code == 0
    final = CliRunner().invoke(cli, ["agreements", str(example_copy), "--out", str(out / "agreements"), "--final",
                                     "--force"])
    assert final.exit_code == 0, final.output
    finals = {p.name: p.read_bytes() for p in (out / "agreements").glob("*.docx")}
    result = CliRunner().invoke(cli, ["build", str(example_copy), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Agreements: skipped, every agreement is final (write them again with --final)" in result.output
    assert {p.name: p.read_bytes() for p in (out / "agreements").glob("*.docx")} == finals
