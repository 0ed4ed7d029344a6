"""Reminders: a short, polite letter to a municipality that has not yet done what the time plan asks of it.

On a given day (``--date``) the kind :class:`Reminders` writes two kinds of
reminder, each in the house style (letterhead dated that day, "Side X af Y"):

- **to register**: to each invited municipality (``--to``, all 98 by default)
  that is not in the registrations (or is, dated after that day), on any day from the invitation's date to
  the registration deadline (or only from ``reminders.registration.days_before``
  days before it);
- **to approve**: to each registered municipality whose council has not
  approved its agreement by that day (the registrations' ``Tiltrådt`` is
  empty, or later), from ``reminders.approval.days_before`` days (30 by
  default) before the milestone of the time plan marked ``approval: ja``
  until its last day.

The wording is Danish as a civil servant writes it ("Vi har endnu ikke
modtaget jeres tilmelding …"), and a reminder to express an interest
(``registration.mode: interest``) asks for that, not for a binding sign-up
("… jeres tilkendegivelse af interesse …"); ``reminders.registration`` and
``reminders.approval`` in ``program.yaml`` replace the title, the text, the
closing paragraph and the e-mail's subject. The letter's template sees ``program``, ``municipality``,
``recipient`` (its row of ``recipients.csv``), ``registration`` (None for a
reminder to register) and ``reminder`` (a :class:`ReminderView`). With
``--eml`` a draft goes to the addressee of ``recipients.csv`` (to register)
or to the contact person of the registration (to approve).

The same rules tell :mod:`kldocs.status` who is late: :func:`late_to_register`
and :func:`late_to_approve`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from kldocs.danish.filenames import attachment_name, municipality_stem
from kldocs.danish.formatting import capfirst, danish_sort_key, format_date, format_weekday_date, genitive, lower_first
from kldocs.danish.when import When
from kldocs.documents.invitations import check_recipients, chosen_municipalities
from kldocs.documents.kinds import (
    Audience,
    Mail,
    Options,
    Plan,
    Record,
    RecordKind,
    checked_registrations,
)
from kldocs.engine.inline import Link, address_of
from kldocs.engine.output import data_hash
from kldocs.engine.template import CoreProperties
from kldocs.english import counted
from kldocs.errors import InputError, KldocsError, Problem, Report
from kldocs.inputs.fieldtypes import Text, TextBlock, plain_blocks
from kldocs.inputs.folder import Folder
from kldocs.inputs.program import REMINDER_PLACEHOLDERS, Contact, Program, ReminderText
from kldocs.inputs.recipients import Recipient
from kldocs.inputs.registrations import Registration, undated_note
from kldocs.inputs.richtext import changed
from kldocs.inputs.signup import by_mail, filled
from kldocs.inputs.timeline import Milestone
from kldocs.reference.municipalities import Municipality

KIND = "reminder"
TEMPLATE = "reminder.docx"
Reason = Literal["registration", "approval"]
REGISTRATION: Reason = "registration"
APPROVAL: Reason = "approval"
FILE_WORD: dict[str, str] = {REGISTRATION: "tilmelding", APPROVAL: "godkendelse"}
"""The word for each reminder in its file name: ``0751-aarhus-godkendelse-2021-09-15.docx``."""
NO_DATE = "a reminder is written for a day: give --date DATE (2021-08-09 or 09-08-2021)"


# -- when a reminder is due, and when it is late -------------------------------------------------


@dataclass(frozen=True)
class Window:
    """The days a reminder may be written on, the first and the last included."""

    first: dt.date
    last: dt.date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.first <= day <= self.last


def approval_milestone(program: Program) -> Milestone | None:
    """The milestone of the time plan marked ``approval: ja`` (by when the councils approve), or None."""
    return next((m for m in program.timeline.milestones if m.approval), None)


def registration_day(program: Program) -> dt.date:
    """The day of the registration deadline."""
    return program.registration.deadline.start


def approval_day(program: Program) -> dt.date | None:
    """The last day of the approval milestone (the end of its month, for a month), or None without one."""
    milestone = approval_milestone(program)
    return milestone.when.end if milestone is not None else None


def registration_window(program: Program) -> Window:
    """The days reminders to register are written: from the invitation (or ``days_before``) to the deadline."""
    last = registration_day(program)
    first = program.letter.date
    before = program.reminders.registration.days_before
    if before is not None:
        first = max(first, last - dt.timedelta(days=before))
    return Window(first, last)


def approval_window(program: Program) -> Window | None:
    """The days reminders to approve are written, up to the approval milestone; None without one."""
    last = approval_day(program)
    if last is None:
        return None
    return Window(last - dt.timedelta(days=program.reminders.approval.days_before), last)


def approved_by(approved: dt.date | None, day: dt.date) -> bool:
    """True when a council's approval date is known and not after ``day``: on ``day``, it has approved."""
    return approved is not None and approved <= day


def registered_by(registration: Registration, day: dt.date) -> bool:
    """True when the registration was made by ``day``: its day is not known, or not after ``day``.

    A registration the export dates later (a report or reminders for a day
    gone by) had not been made on ``day``, as an approval dated later had not.
    """
    return registration.registered is None or registration.registered <= day


def undated_notes(folder: Folder, day: dt.date) -> list[str]:
    """The line of :func:`~kldocs.inputs.registrations.undated_note` for the folder's registrations, if any is due."""
    note = undated_note(folder.registrations, folder.program, day) if folder.has_registrations else None
    return [note] if note is not None else []


def late_to_register(program: Program, day: dt.date) -> bool:
    """True when ``day`` is after the registration deadline: an invited municipality not registered is late."""
    return day > registration_day(program)


def late_to_approve(program: Program, day: dt.date) -> bool:
    """True when ``day`` is after the approval milestone: a registered council without an approval date is late."""
    last = approval_day(program)
    return last is not None and day > last


@dataclass(frozen=True)
class Due:
    """A reminder due on a day: to whom, and why; ``registration`` is the row of a municipality reminded to approve."""

    municipality: Municipality
    reason: Reason
    registration: Registration | None = None


def due_reminders(
    program: Program, invited: Sequence[Municipality], registrations: Sequence[Registration], day: dt.date,
) -> list[Due]:
    """The reminders due on ``day``, in Danish order of municipality (see the module on who gets one)."""
    due: list[Due] = []
    made = [r for r in registrations if registered_by(r, day)]
    if day in registration_window(program):
        registered = {r.municipality.code for r in made}
        due += [Due(m, REGISTRATION) for m in invited if m.code not in registered]
    window = approval_window(program)
    if window is not None and day in window:
        due += [Due(r.municipality, APPROVAL, r) for r in made if not approved_by(r.approved, day)]
    return sorted(due, key=lambda d: danish_sort_key(d.municipality.name))


# -- what a reminder says --------------------------------------------------------------------


@dataclass(frozen=True)
class ReminderView:
    """What one reminder letter says, as its template reads it (``reminder.title``, ``reminder.text`` and on)."""

    reason: Reason
    """``registration`` or ``approval``."""
    date: dt.date
    """The letter's date: the day it is written for."""
    title: str
    text: Text
    closing: Text
    """The paragraph after the text and the link: "Har I allerede tilmeldt jer, kan I se bort fra …"."""
    addressee: tuple[str, ...]
    """The lines after "Til": the person (if known), the title or the programme's addressees, the municipality."""
    link: Link | str | None
    """Where to register (a clickable link), for a reminder to register; None for one to approve."""
    link_intro: str
    """The words before the link: "I kan tilmelde jer via dette link:", "I kan tilkendegive jeres interesse …"."""
    link_end: str
    """What follows the link: a full stop after an e-mail address ("… ved at skrive til kyst@kl.dk."), nothing after
    a web address, which stands after a colon (and a full stop could be taken for part of it)."""
    contact: Contact
    """Whom to ask: the programme's responsible contact, who signs the letter."""
    subject: str
    """The subject of the e-mail draft."""



def due_phrase(when: When) -> str:
    """By when, in a sentence: ``senest fredag den 1. oktober 2021``, ``inden udgangen af oktober 2021``."""
    if when.kind in ("date", "datetime"):
        return f"senest {format_weekday_date(when)}"
    if when.ends is not None:  # by the end of its last end: "senest …" a day, "inden udgangen af 2. kvartal 2027"
        return due_phrase(when.ends[1])
    return f"inden udgangen af {format_date(when)}"


def default_title(program: Program, reason: Reason) -> str:
    """``Påmindelse om tilmelding til det kommunale partnerskab om …``, ``Påmindelse om politisk godkendelse af …``."""
    if reason == REGISTRATION and program.registration.is_interest:
        return f"Påmindelse om tilkendegivelse af interesse for deltagelse i {program.the_titled_partnership}"
    if reason == REGISTRATION:
        return f"Påmindelse om tilmelding til {program.the_titled_partnership}"
    return "Påmindelse om politisk godkendelse af partnerskabsaftalen"


def default_text(program: Program, due: Due) -> str:
    """The Danish text of a reminder, as a civil servant writes it, naming the municipality and the deadline."""
    m, sender = due.municipality, program.sender.name
    title = program.the_titled_partnership
    if due.reason == REGISTRATION:
        registration = program.registration
        invited = (f"Den {format_date(program.letter.date)} inviterede {sender} {m.official_name} til at deltage "
                   f"i {title}.")
        deadline = format_weekday_date(registration.deadline)
        if registration.is_interest:
            return (f"{invited}\n\nVi har endnu ikke modtaget jeres tilkendegivelse af interesse. Fristen for at "
                    f"tilkendegive interesse er {deadline}. Tilkendegivelsen er ikke bindende.")
        binding = " Tilmeldingen er bindende." if registration.binding else ""
        return (f"{invited}\n\nVi har endnu ikke modtaget jeres tilmelding. Fristen for tilmelding er "
                f"{deadline}.{binding}")
    milestone = approval_milestone(program)
    assert milestone is not None  # a reminder to approve is due only before the approval milestone
    agreement = lower_first(program.agreement.title)
    thanks = (f"Tak for jeres interesse i at deltage i {title}." if program.registration.is_interest
              else f"Tak for jeres tilmelding til {title}.")
    return (
        f"{thanks}\n\n"
        f"Kommunens deltagelse bygger på en {agreement} mellem {m.council_of} og "
        f"{genitive(sender)} {program.sender.board}. Vi har endnu ikke fået besked om, at "
        f"{m.council} har godkendt aftalen. Efter tidsplanen skal aftalen være godkendt "
        f"{due_phrase(milestone.when)}.\n\n"
        "Når aftalen er godkendt, vil vi gerne have datoen for godkendelsen, så aftalen kan blive underskrevet "
        "af begge parter."
    )


def default_closing(program: Program, reason: Reason) -> str:
    """The paragraph before whom to ask: if it is done already, the reminder may be set aside."""
    if reason == REGISTRATION and program.registration.is_interest:
        return "Har I allerede tilkendegivet jeres interesse, kan I se bort fra denne påmindelse."
    if reason == REGISTRATION:
        return "Har I allerede tilmeldt jer, kan I se bort fra denne påmindelse."
    return "Er aftalen allerede godkendt, kan I se bort fra denne påmindelse."


def link_intro(program: Program) -> str:
    """The words before a reminder's link: to sign up, or to express an interest in the form, or by e-mail."""
    act = "tilkendegive jeres interesse" if program.registration.is_interest else "tilmelde jer"
    if by_mail(program.registration.link):
        return f"I kan {act} ved at skrive til"
    return f"I kan {act} i denne formular:" if program.registration.is_interest else f"I kan {act} via dette link:"


def wording(program: Program, reason: Reason) -> ReminderText:
    """The programme's own wording of a reminder (``reminders.registration`` or ``reminders.approval``)."""
    return program.reminders.registration if reason == REGISTRATION else program.reminders.approval


def addressee(program: Program, due: Due, recipient: Recipient) -> tuple[str, ...]:
    """The lines after "Til": the invitation's addressee (to register) or the registration's contact (to approve)."""
    if due.registration is not None:
        person: tuple[str | None, ...] = (due.registration.contact_name, due.registration.contact_title)
        lines = [capfirst(line) for line in person if line]  # a line of an address begins with a capital
    else:
        lines = [recipient.name] if recipient.name else []
        lines += ([capfirst(recipient.title)] if recipient.title
                  else [due.municipality.addressed(a) for a in program.addressees])
    return (*lines, due.municipality.official_name)


def reminder_view(program: Program, due: Due, recipient: Recipient, day: dt.date) -> ReminderView:
    """What the reminder of ``due`` says on ``day``: the programme's wording, or the Danish defaults."""
    own = wording(program, due.reason)
    values = placeholder_values(program, due)
    title = filled(own.title, values) if own.title else default_title(program, due.reason)
    return ReminderView(
        reason=due.reason,
        date=day,
        title=title,
        # the programme's text with its placeholders filled in; kldocs' own is made from data: never read as Markdown
        text=changed(own.text, lambda text: filled(text, values)) or plain_blocks(default_text(program, due)),
        closing=(changed(own.closing, lambda text: filled(text, values))
                 or plain_blocks(default_closing(program, due.reason))),
        addressee=addressee(program, due, recipient),
        link=program.registration.clickable_link if due.reason == REGISTRATION else None,
        link_intro=link_intro(program),
        link_end="." if by_mail(program.registration.link) else "",
        contact=program.responsible,
        subject=filled(own.subject, values) if own.subject else title,
    )


def placeholder_values(program: Program, due: Due) -> dict[str, str]:
    """What a reminder's own wording prints for ``{kommune}`` and ``{frist}`` (see ``REMINDER_PLACEHOLDERS``)."""
    if due.reason == REGISTRATION:
        deadline = format_weekday_date(program.registration.deadline)
    else:
        milestone = approval_milestone(program)
        assert milestone is not None  # a reminder to approve is due only before the approval milestone
        deadline = _deadline_words(milestone.when)
    values = {"kommune": due.municipality.official_name, "frist": deadline}
    assert values.keys() == REMINDER_PLACEHOLDERS.keys()
    return values


def _deadline_words(when: When) -> str:
    """A deadline as ``{frist}`` prints it: a day with its weekday, or the end of the period the time plan names.

    ``onsdag den 1. oktober 2021``, ``ved udgangen af 1. kvartal 2027``: both
    read right after ``senest`` and after ``Fristen er``, and a period is
    named as the time plan and the agreement name it, never as a day no one
    wrote.
    """
    last = when.ends[1] if when.ends is not None else when
    if last.kind in ("date", "datetime"):
        return format_weekday_date(last)
    return f"ved udgangen af {format_date(last)}"


def mail_text(program: Program, view: ReminderView, to_name: str | None, municipality: Municipality) -> str:
    """The Danish text of the e-mail draft: a greeting, the reminder's text, the link, and a signature."""
    greeting = f"Kære {to_name}" if to_name else f"Til {municipality.official_name}"
    middle = [_plain(block) for block in view.text]
    if view.link is not None:
        url = view.link.url if isinstance(view.link, Link) else view.link
        middle.append(f"{view.link_intro} {address_of(url)}{view.link_end}")
    middle += [_plain(block) for block in view.closing]
    middle.append("Påmindelsen er vedhæftet som brev. I er velkomne til at kontakte mig, hvis I har spørgsmål.")
    contact = view.contact
    reach = contact.email + (f", tlf. {contact.phone}" if contact.phone else "")
    signature = f"Med venlig hilsen\n\n{contact.name}\n{capfirst(contact.title)}, {program.sender.name}\n{reach}"
    return "\n\n".join([greeting, *middle, signature]) + "\n"


def _plain(block: TextBlock) -> str:
    return "\n".join(f"- {item}" for item in block.items) if block.is_bullets else block.text


def moment(day: dt.date) -> dt.datetime:
    """The moment a reminder of ``day`` says it was made: noon (UTC), so its bytes depend on the day alone."""
    return dt.datetime(day.year, day.month, day.day, 12, 0, tzinfo=dt.UTC)


def reminder_stem(due: Due, day: dt.date) -> str:
    """The file name without its suffix: ``0165-albertslund-tilmelding-2021-08-09``."""
    m = due.municipality
    return f"{municipality_stem(m.code, m.name)}-{FILE_WORD[due.reason]}-{day.isoformat()}"


def reminder_record(program: Program, due: Due, recipient: Recipient, day: dt.date) -> Record:
    """The record of one reminder: its file, its context and properties, and its e-mail draft."""
    view = reminder_view(program, due, recipient, day)
    m = due.municipality
    context: dict[str, Any] = {
        "program": program,
        "municipality": m,
        "recipient": recipient.for_template(),
        "registration": due.registration,
        "reminder": view,
    }
    data = {"kind": KIND, "program": program, "municipality": m.code, "reason": due.reason, "date": day,
            "recipient": recipient.for_template(), "view": view,
            "registration": dataclasses.replace(due.registration, row=0) if due.registration else None}
    properties = CoreProperties(
        view.title, created=moment(day), subject=m.official_name, keywords=program.short_title,
        author=program.sender.name, category=f"Påmindelse om {FILE_WORD[due.reason]}",
    )
    to: str | None = recipient.email
    to_name: str | None = recipient.name
    if due.registration is not None:
        to, to_name = due.registration.email, due.registration.contact_name
    mail = None
    if to:
        contact = view.contact
        mail = Mail(to=to, to_name=to_name, sender=contact.email, sender_name=contact.name, subject=view.subject,
                    body=mail_text(program, view, to_name, m), date=moment(day),
                    attachment=attachment_name(f"Påmindelse om {FILE_WORD[due.reason]} til {m.official_name}"))
    return Record(stem=reminder_stem(due, day), label=m.name, context=context, properties=properties,
                  digest=data_hash(data), municipality_code=m.code4, mail=mail)


# -- the kind --------------------------------------------------------------------------------


def relative_day(day: dt.date, deadline: dt.date) -> str:
    """When ``deadline`` is, seen from ``day``: ``today``, ``tomorrow``, ``in 7 days``, ``4 days ago`` and so on."""
    delta = (deadline - day).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if delta == -1:
        return "yesterday"
    return f"in {delta} days" if delta > 0 else f"{-delta} days ago"


def timing_notes(program: Program, day: dt.date, due: Sequence[Due]) -> list[str]:
    """Lines for the user on why each reminder is (or is not) written on ``day``."""
    notes: list[str] = []
    deadline = format_weekday_date(program.registration.deadline)
    window = registration_window(program)
    to_register = sum(d.reason == REGISTRATION for d in due)
    if day in window:
        notes.append(f"To register by {deadline} ({relative_day(day, window.last)}): "
                     f"{counted(to_register, 'invited municipality', 'invited municipalities')} not registered")
    elif day > window.last:
        notes.append(f"The registration deadline {deadline} has passed: no reminders to register "
                     "(kldocs status shows who registered)")
    else:
        notes.append(f"Reminders to register are written from {format_date(window.first)} to {deadline}")
    milestone, approvals = approval_milestone(program), approval_window(program)
    if milestone is None or approvals is None:
        notes.append("No milestone of the time plan marks the councils' approval (approval: ja under "
                     "timeline.milestones): no reminders to approve")
    elif day in approvals:
        to_approve = sum(d.reason == APPROVAL for d in due)
        when = relative_day(day, approvals.last)
        notes.append(f"To approve by {format_date(approvals.last)} ({milestone.text}, {when}): "
                     f"{counted(to_approve, 'registered council')} without an approval date")
    elif day > approvals.last:
        notes.append(f"The approval milestone {format_date(milestone.when)} has passed: no reminders to approve "
                     "(kldocs status shows who is late)")
    else:
        notes.append(f"Reminders to approve are written from {format_date(approvals.first)} to "
                     f"{format_date(approvals.last)}")
    return notes


class Reminders(RecordKind):
    """The reminders due on ``--date``: to register, to the invited not registered; to approve, to their councils."""

    name = "reminders"
    label = "Reminders"
    template = TEMPLATE
    audience = Audience.MUNICIPALITIES
    noun = "reminder"
    kind = KIND

    def skipped(self, folder: Folder, options: Options | None = None) -> str | None:
        """``kldocs build`` writes reminders only for a day it is given: a build is otherwise the same every day."""
        if options is not None and options.date is not None:
            return None
        return "a reminder is written for a day (kldocs build --date DATE, or kldocs reminders PROGRAM_DIR --date DATE)"

    def records(self, folder: Folder, options: Options) -> list[Record]:
        """The reminders due on ``options.date``, checked; an InputError without a date."""
        if options.date is None:
            raise InputError(Problem("--date", NO_DATE))
        day = options.date
        program = folder.program
        registrations = folder.registrations.items if folder.has_registrations else ()
        invited = chosen_municipalities(folder, options.to)
        due = due_reminders(program, invited, registrations, day)
        recipients = folder.recipients
        template = folder.template_bytes(TEMPLATE)
        problems: list[str] = []
        for reason, need_email in ((REGISTRATION, options.eml), (APPROVAL, False)):
            # --eml sends a reminder to register to recipients.csv, one to approve to the registration's e-mail
            try:
                check_recipients(template, TEMPLATE, recipients, [d.municipality for d in due if d.reason == reason],
                                 need_email=need_email)
            except InputError as exc:
                problems += [p for p in exc.problems if p not in problems]
        if problems:
            raise InputError([Problem("", p) for p in problems])
        return [reminder_record(program, d, recipients.get(d.municipality), day) for d in due]

    def plan(self, folder: Folder, options: Options) -> Plan:
        """The reminders' files, after a line on each reminder saying why it is (or is not) written today."""
        plan = super().plan(folder, options)
        assert options.date is not None  # records() refuses a plan without a date
        due = [Due(r.context["municipality"], r.context["reminder"].reason) for r in plan.computed]
        notes = (*timing_notes(folder.program, options.date, due), *undated_notes(folder, options.date), *plan.notes)
        return dataclasses.replace(plan, notes=notes)

    def check(self, folder: Folder, report: Report) -> None:
        """The reminder template fits a reminder to register and, with an approval milestone, one to approve.

        One of each is rendered in memory, for the first municipality not
        registered and the first registered, on the first day it may be written.
        """
        program = folder.program
        recipients = folder.recipients
        check_recipients(folder.template_bytes(TEMPLATE), TEMPLATE, recipients, ())
        registrations = checked_registrations(folder)
        registered = {r.municipality.code for r in registrations or ()}
        samples = [reminder_record(program, Due(m, REGISTRATION), recipients.get(m), registration_window(program).first)
                   for m in program.open_to if m.code not in registered][:1]  # none when all have registered
        approvals = approval_window(program)
        if approvals is not None and registrations:
            first = registrations.items[0]
            samples.append(reminder_record(program, Due(first.municipality, APPROVAL, first),
                                           recipients.get(first.municipality), approvals.first))
        template = folder.template(TEMPLATE)
        problems: list[str] = []
        for record in samples:
            try:
                template.check_context(record.context, record.label)
                template.render(record.context, record.properties, record=record.label)
            except KldocsError as exc:
                problems += exc.problems
        if problems:
            raise InputError([Problem("", p) for p in problems])
        milestone = approval_milestone(program)
        if milestone is None:
            report.ok.append(f"{TEMPLATE}: fits the reminders to register; no milestone marks the councils' "
                             "approval (approval: ja), so there are none to approve")
        else:
            report.ok.append(f"{TEMPLATE}: fits the reminders to register and to approve "
                             f"(by {format_date(milestone.when)}: {milestone.text})")
