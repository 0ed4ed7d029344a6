"""`kldocs check` checks every Word template a programme folder would use."""

from __future__ import annotations

from docxfactory import docx_bytes, paragraph
from kldocs.app import check_folder


def test_bundled_templates_are_checked(example_dir):
    report = check_folder(example_dir)
    assert report.problems == []
    assert "invitation.docx (bundled): template checked, no problems" in report.ok


def test_a_programmes_own_broken_template_is_reported_by_paragraph(example_copy):
    templates = example_copy / "templates"
    templates.mkdir()
    (templates / "invitation.docx").write_bytes(docx_bytes(lambda d: paragraph(d, "Kære {{ navn")))
    (templates / "~$invitation.docx").write_bytes(b"Word's lock file")
    (templates / "eget.docx").write_bytes(docx_bytes(lambda d: paragraph(d, "{{ x }}")))
    report = check_folder(example_copy)
    assert report.problems == [
        "invitation.docx, body, paragraph 1 (\"Kære {{ navn\"): the tag '{{ navn' is not closed in this "
        "paragraph (expected '}}')"
    ]
    assert "templates/eget.docx: template checked, no problems" in report.ok
    assert not any("invitation.docx (bundled)" in line for line in report.ok)


def test_a_file_that_is_not_a_word_document_is_reported(example_copy):
    (example_copy / "templates").mkdir()
    (example_copy / "templates" / "agreement.docx").write_text("not a document")
    report = check_folder(example_copy)
    assert report.problems[0].startswith("agreement.docx: is not a Word document (.docx)")
    assert len(report.problems) == len(set(report.problems))


def test_check_renders_what_the_run_renders_so_a_value_missing_deep_in_a_template_is_found(example_copy, tmp_path):
    from kldocs.app import make
    from kldocs.errors import RenderError

    (example_copy / "templates").mkdir()
    (example_copy / "templates" / "agreement.docx").write_bytes(
        docx_bytes(lambda d: paragraph(d, "Aftale med {{ municipality.name }} om {{ program.pricing.no_such_thing }}")))
    report = check_folder(example_copy)
    assert report.problems == ["agreement.docx, body, Esbjerg: a value the template uses is missing: "
                               "'kldocs.inputs.pricing.Pricing object' has no attribute 'no_such_thing'"]
    try:
        make("agreements", example_copy, tmp_path / "out")
    except RenderError as exc:
        assert exc.problems[0] == report.problems[0]  # the check and the run say the same
    else:
        raise AssertionError("the run wrote what the check refused")
    assert not (tmp_path / "out").exists()


def test_check_renders_every_kind_in_memory_and_writes_nothing(example_copy):
    before = sorted(p.relative_to(example_copy) for p in example_copy.rglob("*"))
    report = check_folder(example_copy)
    assert "invitations: 98 invitations rendered in memory, as the run renders them" in report.ok
    assert "agreements: 24 documents rendered in memory, as the run renders them" in report.ok
    assert sorted(p.relative_to(example_copy) for p in example_copy.rglob("*")) == before


def test_a_template_under_its_former_name_is_named_with_its_new_one(example_copy):
    (example_copy / "templates").mkdir()
    (example_copy / "templates" / "netvaerk.docx").write_bytes(docx_bytes(lambda d: paragraph(d, "{{ program.title }}")))
    report = check_folder(example_copy)
    assert report.problems == ["templates/netvaerk.docx: the template of this document is now called networks.docx; "
                               "rename your file to use it (kldocs would print the bundled one instead)"]


def test_a_milestone_that_names_a_meeting_but_is_none_is_noted_not_refused(example_copy):
    from click.testing import CliRunner

    from kldocs.app import make
    from kldocs.cli import cli

    path = example_copy / "program.yaml"
    source = path.read_text(encoding="utf-8")
    assert "      text: Dialog med deltagerkommuner.\n" in source
    path.write_text(source.replace("      text: Dialog med deltagerkommuner.\n",
                                   "      text: Ekstra partnerskabsmøde for de nye kommuner\n"), encoding="utf-8")
    note = ("timeline.milestones[1] ('Ekstra partnerskabsmøde for de nye kommuner') names a partnerskabsmøde but is "
            "not a meeting: the summary does not count it and no invitation is written to it; if it is one, give it "
            "kind: meeting (one milestone for each meeting)")
    assert check_folder(example_copy).notes == [note]
    result = CliRunner().invoke(cli, ["check", str(example_copy)])
    assert result.exit_code == 0, result.output
    assert f"note  {note}" in result.output.splitlines()
    assert note in make("summary", example_copy, example_copy / "out").notes  # which undercounts the meetings
    # the milestones that are meetings, and the deadlines that speak of one, are not noted
    path.write_text(source.replace("      text: Dialog med deltagerkommuner.\n",
                                   "      text: Frist for tilmelding til partnerskabsmødet\n      kind: deadline\n"),
                    encoding="utf-8")
    assert check_folder(example_copy).notes == []


def test_a_network_named_by_number_is_noted_while_the_lineup_is_composed_anew(example_copy):
    from kldocs.app import plan

    path = example_copy / "program.yaml"
    source = path.read_text(encoding="utf-8")
    milestone = "      text: Partnerskabsmøde 2 – afholdes virtuelt\n"
    assert milestone in source
    path.write_text(source.replace(milestone, milestone + "      networks: [1]\n"), encoding="utf-8")
    (note,) = check_folder(example_copy).notes
    assert note.startswith("timeline.milestones[3].networks (1) names a network by its number, but the line-up is "
                           "composed again on each run (the folder has no networks.csv)")
    assert note in plan("meetings", example_copy).notes
    (lineup,) = [f for f in plan("networks", example_copy).files if f.relpath == "networks.csv"]
    (example_copy / "networks.csv").write_bytes(lineup.make())  # the line-up kept: its numbers stay
    assert check_folder(example_copy).notes == []


def test_a_vat_wording_beside_prices_with_vat_is_noted_as_used_nowhere(example_copy):
    path = example_copy / "program.yaml"
    source = path.read_text(encoding="utf-8")
    assert "  vat: ex\n" in source
    path.write_text(source.replace("  vat: ex\n", "  vat: incl\n  vat_wording: ekskl. moms\n"), encoding="utf-8")
    assert check_folder(example_copy, render=False).notes == [
        "pricing.vat_wording (ekskl. moms) words prices ex VAT, and these are incl. VAT (vat: incl), said inkl. "
        "moms: no document uses it"]
    path.write_text(source.replace("  vat: ex\n", "  vat: ex\n  vat_wording: ekskl. moms\n"), encoding="utf-8")
    assert check_folder(example_copy, render=False).notes == []


def test_a_project_description_that_would_open_with_the_invitations_inviting_lead_is_noted(example_copy):
    """Review 19: a description read on the web, or after the deadline, opened 'KL inviterer alle kommuner …'."""
    path = example_copy / "program.yaml"
    source = path.read_text(encoding="utf-8")
    start = source.index("\ndescription:\n")
    path.write_text(source[:start] + source[source.index("\nbackground:"):], encoding="utf-8")
    assert check_folder(example_copy, render=False).notes == [
        "description.lead is not given, so the project description opens with the invitation's lead ('KL inviterer "
        "alle kommuner …'), which invites; give description.lead to say what the partnership is"]
    path.write_text(source, encoding="utf-8")
    assert check_folder(example_copy, render=False).notes == []
