import datetime as dt
import email
from email import policy

from kldocs.engine.eml import email_draft

PDF = b"%PDF-1.4\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"


def draft(**changes):
    args = dict(
        sender="arbe@kl.dk", sender_name="Aleksandra Raaschou Beck",
        to="soren.aero@aarhus.example", to_name="Søren Ærø",
        subject="Invitation til kommunalt partnerskab om stærke børnefællesskaber i dagtilbud",
        body="Kære Søren Ærø\n\nVedhæftet er invitationen.\n\nMed venlig hilsen\nAleksandra\n",
        attachment=PDF, filename="0751-aarhus.pdf",
        date=dt.datetime(2021, 6, 14, 12, 0, tzinfo=dt.UTC),
    )
    args.update(changes)
    return email_draft(**args)


def parse(data):
    return email.message_from_bytes(data, policy=policy.default)


class DescribeEmailDraft:
    def it_parses_back_with_addresses_subject_and_danish_text(self):
        message = parse(draft())
        assert message["From"].addresses[0].username == "arbe"
        assert message["From"].addresses[0].display_name == "Aleksandra Raaschou Beck"
        assert str(message["To"]) == "Søren Ærø <soren.aero@aarhus.example>"
        assert message["Subject"] == "Invitation til kommunalt partnerskab om stærke børnefællesskaber i dagtilbud"
        assert message["X-Unsent"] == "1"
        text = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
        assert text.startswith("Kære Søren Ærø\n\nVedhæftet er invitationen.\n")

    def it_carries_the_attachment_intact(self):
        message = parse(draft())
        (attachment,) = message.iter_attachments()
        assert attachment.get_filename() == "0751-aarhus.pdf"
        assert attachment.get_content_type() == "application/pdf"
        assert attachment.get_content() == PDF

    def it_attaches_a_word_file_with_its_own_type(self):
        message = parse(draft(filename="0751-aarhus.docx", attachment=b"PK\x03\x04 word"))
        (attachment,) = message.iter_attachments()
        assert attachment.get_content_type() == (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        )

    def it_is_reproducible(self):
        assert draft() == draft()
        assert draft() != draft(body="Anden tekst\n")

    def it_uses_crlf_line_endings_as_mail_files_do(self):
        data = draft()
        assert b"\r\n" in data
        assert b"\n" not in data.replace(b"\r\n", b"")

    def it_leaves_a_missing_name_out(self):
        assert str(parse(draft(to_name=None))["To"]) == "soren.aero@aarhus.example"
