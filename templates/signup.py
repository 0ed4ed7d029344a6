"""The blocks on taking part: how municipalities register (the invitation) and whom each sends (both documents).

The registration's sentences come from ``program.registration``: the appeal
and the deadline (``opening``) and whether it binds (``closing``), worded
for a sign-up or an expression of interest, or in the programme's own words,
as pieces of text and placeholders that the template fills in: ``frist``
with the deadline, ``link`` with ``registration_link`` (the clickable link).
The participant groups are worded by ``program.participants.phrase``:
"3–5 personer og op til to politikere".
"""

from __future__ import annotations

from docx.document import Document

from . import housestyle as hs


def _pieces(expr: str) -> str:
    """A Jinja loop that prints the pieces of a worded sentence, the deadline and the link filled in."""
    return (
        f"{{% for piece in {expr} %}}"
        "{% if piece.placeholder == 'frist' %}{{ program.registration.deadline|weekday_date }}"
        "{% elif piece.placeholder == 'link' %}{{ registration_link }}"
        "{% else %}{{ piece.text }}{% endif %}{% endfor %}"
    )


LIMITS = "Hver kommune kan deltage med {{ program.participants.phrase }}."
"""The sentence stating the participant groups and their limits."""
SENT_LIMITS = "Hver kommune kan deltage med {{ program.participants.sent_phrase }}."
"""The same in the agreement, whose groups are counted by the nouns of what the municipality sends (medarbejdere)."""

INVITATION_PARTICIPANTS = "program.participants.text or program.participants.state_limits"
"""When the invitation's participants block has anything to print (the condition for its section)."""


def registration(doc: Document) -> None:
    """The invitation's registration: how and by when to register, whether it binds, and whom to ask."""
    with hs.only_if(doc, "program.registration.text_in_line"):
        hs.paragraph(
            doc,
            _pieces("program.registration.opening")
            + "{% for block in program.registration.text %} {{ block.text }}{% endfor %}"
            "{% if program.registration.closing %} " + _pieces("program.registration.closing") + "{% endif %}",
        )
    with hs.only_if(doc, "not program.registration.text_in_line"):  # its paragraphs and lists as written
        hs.paragraph(doc, _pieces("program.registration.opening"))
        hs.text_blocks(doc, "program.registration.text")
        with hs.only_if(doc, "program.registration.closing"):
            hs.paragraph(doc, _pieces("program.registration.closing"))
    with hs.only_if(doc, "not program.contacts_apart"):
        _questions(doc)


QUESTIONS = (
    "{% if not program.registration.is_interest %}Eventuelle spørgsmål til projektet og tilmelding"
    "{% elif program.registration.link %}Eventuelle spørgsmål til projektet"
    "{% else %}Tilkendegivelser af interesse og eventuelle spørgsmål til projektet{% endif %}"
    " kan rettes til"
)
"""What may be asked of the contact persons, as KL's letter opens the sentence naming them."""


def _questions(doc: Document) -> None:
    """Whom to ask about the project and the registration (and, without a link, whom to register with)."""
    hs.paragraph(
        doc,
        QUESTIONS + " "
        "{% for contact in program.contacts %}"
        # three or more, each with its own commas, are told apart by semicolons
        "{% if not loop.first %}{% if loop.last %} eller {% elif loop.length > 2 %}; {% else %}, {% endif %}"
        "{% endif %}"
        "{{ contact.title }} {{ contact.name }}, {{ contact.email }}"
        "{% if contact.phone %}, {{ contact.phone|phone }}{% endif %}{% endfor %}.",
    )


def invitation_participants(doc: Document) -> None:
    """The invitation's participants: the programme's text, then the groups and their limits (unless it says them)."""
    hs.text_blocks(doc, "program.participants.text")
    with hs.only_if(doc, "program.participants.state_limits"):
        hs.paragraph(doc, LIMITS)


def agreement_participants(doc: Document) -> None:
    """The agreement's participants: how many the municipality sends, its contact person and its network."""
    hs.paragraph(
        doc,
        "{{ municipality.official_name }} deltager i partnerskabet med"
        " {{ program.participants.sent(registration.participants, registration.politicians, registration.others) }}"
        ". " + SENT_LIMITS,
    )
    hs.paragraph(doc, "Kommunens kontaktperson i partnerskabet er:", keep_with_next=True)
    # Lines of "Navn: …", not a table of two columns, which would have no column headings to announce.
    # Name and title keep with the line after them, so the time plan need not follow onto a new page.
    hs.paragraph(doc, "Navn: {{ registration.contact_name }}", hs.ADDRESS, keep_with_next=True)
    with hs.only_if(doc, "registration.contact_title"):
        hs.paragraph(doc, "Titel: {{ registration.contact_title }}", hs.ADDRESS, keep_with_next=True)
    hs.paragraph(doc, "E-mail: {{ registration.email }}", hs.ADDRESS)
    with hs.only_if(doc, "registration.phone"):
        hs.paragraph(doc, "Telefon: {{ registration.phone|phone }}", hs.ADDRESS)
    with hs.only_if(doc, "network"):
        hs.heading(doc, "Kommunens netværk", level=3)
        hs.paragraph(
            doc,
            "{{ municipality.official_name }} indgår i {{ network.name }}"
            "{% if network.other_names %} sammen med {{ network.other_names|and_list }}{% endif %}."
            "{% if network.focus_area_titles %} Netværket arbejder især med:{% endif %}",
            keep_with_next=True,
        )
        hs.bullets(doc, "network.focus_area_titles", item="network_area")
