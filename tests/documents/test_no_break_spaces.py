"""No-break spaces: a Word document keeps "14. juni", "55.000 kr." and "kl. 12.00" on one line; nothing else is typeset.

A printed letter breaks wherever its line ends, so kldocs writes the spaces
of its own dates, amounts and times as no-break spaces in its documents. An
e-mail, a calendar event, a spreadsheet cell and the terminal get plain
spaces, and a value from data keeps the spaces it has.
"""

from __future__ import annotations

import email
import re
import shutil
from email import policy
from pathlib import Path

import icalendar
import pytest
from click.testing import CliRunner
from lxml import etree

from conftest import DATA, EXAMPLE_DIR
from docxfactory import BODY, W, parts
from kldocs.app import plan
from kldocs.cli import cli
from kldocs.errors import InputError
from kldocs.inputs.folder import Folder

NBSP = "\u00a0"
RECIPIENTS = DATA / "recipients" / "recipients.csv"
BROKEN = re.compile(r"\d\. (?:januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december|"
                    r"kvartal)|\d kr\.|\d pct\.|kl\. \d")
"""Where a line may break that must not: a space after a day's or quarter's number, before kr. or pct., after kl."""


def raw_text(data: bytes, part: str = BODY) -> str:
    """The text of a part as it stands in the XML, no-break spaces and all."""
    return "\n".join("".join(t.text or "" for t in p.iter(f"{{{W}}}t"))
                     for p in etree.fromstring(parts(data)[part]).iter(f"{{{W}}}p"))


def invitation(folder: Path = EXAMPLE_DIR, to: str = "Aarhus") -> bytes:
    (letter,) = plan("invitations", folder, to=to).files
    return letter.make()


def data_text(folder: Path = EXAMPLE_DIR) -> str:
    """Everything the programme folder's own files say, with their lines run together as YAML folds them."""
    return " ".join(" ".join(p.read_text(encoding="utf-8").split()) for p in sorted(folder.glob("*.yaml")))


def breaks_of_kldocs(body: str, folder: Path = EXAMPLE_DIR) -> list[str]:
    """The places a line may break that must not, other than those the programme's own text has."""
    own = data_text(folder)
    return [m.group() for m in BROKEN.finditer(body) if m.group() not in own]


class DescribeTheDocuments:
    def it_joins_the_days_amounts_and_times_kldocs_writes(self):
        body = raw_text(invitation())
        assert f"16.{NBSP}august 2021 kl.{NBSP}12.00" in body
        assert f"55.000{NBSP}kr." in body
        assert f"14.{NBSP}september 2021" in body
        assert f"Direkte: 3370{NBSP}3469" in body and f"ldpe@kl.dk, 3370{NBSP}3316" in body  # phone numbers
        assert breaks_of_kldocs(body) == []

    @pytest.mark.parametrize(("kind", "said"), [
        ("agreements", f"Moms (25{NBSP}pct.)"), ("description", f"55.000{NBSP}kr."),
        ("networks", f"1.{NBSP}prioritet"), ("summary", f"5.{NBSP}april 2022"),
    ])
    def it_leaves_no_line_free_to_break_inside_them_in_any_kind(self, kind, said):
        documents = [raw_text(f.make()) for f in plan(kind, EXAMPLE_DIR).files if f.relpath.endswith(".docx")]
        assert documents
        assert all(said in body for body in documents)
        assert [breaks_of_kldocs(body) for body in documents] == [[]] * len(documents)

    def it_keeps_a_value_from_data_as_the_data_has_it(self, example_copy):
        path = example_copy / "program.yaml"
        source = path.read_text(encoding="utf-8")
        assert "Dialog med deltagerkommuner." in source
        path.write_text(source.replace("Dialog med deltagerkommuner.", "Dialog den 5. maj og 6.\u00a0maj."),
                        encoding="utf-8")
        body = raw_text(invitation(example_copy))
        assert "Dialog den 5. maj og 6.\u00a0maj." in body  # the data's own spaces, neither added nor taken


class DescribeWhatIsNotTypeset:
    def it_writes_plain_spaces_in_an_email(self, example_copy, tmp_path):
        shutil.copy(RECIPIENTS, example_copy / "recipients.csv")
        result = CliRunner().invoke(cli, ["invitations", str(example_copy), "--out", str(tmp_path / "out"),
                                          "--to", "Aarhus", "--eml"])
        assert result.exit_code == 0, result.output
        (draft,) = (tmp_path / "out").glob("*.eml")
        message = email.message_from_bytes(draft.read_bytes(), policy=policy.default)
        body = message.get_body(("plain",)).get_content()
        assert "16. august 2021 kl. 12.00" in body
        assert NBSP not in body + str(message["Subject"])

    def it_writes_plain_spaces_in_a_meetings_calendar_event_and_participant_list(self, example_dir):
        files = plan("meetings", example_dir).files
        events = [icalendar.Calendar.from_ical(f.make()) for f in files if f.relpath.endswith(".ics")]
        assert events
        for calendar in events:
            for event in calendar.walk("VEVENT"):
                assert NBSP not in str(event.get("summary")) + str(event.get("description"))

    def it_keeps_a_meetings_count_with_its_group_in_the_letter_alone(self, example_dir):
        """'8 (heraf 2 politikere og 2 tillidsrepræsentanter)' in a narrow column left a lone 2 at a line's end."""
        files = {f.relpath: f for f in plan("meetings", example_dir).files}
        assert f"5 (heraf 1{NBSP}politiker)" in parts(files["partnerskabsmoede-1.docx"].make())[BODY].decode()
        event = icalendar.Calendar.from_ical(files["partnerskabsmoede-1.ics"].make()).walk("VEVENT")[0]
        assert "(5 deltagere, heraf 1 politiker)" in str(event.get("description"))

    def it_writes_plain_spaces_on_the_terminal(self, example_copy):
        path = example_copy / "program.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("deadline: 2021-08-16 12:00",
                                                                 "deadline: 2021-06-01 12:00"), encoding="utf-8")
        with pytest.raises(InputError) as info:
            Folder(example_copy).program  # noqa: B018 - loading it is the test
        assert "1. juni 2021" in str(info.value)
        assert NBSP not in str(info.value)

    def it_writes_plain_spaces_in_the_document_properties_and_the_checks_lines(self, example_copy):
        from docxfactory import parts as package_parts

        for file in plan("meetings", EXAMPLE_DIR).files:
            if file.relpath.endswith(".docx"):
                assert NBSP not in package_parts(file.make())["docProps/core.xml"].decode()
        result = CliRunner().invoke(cli, ["check", str(EXAMPLE_DIR)])
        assert result.exit_code == 0, result.output
        assert NBSP not in result.output
