"""E-mail drafts: a letter as an attachment to a ready-to-send ``.eml`` file.

:func:`email_draft` builds the message with the standard library's
:mod:`email` package. Nothing is sent: the file opens in a mail client
(``X-Unsent: 1`` makes Outlook open it as a draft), where the user reads it
and presses send. The same inputs give the same bytes: the date comes from
the programme and the MIME boundary from the content.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import mimetypes
from collections.abc import Sequence
from email.charset import Charset
from email.header import Header
from email.headerregistry import Address, HeaderRegistry, UniqueAddressHeader, UniqueUnstructuredHeader
from email.message import EmailMessage
from email.policy import SMTP, Policy
from email.utils import format_datetime, formataddr

from kldocs.danish.filenames import ascii_name
from kldocs.engine.cleantext import one_line, xml_text
from kldocs.english import plain

MIME_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


class _AddressALine(UniqueAddressHeader):
    """An address header (``From``, ``To``) written one address a line, each name encoded on its own.

    The standard library's folding of a list of addresses (Python 3.11) can
    put the comma after a name it encodes inside the next encoded word
    (``=?utf-8?q?=2C?=``): the comma then belongs to a name, and a mail
    program reading it back merges two recipients into one (ten contacts
    read back as eight). So each address is written by
    :func:`email.utils.formataddr` (which quotes or encodes the name as it
    needs) and the list is folded after each comma. An address whose own
    part is not ASCII is left to the standard library. (The registry mixes
    in :class:`~email.headerregistry.BaseHeader`, whose ``name`` and ``fold``
    typeshed's mixin does not know of: hence the ignores.)
    """

    def fold(self, *, policy: Policy) -> str:
        addresses = [(a.display_name, a.addr_spec) for a in self.addresses]
        if any(g.display_name is not None for g in self.groups) or not all(spec.isascii() for _, spec in addresses):
            return super().fold(policy=policy)  # type: ignore[misc,no-any-return]
        return f"{self.name}: " + f",{policy.linesep} ".join(  # type: ignore[attr-defined]
            _named(name, spec) for name, spec in addresses) + policy.linesep


def _named(name: str, spec: str) -> str:
    """``Name <address>``, the name quoted as it needs, or one encoded word when it is not plain ASCII.

    A name that only looks encoded (``=?utf-8?q?…?=``) is encoded too, so a
    mail program shows the text the file holds rather than decoding it.
    """
    if not name or (name.isascii() and "=?" not in name):
        return formataddr((name, spec))
    return f"{Charset('utf-8').header_encode(name)} <{spec}>"


class _Text(UniqueUnstructuredHeader):
    """A header of plain text (``Subject``) written so that a mail program reads back exactly the text given.

    The standard library folds a long subject in Danish so that the space
    between two words can fall between two encoded words, where RFC 2047
    readers drop it (one subject in eight lost a space), and its parser
    decodes text that only looks like an encoded word (``=?utf-8?b?…?=``).
    So the value is handed over encoded (:func:`_encoded`, which parses back
    to the text exactly) and written by :class:`email.header.Header`, which
    keeps each space inside an encoded word. ASCII text with nothing that
    looks encoded is written as it is, folded at its spaces.
    """

    def fold(self, *, policy: Policy) -> str:
        text = str(self)
        charset = "us-ascii" if text.isascii() and "=?" not in text else "utf-8"
        folded = Header(text, charset, header_name=self.name).encode(linesep=policy.linesep)  # type: ignore[attr-defined]
        return f"{self.name}: {folded}{policy.linesep}"  # type: ignore[attr-defined]


def _encoded(text: str) -> str:
    """``text`` as encoded words on one line: what :class:`_Text` parses back to exactly ``text``."""
    return Header(text, "utf-8").encode().replace("\n", "")


_HEADERS = HeaderRegistry()
for _name in ("from", "to", "cc"):
    _HEADERS.map_to_type(_name, _AddressALine)  # type: ignore[arg-type]
_HEADERS.map_to_type("subject", _Text)  # type: ignore[arg-type]
_POLICY = SMTP.clone(header_factory=_HEADERS)
"""SMTP's policy (CRLF line ends), with the address headers of :class:`_AddressALine` and the subject :class:`_Text`."""


def email_draft(
    *, sender: str, sender_name: str | None, to: str, to_name: str | None, subject: str, body: str,
    attachment: bytes, filename: str, date: dt.datetime,
) -> bytes:
    """An unsent e-mail to one person with ``body`` as plain text and one attached file, as ``.eml`` bytes."""
    return message_draft(sender=sender, sender_name=sender_name, to=[(to, to_name)], subject=subject, body=body,
                         attachments=[(filename, attachment)], date=date)


def message_draft(
    *, sender: str, sender_name: str | None, to: Sequence[tuple[str, str | None]], subject: str, body: str,
    attachments: Sequence[tuple[str, bytes]], date: dt.datetime,
) -> bytes:
    """An unsent e-mail to each of ``to`` (address, name) with ``body`` as plain text and the ``attachments``.

    An attachment is a file name and its bytes, named as RFC 2231 says
    (Content-Disposition's ``filename``, in UTF-8) and, for a mail program that
    reads only Content-Type's ``name``, in ASCII there (``Koebenhavns``, as a
    file name without æ, ø and å is spelt); a calendar file (``.ics``) is
    attached as ``text/calendar; method=REQUEST``, so a mail program offers to
    put the event in the calendar. The same inputs give the same bytes.
    """
    message = EmailMessage(policy=_POLICY)
    message["From"] = _address(sender, sender_name)
    message["To"] = tuple(_address(address, name) for address, name in to)
    message["Subject"] = _encoded(one_line(plain(subject)).strip())  # an e-mail is not typeset: plain spaces
    message["Date"] = format_datetime(date)
    message["X-Unsent"] = "1"
    message.set_content(xml_text(plain(body)), charset="utf-8", cte="quoted-printable")
    for filename, data in attachments:
        suffix = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
        if suffix == ".ics":
            message.add_attachment(data, maintype="text", subtype="calendar", filename=filename,
                                   params={"method": "REQUEST", "charset": "utf-8"})  # iCalendar is UTF-8 (RFC 5545)
            continue
        mime = MIME_TYPES.get(suffix) or mimetypes.guess_type(filename)[0] or "application/octet-stream"
        maintype, subtype = mime.split("/", 1)
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    for part in message.iter_attachments():  # a name on Content-Type too, for the mail programs that read only it
        name = part.get_filename()
        if name is not None:
            part.set_param("name", ascii_name(name))
    digest = hashlib.sha256(body.encode() + b"".join(data for _, data in attachments)).hexdigest()[:32]
    message.set_boundary(f"kldocs-{digest}")
    return message.as_bytes()


def _address(email: str, name: str | None) -> Address | str:
    user, _, domain = email.rpartition("@")
    if not domain.isascii():  # a domain in Danish letters (ærø.dk) travels in punycode (xn--r-3fa9c.dk)
        from email_validator import validate_email

        domain = validate_email(email, check_deliverability=False, allow_smtputf8=False).ascii_domain
    return Address(display_name=one_line(name or ""), username=one_line(user), domain=one_line(domain))
