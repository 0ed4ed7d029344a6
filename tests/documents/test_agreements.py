"""Agreements: one political partnership agreement per registered municipality, as a council reads it."""

import dataclasses
import io
import json
import re
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from kldocs.templates import agreement as agreement_builder
from lxml import etree

from conftest import EXAMPLE_DIR, SECOND_EXAMPLE
from docxfactory import BODY, W, paragraphs, parts, tab_columns, table_rows, text
from kldocs.app import check_folder, make, plan
from kldocs.cli import cli
from kldocs.documents.agreements import (
    AgreementView,
    agreement_context,
    agreement_filename,
    both_sides,
    choose_registrations,
    core_properties,
    signatory,
)
from kldocs.engine.output import data_hash
from kldocs.engine.template import CoreProperties, PreparedTemplate
from kldocs.errors import InputError, OutputExists
from kldocs.inputs.fieldtypes import parse_blocks
from kldocs.inputs.program import Signatory, load_program
from kldocs.inputs.registrations import Priority, Registration, load_registrations
from kldocs.networks.compose import compose_networks
from kldocs.networks.csvfile import write_lineup
from kldocs.reference.municipalities import registry
from kldocs.resources import bundled_template
from programfactory import without_registrations

FILL = "_" * 10  # how the tests show a tab: the line to write on that it prints as


def framed(p):
    return p.find(f"{{{W}}}pPr/{{{W}}}framePr") is not None


def text_paragraphs(data, tab=FILL):
    """The paragraphs of the body after the first page's letterhead column (its frames and their anchor)."""
    body = list(etree.fromstring(parts(data)[BODY]).find(f"{{{W}}}body"))
    count = next(i for i, el in enumerate(body) if not framed(el))
    assert count > 0 and "".join(t.text or "" for t in body[count].iter(f"{{{W}}}t")) == ""  # the anchor
    return paragraphs(data, tab=tab)[count + 1:]


def first_page_column(data):
    """The lines of the letterhead column of the first page, which is in the text, not in a header."""
    body = etree.fromstring(parts(data)[BODY]).find(f"{{{W}}}body")
    return ["".join(t.text or "" for t in p.iter(f"{{{W}}}t")) for p in body if framed(p)]


def signature_blocks(data):
    """The lines of the two signature blocks side by side: (the municipality's, the association's)."""
    body = etree.fromstring(parts(data)[BODY]).find(f"{{{W}}}body")
    lines = [p for p in body if p.tag == f"{{{W}}}p"]
    heading = next(i for i, p in enumerate(lines) if "".join(t.text or "" for t in p.iter(f"{{{W}}}t"))
                   == "Godkendelse og underskrifter")
    column = docx.shared.Cm(agreement_builder.SIGNATURE_COLUMN).twips
    # after the heading, one paragraph: the sentence leading in, then the blocks
    lead, *split = tab_columns(lines[heading + 1], column, FILL)
    assert lead[0].startswith(("Aftalen ", "Tiltrådt ")) and not lead[1], lead
    return [left for left, _ in split], [right for _, right in split]


def contact_lines(data):
    """The lines that name the municipality's contact person, after the sentence that leads into them."""
    body = paragraphs(data)
    start = body.index("Kommunens kontaktperson i partnerskabet er:") + 1
    return [line for line in body[start:start + 4] if line.split(": ")[0] in ("Navn", "Titel", "E-mail", "Telefon")]


def core(data):
    return {etree.QName(el).localname: el.text for el in etree.fromstring(parts(data)["docProps/core.xml"])}


@pytest.fixture(scope="module")
def template():
    return PreparedTemplate.load(bundled_template("agreement.docx"))


@pytest.fixture(scope="module")
def registrations(program):
    return load_registrations(EXAMPLE_DIR, program)


def render(template, program, registration, *, final=False, network=None):
    context = agreement_context(program, registration, final=final, network=network)
    return template.render(context, CoreProperties("t", created=program.created), record=registration.municipality.name)


def reg(registrations, name):
    return next(r for r in registrations if r.municipality.name == name)


def stand_in(municipality, program, row=2, **changes):
    """A registration of any municipality, as the export would give it."""
    areas = program.focus_areas.catalogue
    base = Registration(
        row=row, municipality=municipality, contact_name="Kim Jensen", contact_title="Dagtilbudschef",
        email="kim.jensen@example.dk", phone=None,
        priorities=(Priority(1, areas[2]), Priority(2, areas[0]), Priority(3, areas[4])),
        participants=3, politicians=0, add_ons=(),
    )
    return dataclasses.replace(base, **changes)


# --- The parties, for every municipality -------------------------------------------------------

OFFICIAL_EXCEPTIONS = {101: "Københavns Kommune", 400: "Bornholms Regionskommune", 480: "Nordfyns Kommune",
                       820: "Vesthimmerlands Kommune"}
"""The municipalities whose official name is not '<name> Kommune' (borger.dk): the name of a list is the place's."""


def expected_wording(m):
    """The party wording of a municipality, derived from Danish usage rather than from kldocs."""
    official = OFFICIAL_EXCEPTIONS.get(m.code, f"{m.name} Kommune")
    genitive = official + "s"  # every official name ends in '…kommune', whose genitive is '…kommunes'
    if m.code == 101:  # København: overborgmester, and an administrerende direktør for each administration
        council, mayor, director = "Københavns Kommunes Borgerrepræsentation", "Overborgmester", "Administrerende direktør"
    else:
        council, mayor, director = f"{genitive} kommunalbestyrelse", "Borgmester", "Kommunaldirektør"
    return official, genitive, council, mayor, director


@pytest.fixture(scope="module")
def all_98(template, program):
    return {m.code: render(template, program, stand_in(m, program)) for m in registry()}


class DescribeTheParties:
    def it_knows_the_official_names_that_are_not_the_place_name(self):
        by_code = registry().by_code
        assert by_code[101].council_of == "Københavns Kommunes Borgerrepræsentation"
        assert by_code[751].council_of == "Aarhus Kommunes kommunalbestyrelse"
        assert by_code[820].council_of == "Vesthimmerlands Kommunes kommunalbestyrelse"
        assert by_code[400].council_of == "Bornholms Regionskommunes kommunalbestyrelse"
        assert by_code[480].official_name == "Nordfyns Kommune"

    @pytest.mark.parametrize("municipality", list(registry()), ids=lambda m: m.name)
    def it_names_each_of_the_98_by_official_name_council_and_signatories(self, municipality, all_98):
        official, genitive, council, mayor, director = expected_wording(municipality)
        assert (municipality.official_name, municipality.genitive, municipality.council_of) == (
            official, genitive, council)
        assert (municipality.mayor_title, municipality.director_title) == (mayor.lower(), director.lower())
        body = text(all_98[municipality.code], BODY, tab=FILL)
        assert "Udkast til aftale mellem\n" + council + "\nog\nKL's bestyrelse\n" in body
        assert f"UDKAST til behandling i {council}." in body
        assert f"Aftalen forelægges {council} til godkendelse." in body
        assert f"{genitive} indsatsområder og lokale mål" in body
        assert f"{genitive} forpligtelser" in body
        ours, theirs = signature_blocks(all_98[municipality.code])
        assert ours == [f"For {official}", f"Sted og dato: {FILL}", FILL, f"Navn: {FILL}", mayor,
                        f"Sted og dato: {FILL}", FILL, f"Navn: {FILL}", director]
        assert theirs[0] == "For KL"

    def it_names_the_association_by_its_board_in_the_genitive(self, template, program, registrations):
        other = program.model_copy(update={"sender": program.sender.model_copy(update={"name": "Danske Regioner"})})
        body = text(render(template, other, reg(registrations, "Aarhus")), BODY, tab=FILL)
        assert "\nDanske Regioners bestyrelse\n" in body
        assert "Danske Regioners forpligtelser" in body

    def it_names_the_period_from_its_start_to_its_end(self, template, program, registrations):
        body = text(render(template, program, reg(registrations, "Aarhus")), BODY, tab=FILL)
        assert ("om Aarhus Kommunes deltagelse i partnerskabet om stærke børnefællesskaber i dagtilbud i perioden "
                "fra august 2021 til marts 2022.") in " ".join(body.split())


# --- What the municipality chose -----------------------------------------------------------------


class DescribeFocusAreas:
    def it_numbers_the_areas_in_the_municipality_s_priority_order_with_their_descriptions(
        self, template, program, registrations,
    ):
        aarhus = reg(registrations, "Aarhus")
        body = paragraphs(render(template, program, aarhus), tab=FILL)
        expected = [
            "1. Mellemformer i dagtilbud og kommunal tilbudsvifte",
            "2. Støtte og indsats fra fx PPR og organisering af det tværfaglige samarbejde",
            "3. Ledelsesrollen i arbejdet med stærke børnefællesskaber",
            "4. Pædagogisk praksis målrettet børn i udsatte positioner",
        ]
        positions = [body.index(title) for title in expected]
        assert positions == sorted(positions)
        catalogue = program.focus_areas.by_id()
        assert body[positions[0] + 1] == catalogue["mellemformer"].description
        assert body[positions[1] + 1] == catalogue["tvaerfagligt"].description
        assert "arbejder i partnerskabet med fire indsatsområder" in "\n".join(body)

    def it_prints_the_local_goal_or_a_marked_line_to_fill_in(self, template, program, registrations):
        body = paragraphs(render(template, program, reg(registrations, "Aarhus")), tab=FILL)
        first = body.index("1. Mellemformer i dagtilbud og kommunal tilbudsvifte")
        second = body.index("2. Støtte og indsats fra fx PPR og organisering af det tværfaglige samarbejde")
        assert body[first + 2] == "Lokalt mål: Flere børn i almene dagtilbud med støtte fra PPR"
        assert body[second + 2] == f"Lokalt mål: {FILL}"
        assert body[second + 3] == FILL
        assert ("Mål, der endnu ikke er fastlagt, udfyldes af kommunen, inden aftalen forelægges "
                "kommunalbestyrelsen.") in "\n".join(body)

    def it_keeps_each_focus_area_on_the_page_of_its_local_goal(self, template, program, registrations):
        document = docx.Document(io.BytesIO(render(template, program, reg(registrations, "Aarhus"))))
        goals = [i for i, p in enumerate(document.paragraphs) if p.text.startswith("Lokalt mål:")]
        assert len(goals) == 4
        for at in goals:  # the heading and the description above a goal never end a page without it
            heading, description = document.paragraphs[at - 2], document.paragraphs[at - 1]
            assert heading.style.name.startswith("Heading")
            assert description.paragraph_format.keep_with_next

    def it_drops_the_fill_in_note_when_every_goal_is_given(self, template, program, registrations):
        aarhus = reg(registrations, "Aarhus")
        complete = dataclasses.replace(
            aarhus, priorities=tuple(dataclasses.replace(p, goal=f"Mål {p.rank}") for p in aarhus.priorities))
        body = text(render(template, program, complete), BODY, tab=FILL)
        assert "udfyldes af kommunen" not in body
        assert FILL not in body.split("Godkendelse og underskrifter")[0]
        assert "Lokalt mål: Mål 4" in body


class DescribeParticipants:
    def it_names_the_contact_and_the_numbers_within_the_programme_s_limits(self, template, program, registrations):
        data = render(template, program, reg(registrations, "Aarhus"))
        body = text(data, BODY, tab=FILL)
        assert ("Aarhus Kommune deltager i partnerskabet med fem medarbejdere og to politikere. "
                "Hver kommune kan deltage med 3–5 medarbejdere og op til to politikere.") in body
        assert contact_lines(data) == ["Navn: Sofie Dalgaard", "Titel: Pædagogisk chef",
                                       "E-mail: sofie.dalgaard@example.dk", "Telefon: 8940 2017"]

    def it_leaves_out_politicians_and_missing_contact_details(self, template, program):
        lonely = stand_in(registry().lookup("Læsø"), program, participants=1)
        data = render(template, program, lonely)
        assert "Læsø Kommune deltager i partnerskabet med én medarbejder. Hver" in text(data, BODY, tab=FILL)
        assert contact_lines(data) == ["Navn: Kim Jensen", "Titel: Dagtilbudschef", "E-mail: kim.jensen@example.dk"]

    def it_names_the_network_only_when_a_line_up_exists(self, template, program, registrations):
        aarhus = reg(registrations, "Aarhus")
        assert "netværk" not in text(render(template, program, aarhus), BODY, tab=FILL).replace("netværket", "")
        network = {"name": "Netværk 2", "other_names": ["Horsens", "Skanderborg"],
                   "focus_area_titles": ["Co-teaching i dagtilbud"]}
        body = text(render(template, program, aarhus, network=network), BODY, tab=FILL)
        assert "Kommunens netværk\nAarhus Kommune indgår i Netværk 2 sammen med Horsens og Skanderborg." in body
        assert "\nCo-teaching i dagtilbud\n" in body


# --- Economy -------------------------------------------------------------------------------------


def economy(data):
    """The rows of the price table (the last table), under its heading row."""
    rows = table_rows(data)
    start = rows.index(next(r for r in rows if r[0] == "Deltagelse i partnerskabet"))
    assert rows[start - 1] == ["Post", "Beløb"]
    return [tuple(r) for r in rows[start:]]


class DescribeEconomy:
    def it_adds_the_chosen_add_on_and_vat(self, template, program, registrations):
        price, add_on, rate = Decimal(55000), Decimal(15000), Decimal("0.25")
        subtotal = price + add_on
        vat = subtotal * rate
        assert (subtotal, vat, subtotal + vat) == (70000, 17500, 87500)
        assert economy(render(template, program, reg(registrations, "Aarhus"))) == [
            ("Deltagelse i partnerskabet", "55.000 kr."),
            ("Lokal workshop for dagtilbudsledere", "15.000 kr."),
            ("I alt ex moms", "70.000 kr."),
            ("Moms (25 pct.)", "17.500 kr."),
            ("I alt med moms", "87.500 kr."),
        ]

    def it_shows_the_base_price_alone_without_add_ons(self, template, program, registrations):
        hvidovre = reg(registrations, "Hvidovre")
        assert hvidovre.add_ons == ()
        data = render(template, program, hvidovre)
        assert economy(data) == [
            ("Deltagelse i partnerskabet", "55.000 kr."),
            ("I alt ex moms", "55.000 kr."),
            ("Moms (25 pct.)", "13.750 kr."),
            ("I alt med moms", "68.750 kr."),
        ]
        body = text(data, BODY, tab=FILL)
        assert "Hvidovre Kommunes pris for deltagelse i partnerskabet fremgår af tabellen." in body

    def it_shows_the_vat_contained_when_prices_include_it(self, template, program, registrations):
        incl = program.model_copy(update={"pricing": program.pricing.model_copy(update={"vat": "incl"})})
        total = Decimal(55000) + Decimal(15000)
        contained = total - total / Decimal("1.25")
        assert contained == 14000
        assert economy(render(template, incl, reg(registrations, "Aarhus"))) == [
            ("Deltagelse i partnerskabet", "55.000 kr."),
            ("Lokal workshop for dagtilbudsledere", "15.000 kr."),
            ("I alt inkl. moms", "70.000 kr."),
            ("Heraf moms (25 pct.)", "14.000 kr."),
        ]

    def it_writes_oere_when_an_add_on_has_them(self, template, program, registrations):
        odd = program.pricing.model_copy(update={"add_ons": (
            program.pricing.add_ons[0].model_copy(update={"price": Decimal("1234.50")}),)})
        changed = program.model_copy(update={"pricing": odd})
        aarhus = dataclasses.replace(reg(registrations, "Aarhus"), add_ons=odd.add_ons)
        rows = economy(render(template, changed, aarhus))
        assert rows[2:] == [("I alt ex moms", "56.234,50 kr."), ("Moms (25 pct.)", "14.058,63 kr."),
                            ("I alt med moms", "70.293,13 kr.")]


# --- Draft, approval and signatures --------------------------------------------------------------


def everything(data):
    """The body and the column of every page, as one text."""
    return text(data, BODY, tab=FILL) + "\n" + text(data, "word/header1.xml", tab=FILL)


class DescribeDraftAndFinal:
    def it_marks_a_draft_at_the_top_and_in_the_column_of_every_page(self, template, program, registrations):
        data = render(template, program, reg(registrations, "Aarhus"))
        assert text_paragraphs(data)[0] == (
            "UDKAST til behandling i Aarhus Kommunes kommunalbestyrelse. Aftalen gælder først, når "
            "kommunalbestyrelsen har godkendt den, og begge parter har underskrevet den.")
        assert "UDKAST" in paragraphs(data, "word/header1.xml", tab=FILL)
        assert "UDKAST" in first_page_column(data)

    @pytest.mark.parametrize("name", ["Aarhus", "Hvidovre", "København"])
    def it_reads_as_a_draft_everywhere_even_when_the_council_has_approved(self, template, program, registrations,
                                                                          name):
        registration = reg(registrations, name)
        body = everything(render(template, program, registration))
        for claim in ("er tiltrådt", "tiltrådt af", "er indgået", "er godkendt af"):
            assert claim not in body.lower(), f"a draft says '{claim}'"
        council = registration.municipality.council_of
        assert f"Udkast til aftale mellem\n{council}\n" in body
        assert (f"Aftalen forelægges {council} til godkendelse. Når {registration.municipality.council} har "
                "godkendt den, underskrives den af begge parter.") in body

    def it_says_it_is_concluded_only_when_final_with_the_approval_date(self, template, program, registrations):
        aarhus = reg(registrations, "Aarhus")
        assert aarhus.approved is not None
        body = everything(render(template, program, aarhus, final=True))
        assert "UDKAST" not in body and "Udkast" not in body
        assert "Aftalen er indgået mellem\nAarhus Kommunes kommunalbestyrelse\nog\nKL's bestyrelse\n" in body
        assert "Aftalen er tiltrådt af Aarhus Kommunes kommunalbestyrelse den 8. september 2021." in body
        assert "forelægges" not in body

    def it_has_a_line_for_the_approval_date_when_final_without_it(self, template, program, registrations):
        hvidovre = reg(registrations, "Hvidovre")
        assert hvidovre.approved is None
        body = everything(render(template, program, hvidovre, final=True))
        assert "er indgået" not in body and "er tiltrådt" not in body
        assert "Aftalen indgås mellem\nHvidovre Kommunes kommunalbestyrelse\n" in body
        assert "Tiltrådt af Hvidovre Kommunes kommunalbestyrelse den _______________." in body

    def it_has_no_marking_when_final(self, template, program, registrations):
        data = render(template, program, reg(registrations, "Aarhus"), final=True)
        assert "UDKAST" not in text(data, BODY, tab=FILL) and "UDKAST" not in text(data, "word/header1.xml", tab=FILL)
        assert text_paragraphs(data)[0] == "Politisk partnerskabsaftale"
        assert "Sags ID: SAG-2021-00945" in paragraphs(data, "word/header1.xml", tab=FILL)
        assert "Sags ID: SAG-2021-00945" in first_page_column(data) and "UDKAST" not in first_page_column(data)

    def it_tells_how_the_missing_goals_are_filled_in_a_draft_and_in_a_final(self, template, program, registrations):
        aarhus = reg(registrations, "Aarhus")
        draft = text(render(template, program, aarhus), BODY, tab=FILL)
        final = text(render(template, program, aarhus, final=True), BODY, tab=FILL)
        assert "Mål, der endnu ikke er fastlagt, udfyldes af kommunen, inden aftalen forelægges " \
               "kommunalbestyrelsen." in draft
        assert "Mål, der ikke var fastlagt, da aftalen blev skrevet, skrives på linjerne, inden aftalen " \
               "underskrives." in final


class DescribeTheAgreementsOwnWords:
    def it_has_its_own_background_and_purpose_not_the_invitation_s_appeal(self, template, program, registrations):
        body = text(render(template, program, reg(registrations, "Aarhus")), BODY, tab=FILL)
        for appeal in ("Med det afsæt vil KL samle", "at vi skal starte meget tidligere", "Flere kommuner har fokus"):
            assert appeal in "\n".join(b.text for b in program.background.text)
            assert appeal not in body
        assert ("Baggrund\nKL har inviteret kommunerne til at deltage i partnerskabet om stærke børnefællesskaber "
                "i dagtilbud, og Aarhus Kommune har tilmeldt sig. Med aftalen bekræfter parterne kommunens "
                "deltagelse og fastlægger, hvad hver af dem forpligter sig til.\nFormål\n") in body
        assert "Formål\nPartnerskabet skal understøtte kommunens arbejde med stærke børnefællesskaber" in body

    def it_says_when_it_binds_how_to_withdraw_and_when_payment_is_invoiced(self, template, program, registrations):
        body = text(render(template, program, reg(registrations, "Aarhus")), BODY, tab=FILL)
        assert ("Betaling\nKL fakturerer kommunen for det samlede beløb, når aftalen er underskrevet af begge "
                "parter. Fakturaen sendes elektronisk til det EAN-nummer, kommunen oplyser.") in body
        assert ("Aftalens gyldighed og udtræden\n"
                "Aftalen træder i kraft, når Aarhus Kommunes kommunalbestyrelse har godkendt den, og begge parter "
                "har underskrevet den. Den gælder for partnerskabets periode, august 2021 til marts 2022. "
                "Kommunens tilmelding er bindende, og aftalen forpligter begge parter i hele perioden.\n"
                "Ønsker kommunen at træde ud af partnerskabet før tid, giver den KL skriftlig besked. Kommunen "
                "betaler i så fald den fulde pris for deltagelse og for det valgte tilkøb, da "
                "tilmeldingen er bindende.\nGodkendelse og underskrifter") in body

    def it_follows_a_registration_that_does_not_bind(self, template, program, registrations):
        loose = program.model_copy(update={"registration": program.registration.model_copy(update={"binding": False})})
        body = text(render(template, loose, reg(registrations, "Hvidovre")), BODY, tab=FILL)
        assert ("Den gælder for partnerskabets periode, august 2021 til marts 2022, og forpligter begge parter, "
                "så længe kommunen deltager.") in body
        assert ("Kommunen kan træde ud af partnerskabet ved at give KL skriftlig besked. Parterne aftaler i så "
                "fald, hvad kommunen betaler for den del af forløbet, den har deltaget i.") in body
        assert "bindende" not in body

    def it_prints_the_programme_s_own_texts_instead_of_the_defaults(self, template, program, registrations):
        own = program.agreement.model_copy(update={
            "preamble": parse_blocks("Kommunen og KL har et fælles ønske."),
            "binding": parse_blocks("Aftalen binder parterne til 1. juli 2022."),
            "withdrawal": parse_blocks("- Udtræden sker skriftligt.\n- Prisen refunderes ikke."),
            "invoicing": parse_blocks("Der faktureres i september 2021."),
        })
        body = text(render(template, program.model_copy(update={"agreement": own}), reg(registrations, "Aarhus")),
                    BODY, tab=FILL)
        assert "Baggrund\nKommunen og KL har et fælles ønske.\nFormål" in body
        assert "Betaling\nDer faktureres i september 2021.\n" in body
        assert ("Aftalens gyldighed og udtræden\nAftalen binder parterne til 1. juli 2022.\n"
                "Udtræden sker skriftligt.\nPrisen refunderes ikke.\nGodkendelse") in body

    def it_lists_the_focus_areas_without_goals_when_the_programme_sets_none(self, template, program, registrations):
        without = program.model_copy(update={"agreement": program.agreement.model_copy(update={"local_goals": False})})
        aarhus = reg(registrations, "Aarhus")
        context = agreement_context(without, aarhus)
        assert context["missing_goals"] is False
        body = text(render(template, without, aarhus), BODY, tab=FILL)
        assert "Aarhus Kommunes indsatsområder\nAarhus Kommune arbejder i partnerskabet med fire indsatsområder, " \
               "her nævnt i kommunens prioriterede rækkefølge.\n1." in body
        assert "Lokalt mål: Flere børn i almene dagtilbud med støtte fra PPR" in body  # a goal given is printed
        assert f"Lokalt mål: {FILL}" not in body
        assert "indsatsområder og lokale mål, den selv har prioriteret" not in body


class DescribeApprovalAndSignatures:
    def it_puts_four_blocks_side_by_side_with_names_where_known(self, template, program, registrations):
        named = dataclasses.replace(reg(registrations, "Aarhus"), mayor="Jacob Bundsgaard Hansen", director=None)
        municipality, association = signature_blocks(render(template, program, named))
        assert municipality == [
            "For Aarhus Kommune", f"Sted og dato: {FILL}", FILL, "Jacob Bundsgaard Hansen", "Borgmester",
            f"Sted og dato: {FILL}", FILL, f"Navn: {FILL}", "Kommunaldirektør",
        ]
        assert association == [
            "For KL", f"Sted og dato: {FILL}", FILL, "Jacob Bundsgaard", "Formand",
            f"Sted og dato: {FILL}", FILL, f"Navn: {FILL}", "Administrerende direktør",
        ]

    def it_leaves_lines_for_names_the_programme_does_not_give(self, template, program, registrations):
        unnamed = program.agreement.model_copy(update={
            "chair": program.agreement.chair.model_copy(update={"name": None})})
        changed = program.model_copy(update={"agreement": unnamed})
        _, association = signature_blocks(render(template, changed, reg(registrations, "Aarhus")))
        assert association.count(f"Navn: {FILL}") == 2


class DescribeSignatoryTitles:
    def they_come_from_the_reference_data(self):
        by_code = registry().by_code
        assert (by_code[101].mayor_title, by_code[101].director_title) == ("overborgmester", "administrerende direktør")
        assert (by_code[751].mayor_title, by_code[751].director_title) == ("borgmester", "kommunaldirektør")
        others = [m for m in registry() if m.code != 101]
        assert {(m.mayor_title, m.director_title) for m in others} == {("borgmester", "kommunaldirektør")}

    def they_sign_for_koebenhavn_as_overborgmester_and_administrerende_direktoer(self, template, program,
                                                                                 registrations):
        kk = reg(registrations, "København")
        municipality, _ = signature_blocks(render(template, program, kk))
        assert municipality == [
            "For Københavns Kommune", f"Sted og dato: {FILL}", FILL, f"Navn: {FILL}", "Overborgmester",
            f"Sted og dato: {FILL}", FILL, f"Navn: {FILL}", "Administrerende direktør",
        ]
        assert "Kommunaldirektør" not in text(render(template, program, kk), BODY, tab=FILL)

    def they_sign_for_another_as_borgmester_and_kommunaldirektoer(self, template, program, registrations):
        municipality, _ = signature_blocks(render(template, program, reg(registrations, "Hvidovre")))
        assert municipality[4:] == ["Borgmester", f"Sted og dato: {FILL}", FILL, f"Navn: {FILL}", "Kommunaldirektør"]

    def they_give_way_to_the_title_a_registration_row_writes_after_the_name(self, template, program, registrations):
        own = dataclasses.replace(reg(registrations, "Aarhus"), mayor="Anne Hansen",
                                  director="Bo Jensen, stadsdirektør")
        municipality, _ = signature_blocks(render(template, program, own))
        assert municipality == [
            "For Aarhus Kommune", f"Sted og dato: {FILL}", FILL, "Anne Hansen", "Borgmester",
            f"Sted og dato: {FILL}", FILL, "Bo Jensen", "Stadsdirektør",
        ]
        assert signatory("Bo Jensen ,  stadsdirektør ", "kommunaldirektør") == Signatory(
            title="stadsdirektør", name="Bo Jensen")
        assert signatory(None, "borgmester") == Signatory(title="borgmester")
        assert signatory("Bo Jensen,", "borgmester") == Signatory(title="borgmester", name="Bo Jensen")

    def they_are_read_from_the_columns_of_the_registrations_export(self, example_copy, tmp_path):
        (example_copy / "registrations.csv").write_text(
            "Kommune;Kontaktperson;E-mail;Antal deltagere;Indsatsområde 1;Indsatsområde 2;Indsatsområde 3;"
            "Borgmester;Kommunaldirektør\n"
            "København;Kim Jensen;kim@example.dk;3;mellemformer;dialog;ledelse;Lone Hansen;"
            "Mads Holm, administrerende direktør for Børne- og Ungdomsforvaltningen\n",
            encoding="utf-8")
        make("agreements", example_copy, tmp_path)
        municipality, _ = signature_blocks((tmp_path / "0101-koebenhavn-partnerskabsaftale.docx").read_bytes())
        assert municipality == [
            "For Københavns Kommune", f"Sted og dato: {FILL}", FILL, "Lone Hansen", "Overborgmester",
            f"Sted og dato: {FILL}", FILL, "Mads Holm", "Administrerende direktør for", "Børne- og Ungdomsforvaltningen",
        ]  # a title wider than its block is broken within it, not wrapped back under the other party's


    def a_long_one_of_the_association_is_broken_within_its_own_block(self, example_copy, tmp_path):
        path = example_copy / "program.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace(
            "  chair:\n    title: formand\n", "  chair:\n    title: formand for KL's Klima-, Miljø- og Teknikudvalg\n"),
            encoding="utf-8")
        make("agreements", example_copy, tmp_path, municipalities=["Aarhus"])
        municipality, association = signature_blocks((tmp_path / "0751-aarhus-partnerskabsaftale.docx").read_bytes())
        title = association.index("Formand for KL's Klima-, Miljø- og")
        assert association[title + 1] == "Teknikudvalg" and municipality[title: title + 2] == ["Borgmester", ""]

    def they_are_broken_to_the_width_of_their_blocks(self):
        pairs = AgreementView.side_by_side("Borgmester", "Formand for KL's Klima-, Miljø- og Teknikudvalg",
                                           6.0, 5.8, 10)
        assert pairs == [("Borgmester", "Formand for KL's Klima-, Miljø- og"), ("", "Teknikudvalg")]
        assert AgreementView.side_by_side("Kommunaldirektør", "Direktør", 6.0, 5.6, 10) == [("Kommunaldirektør",
                                                                                             "Direktør")]
        word = "Børneogungdomsforvaltningsdirektørsstedfortræder"  # wider than a block: left to the word processor
        assert AgreementView.side_by_side(word, "", 6.0, 5.6, 10) == [(word, "")]


def without_blanks_allowed(folder):
    path = folder / "program.yaml"
    yaml = path.read_text(encoding="utf-8")
    assert "  allow_blanks: ja\n" in yaml
    path.write_text(yaml.replace("  allow_blanks: ja\n", ""), encoding="utf-8")


def complete(folder):
    """The example folder with two registrations that give everything a final agreement prints."""
    path = folder / "program.yaml"
    yaml = path.read_text(encoding="utf-8")
    path.write_text(yaml.replace("    title: administrerende direktør\n",
                                 "    title: administrerende direktør\n    name: Kim Andersen\n"), encoding="utf-8")
    (folder / "registrations.csv").write_text(
        "Kommune;Kontaktperson;E-mail;Antal deltagere;Indsatsområde 1;Indsatsområde 2;Indsatsområde 3;"
        "Mål 1;Mål 2;Mål 3;Borgmester;Kommunaldirektør;Tiltrådt\n"
        "Aarhus;Sofie Dalgaard;sofie@example.dk;4;mellemformer;tvaerfagligt;ledelse;Mål A;Mål B;Mål C;"
        "Anne Hansen;Bo Jensen;08-09-2021\n"
        "Hvidovre;Peter Aagaard;peter@example.dk;3;dialog;foraeldre;overgange;Mål D;Mål E;Mål F;"
        "Lis Holm;Ole Berg;01-09-2021\n",
        encoding="utf-8")


class DescribeFinalWithoutBlanks:
    def it_refuses_a_final_agreement_it_would_print_blanks_in_naming_each_municipality(self, example_copy, tmp_path):
        without_blanks_allowed(example_copy)
        with pytest.raises(InputError) as caught:
            make("agreements", example_copy, tmp_path / "out", final=True)
        problems = caught.value.problems
        assert problems[0] == ("program.yaml, agreement.director.name: is empty, but a final agreement prints "
                               "the name of KL's administrerende direktør")
        assert ("registrations.csv, row 18: the final agreement of Aarhus needs 'Mål' (the local goals of focus "
                "areas 2, 3 and 4), 'Borgmester' (the name of the borgmester) and 'Kommunaldirektør' (the name of "
                "the kommunaldirektør)") in problems
        assert ("registrations.csv, row 2: the final agreement of København needs 'Mål' (the local goals of focus "
                "areas 1, 2, 3 and 4), 'Borgmester' (the name of the overborgmester), 'Kommunaldirektør' (the name "
                "of the administrerende direktør) and 'Tiltrådt' (the date the council approved it)") in problems
        assert len(problems) == 1 + 24  # the association, and one line per municipality
        assert caught.value.hint == ("To print lines to fill in by hand instead, set agreement.allow_blanks: ja "
                                       "in program.yaml; or make drafts, without --final")  # not an error of its own
        assert not (tmp_path / "out").exists()

    def it_names_only_the_blank_a_row_leaves(self, example_copy, tmp_path):
        without_blanks_allowed(example_copy)
        complete(example_copy)
        regs = example_copy / "registrations.csv"
        regs.write_text(regs.read_text(encoding="utf-8").replace(";Mål E;", ";;"), encoding="utf-8")
        with pytest.raises(InputError) as caught:
            make("agreements", example_copy, tmp_path, final=True)
        assert caught.value.problems == [
            "registrations.csv, row 3: the final agreement of Hvidovre needs 'Mål' (the local goal of focus area 2)"]
        make("agreements", example_copy, tmp_path, final=True, municipalities=["Aarhus"])

    def it_writes_a_complete_final_agreement_without_a_line_to_fill_in(self, example_copy, tmp_path):
        without_blanks_allowed(example_copy)
        complete(example_copy)
        result = make("agreements", example_copy, tmp_path, final=True)
        assert result.notes == ()
        data = (tmp_path / "0751-aarhus-partnerskabsaftale.docx").read_bytes()
        body = text(data, BODY, tab=FILL)
        assert "Navn: _" not in body and "Lokalt mål: _" not in body and "den _" not in body
        assert FILL not in body.split("Godkendelse og underskrifter")[0]
        blocks = signature_blocks(data)
        assert sum(line.count(FILL) for block in blocks for line in block) == 8  # place and date, line to sign on
        assert blocks == (
            ["For Aarhus Kommune", f"Sted og dato: {FILL}", FILL, "Anne Hansen", "Borgmester",
             f"Sted og dato: {FILL}", FILL, "Bo Jensen", "Kommunaldirektør"],
            ["For KL", f"Sted og dato: {FILL}", FILL, "Jacob Bundsgaard", "Formand",
             f"Sted og dato: {FILL}", FILL, "Kim Andersen", "Administrerende direktør"],
        )
        assert "Aftalen er tiltrådt af Aarhus Kommunes kommunalbestyrelse den 8. september 2021." in body

    def it_prints_the_blanks_when_the_programme_allows_them_and_says_so(self, example_dir, tmp_path):
        result = make("agreements", example_dir, tmp_path, final=True, municipalities=["Aarhus", "Hvidovre"])
        assert result.notes == ("Note: the final agreements have lines to fill in by hand (agreement.allow_blanks): "
                                "Hvidovre and Aarhus",)
        body = text((tmp_path / "0751-aarhus-partnerskabsaftale.docx").read_bytes(), BODY, tab=FILL)
        assert f"Lokalt mål: {FILL}" in body and f"Navn: {FILL}" in body

    def it_does_not_ask_for_goals_a_programme_without_local_goals_has_none_of(self, example_copy, tmp_path):
        without_blanks_allowed(example_copy)
        complete(example_copy)
        path = example_copy / "program.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("agreement:\n", "agreement:\n  local_goals: nej\n"),
                        encoding="utf-8")
        regs = example_copy / "registrations.csv"
        regs.write_text(regs.read_text(encoding="utf-8").replace(";Mål E;", ";;"), encoding="utf-8")
        make("agreements", example_copy, tmp_path, final=True)


class DescribeOnePersonForBothParties:
    @pytest.fixture
    def bundsgaard(self, example_copy):
        """Aarhus' borgmester is KL's formand: Jacob Bundsgaard was both in 2021."""
        regs = example_copy / "registrations.csv"
        raw = regs.read_bytes().decode("cp1252").replace("\r\n", "\n").split("\n")
        raw[0] += ";Borgmester"
        raw = [line + (";jacob  Bundsgaard" if line.startswith("Aarhus Kommune;") else ";" if i else "")
               for i, line in enumerate(raw) if line]
        raw[0] = raw[0].removesuffix(";") if raw[0].endswith(";;") else raw[0]
        regs.write_bytes("\n".join(raw).encode("cp1252"))
        return example_copy

    def it_is_a_problem_kldocs_check_names(self, bundsgaard):
        report = check_folder(bundsgaard)
        assert report.problems == [
            "registrations.csv, row 18, Borgmester: jacob  Bundsgaard would sign the agreement of Aarhus for both "
            "parties, as borgmester of Aarhus Kommune and as formand of KL; each party needs its own signatory"]

    def it_is_a_warning_of_the_agreements_run(self, bundsgaard, tmp_path):
        result = run(bundsgaard, "--out", tmp_path, "-m", "Aarhus", "-m", "Hvidovre")
        assert result.exit_code == 0, result.output
        assert result.output.splitlines()[0] == (
            "Warning: registrations.csv, row 18, Borgmester: jacob  Bundsgaard would sign the agreement of Aarhus "
            "for both parties, as borgmester of Aarhus Kommune and as formand of KL; each party needs its own "
            "signatory")
        assert result.output.splitlines()[1].startswith("2 documents written to ")

    def it_compares_every_signatory_of_one_party_with_every_one_of_the_other(self, program, registrations):
        aarhus = dataclasses.replace(reg(registrations, "Aarhus"), director="Jacob Bundsgaard, direktør")
        (problem,) = both_sides(program, aarhus)
        assert str(problem).startswith("registrations.csv, row 18, Kommunaldirektør: Jacob Bundsgaard would sign")
        assert both_sides(program, reg(registrations, "Aarhus")) == []


# --- Choosing and writing ------------------------------------------------------------------------


class DescribeChoosing:
    def it_takes_every_registration_by_default(self, registrations):
        assert choose_registrations(registrations) == registrations.items

    def it_finds_registered_municipalities_by_code_or_name(self, registrations):
        chosen = choose_registrations(registrations, ["Århus", "101", "hjoerring"])
        assert [r.municipality.name for r in chosen] == ["Hjørring", "København", "Aarhus"]  # Danish order

    def it_says_which_are_registered_when_one_is_not(self, registrations):
        with pytest.raises(InputError) as caught:
            choose_registrations(registrations, ["Vejle", "Aarhus"])
        (problem,) = caught.value.problems
        assert problem.startswith("--municipality: Vejle Kommune is not registered in registrations.csv; "
                                  "registered are Esbjerg, Frederiksberg, Gladsaxe")
        assert problem.endswith("Aalborg, Aarhus")

    def it_offers_the_closest_name_for_what_is_no_municipality(self, registrations):
        with pytest.raises(InputError) as caught:
            choose_registrations(registrations, ["Arhus Komune", "Vejle"])
        assert caught.value.problems[0] == "--municipality: 'Arhus Komune' is not a municipality (did you mean Aarhus?)"
        assert "Vejle Kommune is not registered" in caught.value.problems[1]


class DescribeWriting:
    def it_writes_one_agreement_per_registered_municipality_with_a_manifest(self, example_dir, tmp_path):
        result = make("agreements", example_dir, tmp_path / "out")
        files = sorted(p.name for p in (tmp_path / "out").iterdir())
        registered = load_registrations(example_dir, load_program(example_dir))
        assert files == sorted([agreement_filename(m) for m in registered.municipalities] + ["manifest.json"])
        assert result.documents == 24
        manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
        entry = next(e for e in manifest["files"] if e["path"] == "0751-aarhus-partnerskabsaftale.docx")
        assert (entry["kind"], entry["municipality_code"], entry["template"]) == ("agreement", "0751", "agreement.docx")

    def it_gives_people_a_title_a_subject_and_the_topic_and_keeps_the_hash_in_the_manifest(
        self, example_dir, tmp_path,
    ):
        make("agreements", example_dir, tmp_path / "draft", municipalities=["Aarhus"])
        make("agreements", example_dir, tmp_path / "final", municipalities=["Aarhus"], final=True)
        name = "0751-aarhus-partnerskabsaftale.docx"
        draft, final = (core((tmp_path / kind / name).read_bytes()) for kind in ("draft", "final"))
        assert draft["title"] == "Udkast til politisk partnerskabsaftale om stærke børnefællesskaber i dagtilbud"
        assert final["title"] == "Politisk partnerskabsaftale om stærke børnefællesskaber i dagtilbud"
        assert draft["subject"] == final["subject"] == "Aarhus Kommune"
        assert draft["keywords"] == final["keywords"] == "stærke børnefællesskaber i dagtilbud"
        assert draft["description"] == ("Udkast til aftale mellem Aarhus Kommunes kommunalbestyrelse og KL's "
                                        "bestyrelse om Aarhus Kommunes deltagelse i partnerskabet.")
        assert final["description"].startswith("Aftale mellem Aarhus Kommunes kommunalbestyrelse og KL's bestyrelse")
        assert (draft["category"], final["category"]) == ("Partnerskabsaftale (udkast)", "Partnerskabsaftale")
        digest = json.loads((tmp_path / "draft" / "manifest.json").read_text(encoding="utf-8"))["files"][0]["data_hash"]
        core_xml = parts((tmp_path / "draft" / name).read_bytes())["docProps/core.xml"]
        assert digest.encode() not in core_xml and b"sha256" not in core_xml.lower() and b"kldocs" not in core_xml

    def it_hashes_what_the_agreement_says_and_not_where_the_row_stands(self, program, registrations):
        aarhus = reg(registrations, "Aarhus")
        m = aarhus.municipality
        from kldocs.documents.agreements import agreement_data

        same = data_hash(agreement_data(program, dataclasses.replace(aarhus, row=99)))
        assert same == data_hash(agreement_data(program, aarhus))
        assert data_hash(agreement_data(program, aarhus, final=True)) != same
        assert data_hash(agreement_data(program, dataclasses.replace(aarhus, participants=4))) != same
        assert core_properties(program, m, final=True).category == "Partnerskabsaftale"

    def it_makes_the_same_bytes_from_the_same_data(self, example_dir, tmp_path):
        make("agreements", example_dir, tmp_path / "a", municipalities=["Aarhus"])
        make("agreements", example_dir, tmp_path / "b", municipalities=["Aarhus"])
        name = "0751-aarhus-partnerskabsaftale.docx"
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()

    def it_never_silently_replaces_an_agreement_edited_or_signed_by_hand(self, example_dir, tmp_path):
        make("agreements", example_dir, tmp_path, municipalities=["Aarhus", "Hvidovre"])
        with pytest.raises(OutputExists):
            make("agreements", example_dir, tmp_path, municipalities=["Aarhus"], final=True)
        signed = tmp_path / "0751-aarhus-partnerskabsaftale.docx"
        doc = docx.Document(str(signed))
        doc.add_paragraph("Underskrevet 1. oktober 2021")
        doc.save(str(signed))
        before = signed.read_bytes()
        with pytest.raises(OutputExists) as caught:
            make("agreements", example_dir, tmp_path, municipalities=["Aarhus"], final=True, force=True)
        assert "was changed since kldocs wrote it" in str(caught.value)
        assert signed.read_bytes() == before
        make("agreements", example_dir, tmp_path, municipalities=["Hvidovre"], final=True, force=True)
        make("agreements", example_dir, tmp_path, municipalities=["Aarhus"], final=True, force=True, force_edited=True)
        assert "UDKAST" not in text(signed.read_bytes(), BODY, tab=FILL)


class DescribeAMunicipalityThatWithdrew:
    """An agreement written before for a municipality no longer registered is left as it is, and the run says so."""

    def it_leaves_its_agreement_and_says_so_naming_the_files(self, example_copy, tmp_path):
        out = tmp_path / "out"
        make("agreements", example_copy, out, municipalities=["Aarhus", "Hvidovre"])
        without_registrations(example_copy, "Aarhus Kommune")
        result = make("agreements", example_copy, out, force=True)
        assert result.documents == 23
        assert result.notes == (
            f"Warning: Aarhus is not registered in registrations.csv (withdrawn?), but its agreement is still in "
            f"{out} (0751-aarhus-partnerskabsaftale.docx); this run leaves it as it was: move it out of the folder if "
            "Aarhus has left the partnership",)
        assert (out / "0751-aarhus-partnerskabsaftale.docx").is_file()
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        assert "0751-aarhus-partnerskabsaftale.docx" in [e["path"] for e in manifest["files"]]

    def it_names_its_pdf_and_e_mail_draft_too(self, example_copy, tmp_path):
        out = tmp_path / "out"
        make("agreements", example_copy, out, municipalities=["Aarhus"])
        for suffix, kind in ((".pdf", "agreement-pdf"), (".eml", "agreement-eml")):  # as --pdf and --eml list them
            (out / f"0751-aarhus-partnerskabsaftale{suffix}").write_bytes(b"made beside it")
            manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
            manifest["files"].append({"path": f"0751-aarhus-partnerskabsaftale{suffix}", "kind": kind,
                                      "municipality_code": "0751"})
            (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
        without_registrations(example_copy, "Aarhus Kommune")
        (note,) = make("agreements", example_copy, out, municipalities=["Hvidovre"]).notes
        assert (f"its agreement is still in {out} (0751-aarhus-partnerskabsaftale.docx, "
                "0751-aarhus-partnerskabsaftale.eml, 0751-aarhus-partnerskabsaftale.pdf); ") in note

    def it_says_nothing_once_the_agreement_is_moved_out(self, example_copy, tmp_path):
        out = tmp_path / "out"
        make("agreements", example_copy, out, municipalities=["Aarhus", "Hvidovre"])
        without_registrations(example_copy, "Aarhus Kommune")
        (out / "0751-aarhus-partnerskabsaftale.docx").rename(tmp_path / "udtraadt.docx")
        assert make("agreements", example_copy, out, force=True).notes == ()

    def it_says_nothing_of_the_registered_it_was_not_asked_to_write(self, example_dir, tmp_path):
        make("agreements", example_dir, tmp_path, municipalities=["Aarhus"])
        assert make("agreements", example_dir, tmp_path, municipalities=["Hvidovre"]).notes == ()


class DescribeMissingData:
    def it_names_an_empty_required_cell_before_anything_is_written(self, example_copy, tmp_path):
        regs = example_copy / "registrations.csv"
        raw = regs.read_bytes().decode("cp1252")
        regs.write_bytes(raw.replace("Aarhus Kommune;Sofie Dalgaard;", "Aarhus Kommune;;").encode("cp1252"))
        with pytest.raises(InputError) as caught:
            make("agreements", example_copy, tmp_path / "out")
        assert caught.value.problems == ["registrations.csv, row 18, Kontaktperson: is empty"]
        assert not (tmp_path / "out").exists()

    @pytest.fixture
    def own_template(self, example_copy):
        """The programme's own agreement template, which also prints the column 'Forvaltning'."""
        doc = docx.Document(str(bundled_template("agreement.docx")))
        doc.add_paragraph("Forvaltning: {{ registration.extra.Forvaltning }}")
        (example_copy / "templates").mkdir()
        doc.save(str(example_copy / "templates" / "agreement.docx"))
        return example_copy

    def add_column(self, folder, values):
        regs = folder / "registrations.csv"
        lines = regs.read_bytes().decode("cp1252").split("\r\n" if b"\r\n" in regs.read_bytes() else "\n")
        lines[0] += ";Forvaltning"
        for i in range(1, len(lines)):
            if lines[i]:
                lines[i] += ";" + values.get(lines[i].split(";")[0], "Børn og Unge")
        regs.write_bytes("\n".join(lines).encode("cp1252"))

    def it_names_the_row_of_a_registration_lacking_a_column_the_template_prints(self, own_template, tmp_path):
        self.add_column(own_template, {"Hvidovre": "", "Aarhus Kommune": "Børn og Unge"})
        with pytest.raises(InputError) as caught:
            make("agreements", own_template, tmp_path / "out")
        assert caught.value.problems == [
            "registrations.csv, row 5, Forvaltning: is empty for Hvidovre, but agreement.docx uses it"]
        assert not (tmp_path / "out").exists()
        make("agreements", own_template, tmp_path / "out", municipalities=["Aarhus"])
        aarhus = (tmp_path / "out" / "0751-aarhus-partnerskabsaftale.docx").read_bytes()
        assert "Forvaltning: Børn og Unge" in text(aarhus, BODY, tab=FILL)

    def it_says_so_when_the_column_is_not_there_at_all(self, own_template, tmp_path):
        with pytest.raises(InputError) as caught:
            plan("agreements", own_template)
        assert caught.value.problems == [
            "registrations.csv: has no column 'Forvaltning' with a value, but agreement.docx uses "
            "registration.extra['Forvaltning']"]


class DescribeNetworks:
    def it_names_the_network_from_the_programme_s_line_up(self, example_copy, tmp_path):
        program = load_program(example_copy)
        registered = load_registrations(example_copy, program)
        lineup = compose_networks(registered.items, program.networks, max_rank=program.registration.max_focus_areas)
        write_lineup(lineup, example_copy / "networks.csv", program.registration.max_focus_areas)
        network = lineup.network_of("Aarhus")
        make("agreements", example_copy, tmp_path, municipalities=["Aarhus"])
        body = text((tmp_path / "0751-aarhus-partnerskabsaftale.docx").read_bytes(), BODY, tab=FILL)
        others = [m.name for m in network.municipalities if m.name != "Aarhus"]
        assert f"Aarhus Kommune indgår i {network.name} sammen med {', '.join(others[:-1])} og {others[-1]}." in body


class DescribeCheck:
    def it_checks_the_agreement_template_against_the_registrations(self, example_dir):
        report = check_folder(example_dir)
        assert "agreement.docx: fits the 24 registrations" in report.ok
        assert report.problems == []


# --- The command ---------------------------------------------------------------------------------


def run(*args):
    return CliRunner().invoke(cli, ["agreements", *map(str, args)])


class DescribeTheCommand:
    def it_writes_the_agreements_and_says_where(self, example_dir, tmp_path):
        result = run(example_dir, "--out", tmp_path / "aftaler")
        assert result.exit_code == 0, result.output
        assert re.fullmatch(rf"24 documents written to {re.escape(str(tmp_path / 'aftaler'))} in \d+\.\d s\n",
                            result.output)

    def it_writes_only_the_municipalities_named_and_final_ones_without_the_marking(self, example_dir, tmp_path):
        result = run(example_dir, "--out", tmp_path, "-m", "Aarhus", "--municipality", "0101", "--final")
        assert result.exit_code == 0, result.output
        names = sorted(p.name for p in tmp_path.glob("*.docx"))
        assert names == ["0101-koebenhavn-partnerskabsaftale.docx", "0751-aarhus-partnerskabsaftale.docx"]
        assert "UDKAST" not in text((tmp_path / names[0]).read_bytes(), BODY, tab=FILL)

    def it_refuses_a_municipality_that_is_not_registered(self, example_dir, tmp_path):
        result = run(example_dir, "--out", tmp_path / "out", "-m", "Vejle")
        assert result.exit_code == 1
        assert "Error: --municipality: Vejle Kommune is not registered in registrations.csv; registered are" in result.output
        assert not (tmp_path / "out").exists()

    def it_asks_for_force_before_replacing(self, example_dir, tmp_path):
        assert run(example_dir, "--out", tmp_path, "-m", "Aarhus").exit_code == 0
        assert run(example_dir, "--out", tmp_path, "-m", "Aarhus").exit_code == 0  # the same again: none replaced
        again = run(example_dir, "--out", tmp_path, "-m", "Aarhus", "--final")
        assert again.exit_code == 1 and again.output.splitlines() == [
            f"Error: {tmp_path}: 1 of the files already exists (0751-aarhus-partnerskabsaftale.docx); nothing was "
            "written. Use --force to replace it"]
        assert run(example_dir, "--out", tmp_path, "-m", "Aarhus", "--final", "--force-edited").output.endswith(
            "Use --force as well to replace it\n")
        assert run(example_dir, "--out", tmp_path, "-m", "Aarhus", "--final", "--force").exit_code == 0

    def it_never_makes_a_final_agreement_a_draft_again(self, example_dir, tmp_path):
        """What a council approved and both parties signed is not made UDKAST by a --force after a change."""
        assert run(example_dir, "--out", tmp_path, "-m", "Aarhus", "-m", "0101", "--final").exit_code == 0
        finals = {name: (tmp_path / name).read_bytes() for name in ("0101-koebenhavn-partnerskabsaftale.docx",
                                                                    "0751-aarhus-partnerskabsaftale.docx")}
        result = run(example_dir, "--out", tmp_path, "--force")
        assert result.exit_code == 0, result.output
        assert result.output.splitlines()[0] == (
            "Note: 2 final agreements left as they are, not made drafts again (0101-koebenhavn-partnerskabsaftale.docx, "
            "0751-aarhus-partnerskabsaftale.docx); write them with --final")
        assert result.output.splitlines()[1].startswith("22 documents written to ")
        assert {name: (tmp_path / name).read_bytes() for name in finals} == finals
        assert len(list(tmp_path.glob("*.docx"))) == 24
        result = run(example_dir, "--out", tmp_path, "-m", "Aarhus", "--force")
        assert result.exit_code == 1 and " ".join(result.output.split()) == (
            f"Error: {tmp_path}: no agreement to write: 1 final agreement left as it is, not made a draft again "
            "(0751-aarhus-partnerskabsaftale.docx); write it with --final")
        assert run(example_dir, "--out", tmp_path, "-m", "Aarhus", "--final").exit_code == 0  # as it was


@pytest.mark.soffice
class DescribeAsPrinted:
    def it_keeps_a_name_nearly_as_wide_as_its_block_on_the_line_of_the_name_beside_it(self, template, program,
                                                                                      registrations, tmp_path):
        import subprocess

        # 5.9 cm in the house font at 10 pt: past where the left block's lines to write on once ended (5.7 cm), short
        # of where the right block begins (6.2 cm)
        wide = dataclasses.replace(reg(registrations, "Aarhus"), mayor="Anne-Mette Kristoffersen-Holmegaard")
        letter = tmp_path / "aftale.docx"
        letter.write_bytes(render(template, program, wide))
        profile = (tmp_path / "profile").as_uri()
        subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(tmp_path), str(letter)], capture_output=True, check=True, timeout=300)
        lines = [line for line in subprocess.run(["pdftotext", "-layout", str(letter.with_suffix(".pdf")), "-"],
                                                 capture_output=True, text=True, check=True).stdout.splitlines()
                 if line.strip()]
        at = next(i for i, line in enumerate(lines) if "Holmegaard" in line)
        assert re.search(r"Kristoffersen-Holmegaard +Jacob Bundsgaard", lines[at]), lines[at - 2:at + 3]
        assert re.search(r"Borgmester +Formand", lines[at + 1]), lines[at - 2:at + 3]

    def it_never_splits_the_signatures_where_the_page_ends_in_them(self, tmp_path):
        """The second example's agreements, whose signatures meet the end of a page in several ways.

        Word and LibreOffice alike must move the approval, the parties and
        the signatories to the next page whole: LibreOffice broke a chain of
        lines each kept with the next, and left the signatories alone on a
        page of their own in 6 of these 18 agreements.
        """
        import subprocess

        written = make("agreements", SECOND_EXAMPLE, tmp_path / "out")
        letters = [str(written.out_dir / path) for path in written.paths if path.endswith(".docx")]
        assert len(letters) == 18
        profile = (tmp_path / "profile").as_uri()
        subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(tmp_path), *letters], capture_output=True, check=True, timeout=300)
        pages_seen = set()
        for letter in letters:
            pdf = tmp_path / Path(letter).with_suffix(".pdf").name
            pages = [page for page in subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                                     check=True).stdout.split("\f") if page.strip()]
            pages_seen.add(len(pages))
            (page,) = [page for page in pages if "Godkendelse og underskrifter" in page]
            words = " ".join(page.split())
            for part in ("Aftalen forelægges", "For KL", "Sted og dato", "Borgmester", "Formand",
                         "Kommunaldirektør", "Administrerende direktør"):
                assert part in words, f"{pdf.name}: '{part}' is not on the page of the signatures"
            assert words.count("Sted og dato") == 4, pdf.name
        assert len(pages_seen) > 1  # some end a page earlier than others: the signatures met the page's end

    def it_keeps_the_signature_blocks_together_on_one_page(self, example_dir, tmp_path):
        import subprocess

        make("agreements", example_dir, tmp_path, municipalities=["Aarhus", "Hvidovre"], pdf=True)
        for pdf in sorted(tmp_path.glob("*.pdf")):
            pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                                   check=True).stdout.split("\f")
            last = next(page for page in pages if "Godkendelse og underskrifter" in page)
            for words in ("Aftalen forelægges", "For KL", "Borgmester", "Formand", "Kommunaldirektør",
                          "Administrerende direktør"):
                assert words in last, f"{pdf.name}: '{words}' is not on the page of the signatures"
            assert re.search(r"For \w+ Kommune +For KL", last)
            assert re.search(r"Borgmester +Formand", last)
