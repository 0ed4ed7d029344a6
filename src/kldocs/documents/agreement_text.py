"""What an agreement says in its own words: its background, purpose and terms, with their Danish defaults.

The invitation appeals to every municipality ("vi skal starte meget
tidligere", "Med det afsæt vil KL samle …"); the agreement binds one
municipality and the association, so it has texts of its own. Each comes
from ``agreement:`` in ``program.yaml`` (``preamble``, ``purpose``,
``binding``, ``withdrawal``, ``invoicing``) and, when left out, is one of the
defaults below, as a Danish civil servant writes them: they name the
municipality, its council and the association, and follow the programme's
period and whether registration binds (``registration.binding``).

Nothing here says that the agreement has been approved or concluded: the
defaults hold for a draft and a final agreement alike.
"""

from __future__ import annotations

from kldocs.danish.formatting import and_list, format_period, spell
from kldocs.inputs.fieldtypes import Text, plain_blocks
from kldocs.inputs.pricing import chosen_words
from kldocs.inputs.program import Program
from kldocs.inputs.registrations import Registration
from kldocs.reference.municipalities import registry, whole_regions


def _or_default(given: Text, default: str) -> Text:
    return given if given else plain_blocks(default)  # made from data (names, the topic): never read as Markdown


def preamble(program: Program, registration: Registration) -> Text:
    """The agreement's background (``agreement.preamble``).

    ``KL har inviteret kommunerne (i Region Syddanmark og Region Sjælland) til
    at deltage i partnerskabet om …, og Aarhus Kommune har tilmeldt sig. Med
    aftalen bekræfter parterne kommunens deltagelse og fastlægger, hvad hver
    af dem forpligter sig til.`` (``har
    tilkendegivet sin interesse i at deltage`` where municipalities expressed
    an interest rather than signed up).
    """
    m = registration.municipality
    interest = program.registration.is_interest
    answered = "har tilkendegivet sin interesse i at deltage" if interest else "har tilmeldt sig"
    invited = _invited(program)
    who = "kommunen" if invited == m.official_name else m.official_name
    return _or_default(program.agreement.preamble, (
        f"{program.sender.name} har inviteret {invited} til at deltage i {program.the_partnership}, "
        f"og {who} {answered}. Med aftalen bekræfter parterne kommunens deltagelse og "
        "fastlægger, hvad hver af dem forpligter sig til."
    ))


def _invited(program: Program) -> str:
    """Whom the partnership was open to: ``kommunerne``, ``kommunerne i Region Syddanmark og Region Sjælland``.

    A list of municipalities is counted (``fire kommuner``); one is named.
    """
    open_to = program.open_to
    if len(open_to) == len(registry().all):
        return "kommunerne"
    regions = whole_regions(open_to)
    if regions is not None:
        return f"kommunerne i {and_list(regions)}"
    return open_to[0].official_name if len(open_to) == 1 else f"{spell(len(open_to))} kommuner"


def purpose(program: Program, registration: Registration) -> Text:
    """What the municipality's participation is to achieve (``agreement.purpose``).

    ``Aftalen skal sikre, at Aarhus Kommune får mest muligt ud af
    partnerskabet om …. Kommunen arbejder med de indsatsområder og lokale mål,
    den selv har prioriteret, og begge parter lever op til de forpligtelser,
    der er beskrevet i aftalen.``
    """
    m = registration.municipality
    areas = f"de {program.focus_areas.word.plural}"
    chosen = f"{areas} og lokale mål" if program.agreement.local_goals else areas
    return _or_default(program.agreement.purpose, (
        f"Aftalen skal sikre, at {m.official_name} får mest muligt ud af {program.the_partnership}. "
        f"Kommunen arbejder med {chosen}, den selv har prioriteret, og begge parter lever op til de "
        "forpligtelser, der er beskrevet i aftalen."
    ))


def binding(program: Program, registration: Registration) -> Text:
    """When the agreement takes effect, how long it lasts and whether it binds (``agreement.binding``).

    ``Aftalen træder i kraft, når Aarhus Kommunes kommunalbestyrelse har
    godkendt den, og begge parter har underskrevet den. Den gælder for
    partnerskabets periode, august 2021 til marts 2022. Kommunens tilmelding er
    bindende, og aftalen forpligter begge parter i hele perioden.``
    """
    m = registration.municipality
    period = format_period(*program.period)
    effect = (f"Aftalen træder i kraft, når {m.council_of} har godkendt den, og begge parter har "
              f"underskrevet den. Den gælder for partnerskabets periode, {period}")
    if program.registration.binding:
        default = f"{effect}. Kommunens tilmelding er bindende, og aftalen forpligter begge parter i hele perioden."
    else:
        default = f"{effect}, og forpligter begge parter, så længe kommunen deltager."
    return _or_default(program.agreement.binding, default)


def withdrawal(program: Program, registration: Registration) -> Text:
    """How the municipality leaves before the end, and what it then pays (``agreement.withdrawal``).

    With binding registration: ``Ønsker kommunen at træde ud af partnerskabet
    før tid, giver den KL skriftlig besked. Kommunen betaler i så fald
    den fulde pris for deltagelse, da tilmeldingen er bindende.`` Without, the
    parties agree on what the municipality pays for the part it took part in.
    Taking part for free (``pricing.free``), only the add-ons it chose are
    paid for: it may leave, and the parties agree on what it pays for those.
    """
    sender = program.sender.name
    chosen = chosen_words(len(registration.add_ons))
    if program.pricing.free:  # taking part costs nothing: only what the municipality chose to buy is paid for
        if program.registration.binding:
            default = (f"Ønsker kommunen at træde ud af partnerskabet før tid, giver den {sender} skriftlig "
                       "besked." + (f" Kommunen betaler i så fald for {chosen}, da tilmeldingen er bindende."
                                    if registration.add_ons else ""))
        else:
            default = f"Kommunen kan træde ud af partnerskabet ved at give {sender} skriftlig besked." + (
                f" Parterne aftaler i så fald, hvad kommunen betaler for {chosen}." if registration.add_ons else "")
    elif program.registration.binding:
        price = "den fulde pris for deltagelse"
        if registration.add_ons:
            price += f" og for {chosen}"
        default = (f"Ønsker kommunen at træde ud af partnerskabet før tid, giver den {sender} skriftlig besked. "
                   f"Kommunen betaler i så fald {price}, da tilmeldingen er bindende.")
    else:
        default = (f"Kommunen kan træde ud af partnerskabet ved at give {sender} skriftlig besked. Parterne "
                   "aftaler i så fald, hvad kommunen betaler for den del af forløbet, den har deltaget i.")
    return _or_default(program.agreement.withdrawal, default)


def invoicing(program: Program, registration: Registration) -> Text:
    """When and how the price is invoiced (``agreement.invoicing``), following ``pricing.schedule``.

    Without a schedule: ``KL fakturerer kommunen for det samlede beløb, når
    aftalen er underskrevet af begge parter. Fakturaen sendes elektronisk til
    det EAN-nummer, kommunen oplyser.`` One instalment names its time
    (``… for det samlede beløb i januar 2026``); several refer to the
    agreement's table (``KL fakturerer kommunen for beløbet i to rater, som
    fremgår af tabellen``), and a priced add-on chosen goes with the first
    (``; tilkøbet faktureres med første rate``). An add-on the municipality chose whose price is
    agreed later is invoiced once it is. Free, with no add-on chosen, there
    is nothing to invoice: no text (the programme's own, if it writes one).
    """
    sender = program.sender.name
    schedule = program.pricing.schedule
    later = [a for a in registration.add_ons if a.price is None]
    if program.pricing.free and len(later) == len(registration.add_ons):  # nothing priced to invoice yet
        if program.agreement.invoicing or not later:
            return program.agreement.invoicing  # no section on it, unless the programme writes one
        return plain_blocks("Tilkøbet med pris efter aftale faktureres, når prisen er aftalt." if len(later) == 1
                            else "Tilkøbene med pris efter aftale faktureres, når priserne er aftalt.")
    if len(schedule) > 1:
        once = sum(1 for a in registration.add_ons if a.price is not None)  # invoiced in full with the first
        first = f"; {'tilkøbet' if once == 1 else 'tilkøbene'} faktureres med første rate" if once else ""
        default = (f"{sender} fakturerer kommunen for beløbet i {spell(len(schedule))} rater, som fremgår af "
                   f"tabellen{first}. Fakturaerne sendes elektronisk til det EAN-nummer, kommunen oplyser.")
    else:
        when = schedule[0].phrase if schedule else "når aftalen er underskrevet af begge parter"
        default = (f"{sender} fakturerer kommunen for det samlede beløb{',' if when.startswith('når') else ''} "
                   f"{when}. Fakturaen sendes elektronisk til det EAN-nummer, kommunen oplyser.")
    if later:
        default += (" Tilkøbet med pris efter aftale faktureres, når prisen er aftalt." if len(later) == 1 else
                    " Tilkøbene med pris efter aftale faktureres, når priserne er aftalt.")
    return _or_default(program.agreement.invoicing, default)
