"""Agreements: one political partnership agreement per registered municipality, as a council reads it."""

import dataclasses
import json
import re
from decimal import Decimal

import docx
import pytest
from click.testing import CliRunner
from lxml import etree

from conftest import EXAMPLE_DIR
from docxfactory import BODY, paragraphs, parts, table_rows, text
from kldocs.app import check_folder, make, plan
from kldocs.cli import cli
from kldocs.documents.agreements import (
    agreement_context,
    agreement_filename,
    choose_registrations,
    core_properties,
)
from kldocs.engine.output import data_hash
from kldocs.engine.template import CoreProperties, PreparedTemplate
from kldocs.errors import InputError, OutputExists
from kldocs.inputs.program import load_program
from kldocs.inputs.registrations import Priority, Registration, load_registrations
from kldocs.networks.compose import compose_networks
from kldocs.networks.csvfile import write_lineup
from kldocs.reference.municipalities import registry
from kldocs.resources import bundled_template

FILL = "_" * 10  # how the tests show a tab: the line to write on that it prints as


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

OFFICIAL_EXCEPTIONS = {101: "Københavns Kommune", 400: "Bornholms Regionskommune"}
"""The two municipalities whose official name is not '<name> Kommune' (borger.dk)."""


def expected_wording(m):
    """The party wording of a municipality, derived from Danish usage rather than from kldocs."""
    official = OFFICIAL_EXCEPTIONS.get(m.code, f"{m.name} Kommune")
    genitive = official + "s"  # every official name ends in '…kommune', whose genitive is '…kommunes'
    if m.code == 101:
        council, mayor = "Københavns Kommunes Borgerrepræsentation", "Overborgmester"
    else:
        council, mayor = f"{genitive} kommunalbestyrelse", "Borgmester"
    return official, genitive, council, mayor


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
    def it_names_each_of_the_98_by_official_name_council_and_mayor(self, municipality, all_98):
        official, genitive, council, mayor = expected_wording(municipality)
        assert (municipality.official_name, municipality.genitive, municipality.council_of) == (
            official, genitive, council)
        assert municipality.mayor_title == mayor.lower()
        body = text(all_98[municipality.code], BODY, tab=FILL)
        assert "Aftalen er indgået mellem\n" + council + "\nog\nKL's bestyrelse\n" in body
        assert f"UDKAST til behandling i {council}." in body
        assert f"Aftalen er tiltrådt af {council} den _" in body
        assert f"{genitive} indsatsområder og lokale mål" in body
        assert f"{genitive} forpligtelser" in body
        signatures = next(p for p in paragraphs(all_98[municipality.code], tab=FILL) if p.startswith("For "))
        assert signatures.startswith(f"For {official}\n")
        assert f"\n{mayor}\n" in signatures and signatures.endswith("\nKommunaldirektør")

    def it_names_the_association_by_its_board_in_the_genitive(self, template, program, registrations):
        other = program.model_copy(update={"sender": program.sender.model_copy(update={"name": "Danske Regioner"})})
        body = text(render(template, other, reg(registrations, "Aarhus")), BODY, tab=FILL)
        assert "\nDanske Regioners bestyrelse\n" in body
        assert "Danske Regioners forpligtelser" in body


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
        assert "Mål, der endnu ikke er fastlagt, udfyldes af kommunen, inden aftalen tiltrædes." in "\n".join(body)

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
                "Hver kommune kan deltage med 3–5 personer og op til to politikere.") in body
        rows = table_rows(data)
        for row in (["Navn", "Sofie Dalgaard"], ["Titel", "Pædagogisk chef"],
                    ["E-mail", "sofie.dalgaard@example.dk"], ["Telefon", "8940 2017"]):
            assert row in rows

    def it_leaves_out_politicians_and_missing_contact_details(self, template, program):
        lonely = stand_in(registry().lookup("Læsø"), program, participants=1)
        data = render(template, program, lonely)
        assert "Læsø Kommune deltager i partnerskabet med en medarbejder. Hver" in text(data, BODY, tab=FILL)
        labels = [row[0] for row in table_rows(data)]
        assert "Telefon" not in labels and "Navn" in labels

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
    rows = table_rows(data)
    start = rows.index(next(r for r in rows if r[0] == "Deltagelse i partnerskabet"))
    return [tuple(r) for r in rows[start:-1]]  # the last row holds the signatures


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
            ("I alt inkl. moms", "87.500 kr."),
        ]

    def it_shows_the_base_price_alone_without_add_ons(self, template, program, registrations):
        hvidovre = reg(registrations, "Hvidovre")
        assert hvidovre.add_ons == ()
        data = render(template, program, hvidovre)
        assert economy(data) == [
            ("Deltagelse i partnerskabet", "55.000 kr."),
            ("I alt ex moms", "55.000 kr."),
            ("Moms (25 pct.)", "13.750 kr."),
            ("I alt inkl. moms", "68.750 kr."),
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
                            ("I alt inkl. moms", "70.293,13 kr.")]


# --- Draft, approval and signatures --------------------------------------------------------------


class DescribeDraftAndFinal:
    def it_marks_a_draft_at_the_top_and_in_the_column_of_every_page(self, template, program, registrations):
        data = render(template, program, reg(registrations, "Aarhus"))
        assert paragraphs(data, tab=FILL)[0].startswith("UDKAST til behandling i Aarhus Kommunes kommunalbestyrelse.")
        assert "UDKAST" in paragraphs(data, "word/header1.xml", tab=FILL)

    def it_has_no_marking_when_final(self, template, program, registrations):
        data = render(template, program, reg(registrations, "Aarhus"), final=True)
        assert "UDKAST" not in text(data, BODY, tab=FILL) and "UDKAST" not in text(data, "word/header1.xml", tab=FILL)
        assert paragraphs(data, tab=FILL)[0] == "Politisk partnerskabsaftale"
        assert "Sags ID: SAG-2021-00945" in paragraphs(data, "word/header1.xml", tab=FILL)


class DescribeApprovalAndSignatures:
    def it_prints_the_approval_date_when_the_registration_has_it(self, template, program, registrations):
        body = text(render(template, program, reg(registrations, "Gladsaxe")), BODY, tab=FILL)
        assert "Aftalen er tiltrådt af Gladsaxe Kommunes kommunalbestyrelse den 2. september 2021." in body

    def it_leaves_a_line_for_the_date_otherwise(self, template, program, registrations):
        body = text(render(template, program, reg(registrations, "Hvidovre")), BODY, tab=FILL)
        assert "Aftalen er tiltrådt af Hvidovre Kommunes kommunalbestyrelse den _______________." in body
        assert "Aftalen gælder for partnerskabets periode, august 2021 til marts 2022, og træder i kraft" in body

    def it_puts_four_blocks_side_by_side_with_names_where_known(self, template, program, registrations):
        named = dataclasses.replace(reg(registrations, "Aarhus"), mayor="Jacob Bundsgaard Hansen", director=None)
        rows = table_rows(render(template, program, named))
        municipality, association = rows[-1]
        assert municipality == (
            "For Aarhus Kommune" "Sted og dato: " "Jacob Bundsgaard Hansen" "Borgmester"
            "Sted og dato: " "Navn: " "Kommunaldirektør"
        )
        assert association == (
            "For KL" "Sted og dato: " "Jacob Bundsgaard" "Formand"
            "Sted og dato: " "Kristian Vendelbo" "Administrerende direktør"
        )

    def it_leaves_lines_for_names_the_programme_does_not_give(self, template, program, registrations):
        unnamed = program.agreement.model_copy(update={
            "chair": program.agreement.chair.model_copy(update={"name": None})})
        changed = program.model_copy(update={"agreement": unnamed})
        signatures = paragraphs(render(template, changed, reg(registrations, "Aarhus")), tab=FILL)[-1]
        assert signatures.split("For KL")[1].count(f"Navn: {FILL}") == 1


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

    def it_sets_title_municipality_and_the_hash_of_its_data(self, example_dir, tmp_path):
        make("agreements", example_dir, tmp_path, municipalities=["Aarhus"])
        data = (tmp_path / "0751-aarhus-partnerskabsaftale.docx").read_bytes()
        props = core(data)
        manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
        digest = manifest["files"][0]["data_hash"]
        assert props["title"] == "Politisk partnerskabsaftale: Kommunalt partnerskab om stærke børnefællesskaber i dagtilbud"
        assert props["subject"] == "Aarhus Kommune"
        assert f"data-sha256:{digest}" in props["keywords"]
        assert props["category"] == "Partnerskabsaftale (udkast)"

    def it_hashes_what_the_agreement_says_and_not_where_the_row_stands(self, program, registrations):
        aarhus = reg(registrations, "Aarhus")
        m = aarhus.municipality
        from kldocs.documents.agreements import agreement_data

        same = data_hash(agreement_data(program, dataclasses.replace(aarhus, row=99)))
        assert same == data_hash(agreement_data(program, aarhus))
        assert data_hash(agreement_data(program, aarhus, final=True)) != same
        assert data_hash(agreement_data(program, dataclasses.replace(aarhus, participants=4))) != same
        assert core_properties(program, m, same, final=True).category == "Partnerskabsaftale"

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
        again = run(example_dir, "--out", tmp_path, "-m", "Aarhus")
        assert again.exit_code == 1 and "Use --force to replace them" in again.output
        assert run(example_dir, "--out", tmp_path, "-m", "Aarhus", "--force").exit_code == 0


@pytest.mark.soffice
class DescribeAsPrinted:
    def it_keeps_the_signature_blocks_together_on_one_page(self, example_dir, tmp_path):
        import subprocess

        make("agreements", example_dir, tmp_path, municipalities=["Aarhus", "Hvidovre"], pdf=True)
        for pdf in sorted(tmp_path.glob("*.pdf")):
            pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                                   check=True).stdout.split("\f")
            last = next(page for page in pages if "Godkendelse og underskrifter" in page)
            for words in ("Aftalen er tiltrådt af", "For KL", "Borgmester", "Formand", "Kommunaldirektør",
                          "Administrerende direktør"):
                assert words in last, f"{pdf.name}: '{words}' is not on the page of the signatures"
            assert re.search(r"For \w+ Kommune +For KL", last)
            assert re.search(r"Borgmester +Formand", last)
