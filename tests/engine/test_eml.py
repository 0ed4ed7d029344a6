import datetime as dt
import email
from email import policy

from hypothesis import given, settings
from hypothesis import strategies as st

from kldocs.engine.eml import email_draft, message_draft

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

    def it_names_an_attachment_in_danish_and_in_ascii_for_a_program_that_reads_only_content_type(self):
        """Review 20: Outlook may show a file named only in RFC 2231's form as ATT00001.dat."""
        data = draft(filename="Påmindelse om godkendelse til Lyngby-Taarbæk Kommune.pdf")
        (attachment,) = parse(data).iter_attachments()
        assert attachment.get_filename() == "Påmindelse om godkendelse til Lyngby-Taarbæk Kommune.pdf"
        unfolded = data.decode("ascii").replace("\r\n ", " ")
        assert 'name="Paamindelse om godkendelse til Lyngby-Taarbaek Kommune.pdf"' in unfolded
        ascii_only = draft(filename="0751-aarhus.pdf").decode("ascii").replace("\r\n ", " ")
        assert 'application/pdf; name="0751-aarhus.pdf"' in ascii_only and 'filename="0751-aarhus.pdf"' in ascii_only

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


def to_many(people, sender_name="S"):
    return message_draft(sender="s@kl.dk", sender_name=sender_name, to=people, subject="Møde",
                         body="Kære alle\n", attachments=[], date=dt.datetime(2021, 6, 14, 12, 0, tzinfo=dt.UTC))


NAMES = st.text(st.sampled_from("abcdeæøåÆØÅ ÉéüÖ-.,'\"()"), max_size=90)
"""Names with Danish letters, quotes, commas and brackets, up to a title's length. Each is written as one
encoded word, however long: the standard library's folding of a long one, into several, read back with a space
added where it split a word ('Ringkøbing- Skjern'), and the name is data that must reach the reader as written."""


class DescribeADraftToMany:
    def it_keeps_every_recipient_when_names_are_danish(self):
        # the standard library's folding put the comma after "Bøg" inside an encoded word: three of four came back
        people = [("moes@ltk.dk", "Mette Ølgaard-Søndergaard"), ("lene@vordingborg.dk", "Lene Vording"),
                  ("else@aeroe.dk", "Else Bøg"), ("km@aarhus.dk", "Karsten Møller")]
        found = parse(to_many(people))["To"].addresses
        assert [(a.addr_spec, a.display_name) for a in found] == people

    @settings(max_examples=60, deadline=None)
    @given(st.lists(NAMES, min_size=1, max_size=12))
    def it_gives_back_every_address_and_name_whatever_the_names(self, names):
        people = [(f"person{i}@kommune{i}.example", " ".join(name.split())) for i, name in enumerate(names)]
        data = to_many(people)
        found = parse(data)["To"].addresses
        assert [(a.addr_spec, a.display_name) for a in found] == people
        assert all(len(line) <= 998 for line in data.split(b"\r\n"))

    def it_writes_one_address_a_line(self):
        people = [(f"p{i}@k.example", f"Person Ø{i}") for i in range(3)]
        head = to_many(people).split(b"\r\n\r\n")[0].decode("ascii")
        assert head.count(",\r\n ") == 2 and "=?utf-8?q?=2C?=" not in head


DANISH_WORDS = st.sampled_from(["ældre", "pleje", "sundhed", "—", "velfærd", "og", "i", "til", "om", "partnerskab",
                                "(Region", "Sjælland)", "2025/26", "ÆØÅ", "é", "=?utf-8?q?x?=", "Ærø-Åsted", "a"])


class DescribeTheSubject:
    """A mail program reads back exactly the subject given (two ways the standard library's own changed it)."""

    @settings(max_examples=300, deadline=None)
    @given(st.lists(DANISH_WORDS, min_size=1, max_size=30))
    def it_gives_back_every_space_of_a_long_danish_subject(self, words):
        subject = " ".join(words)
        data = draft(subject=subject)
        assert str(parse(data)["Subject"]) == subject
        assert all(len(line) <= 78 for line in data.split(b"\r\n\r\n")[0].split(b"\r\n"))

    def it_keeps_text_that_only_looks_like_an_encoded_word(self):
        subject = "Status =?utf-8?b?SGFja2VkIQ==?= plain ascii"
        assert str(parse(draft(subject=subject))["Subject"]) == subject

    def it_leaves_a_plain_subject_readable_as_it_is(self):
        head = draft(subject="Invitation to a partnership").split(b"\r\n\r\n")[0]
        assert b"\r\nSubject: Invitation to a partnership\r\n" in head

    def it_takes_nel_and_other_line_breaks_as_spaces(self):
        subject = "Invitation\x85til\u2028partnerskab"
        assert str(parse(draft(subject=subject))["Subject"]) == "Invitation til partnerskab"


class DescribeTheAddresses:
    def it_keeps_a_name_that_only_looks_like_an_encoded_word(self):
        found = parse(draft(to_name="=?utf-8?q?Chef_=C3=A6?="))["To"].addresses[0]
        assert found.display_name == "=?utf-8?q?Chef_=C3=A6?="

    def it_writes_a_danish_domain_in_punycode(self):
        data = draft(to="mette@ærø.dk")
        assert b"<mette@xn--r-3fa9c.dk>" in data
        assert parse(data)["To"].addresses[0].addr_spec == "mette@xn--r-3fa9c.dk"


class DescribeTheCalendarAttachment:
    def it_says_it_is_utf8_so_that_a_reader_decodes_danish_letters(self):
        ics = "BEGIN:VCALENDAR\r\nSUMMARY:Partnerskabsmøde\r\nEND:VCALENDAR\r\n".encode()
        data = message_draft(sender="s@kl.dk", sender_name="S", to=[("a@b.dk", "A")], subject="Møde", body="Hej\n",
                             attachments=[("moede.ics", ics)], date=dt.datetime(2021, 6, 14, 12, 0, tzinfo=dt.UTC))
        (part,) = [p for p in parse(data).walk() if p.get_content_type() == "text/calendar"]
        assert part.get_param("charset") == "utf-8" and part.get_param("method") == "REQUEST"
        assert "Partnerskabsmøde" in part.get_content()

