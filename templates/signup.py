"""The blocks on taking part: how municipalities sign up (the invitation) and whom one sends (an agreement)."""

from __future__ import annotations

from docx.document import Document

from . import housestyle as hs


def registration(doc: Document) -> None:
    """The invitation's registration: how and by when to sign up, whether it binds, and whom to ask."""
    hs.paragraph(
        doc,
        "Alle kommuner opfordres til at tilmelde sig udviklingspartnerskabet"
        "{% if program.registration.link %} via dette link {{ registration_link }}{% endif %}."
        " Deadline for tilmelding er {{ program.registration.deadline|weekday_date }}."
        "{% for block in program.registration.text %} {% if block.is_bullets %}{{ block.items|join('; ') }}"
        "{% else %}{{ block.text }}{% endif %}{% endfor %}"
        " Tilmelding er {% if program.registration.binding %}bindende{% else %}ikke bindende{% endif %}.",
    )
    hs.paragraph(
        doc,
        "Eventuelle spørgsmål til projektet og tilmelding kan rettes til "
        "{% for contact in program.contacts %}"
        "{% if not loop.first %}{% if loop.last %} eller {% else %}, {% endif %}{% endif %}"
        "{{ contact.title }} {{ contact.name }}, {{ contact.email }}"
        "{% if contact.phone %}, {{ contact.phone }}{% endif %}{% endfor %}.",
    )


def agreement_participants(doc: Document) -> None:
    """The agreement's participants: how many the municipality sends, its contact person and its network."""
    hs.paragraph(
        doc,
        "{{ municipality.official_name }} deltager i partnerskabet med {{ registration.participants|spell }}"
        " {% if registration.participants == 1 %}medarbejder{% else %}medarbejdere{% endif %}"
        "{% if registration.politicians %} og {{ registration.politicians|spell }}"
        " {% if registration.politicians == 1 %}politiker{% else %}politikere{% endif %}{% endif %}."
        " Hver kommune kan deltage med"
        " {% if program.participants.min < program.participants.max %}{{ program.participants.min }}–{% endif %}"
        "{{ program.participants.max }}"
        " {% if program.participants.max == 1 %}person{% else %}personer{% endif %}"
        "{% if program.participants.max_politicians %} og op til {{ program.participants.max_politicians|spell }}"
        " {% if program.participants.max_politicians == 1 %}politiker{% else %}politikere{% endif %}{% endif %}.",
    )
    hs.paragraph(doc, "Kommunens kontaktperson i partnerskabet er:", keep_with_next=True)
    # Lines of "Navn: …", not a table of two columns, which would have no column headings to announce.
    # Name and title keep with the line after them, so the time plan need not follow onto a new page.
    hs.paragraph(doc, "Navn: {{ registration.contact_name }}", hs.ADDRESS, keep_with_next=True)
    with hs.only_if(doc, "registration.contact_title"):
        hs.paragraph(doc, "Titel: {{ registration.contact_title }}", hs.ADDRESS, keep_with_next=True)
    hs.paragraph(doc, "E-mail: {{ registration.email }}", hs.ADDRESS)
    with hs.only_if(doc, "registration.phone"):
        hs.paragraph(doc, "Telefon: {{ registration.phone }}", hs.ADDRESS)
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

