"""Pricing: one price or tiers by size, per year or for the period, VAT stated or not, add-ons, and instalments."""

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from docxfactory import as_read, paragraphs, table_rows
from kldocs.danish.formatting import format_money, format_number
from kldocs.danish.when import When
from kldocs.inputs.pricing import Pricing, period_years, uneven_years
from kldocs.inputs.program import json_schema, load_program
from kldocs.inputs.registrations import load_registrations
from kldocs.reference.municipalities import lookup, registry
from programfactory import line_of, program_problems

AARHUS = lookup("Aarhus")  # 378.361 indbyggere in the bundled data
LAESOE = lookup("Læsø")  # the smallest
TWO_YEARS = (When.parse("september 2025"), When.parse("august 2027"))

TIERS = [{"max": "49.999", "price": "40.000"}, {"min": "50.000", "max": "99.999", "price": "60.000"},
         {"min": "100.000", "price": "80.000"}]


def pricing(**fields) -> Pricing:
    return Pricing.model_validate({"price": "55.000", **fields})


def tiered(**fields) -> Pricing:
    return Pricing.model_validate({"tiers": TIERS, **fields})


def with_pricing(folder: Path, block: str) -> Path:
    """The example copy with its ``pricing:`` block replaced by ``block``."""
    path = folder / "program.yaml"
    text = re.sub(r"(?ms)^pricing:.*?(?=^registration:)", block.strip("\n") + "\n\n", path.read_text(encoding="utf-8"))
    path.write_text(text, encoding="utf-8")
    return path




class DescribeThePeriodInYears:
    @pytest.mark.parametrize(("start", "end", "years"), [
        ("andet halvår 2025", "andet halvår 2027", None),  # 30 months: years says how many are meant
        ("september 2025", "august 2027", 2),
        ("2025-09-01", "2027-08-31", 2),
        ("august 2021", "marts 2022", 1),
        ("januar 2025", "december 2027", 3),
        ("4. kvartal 2025", "4. kvartal 2026", None),  # 15 months
        ("4. kvartal 2025", "3. kvartal 2026", 1),
        ("3. kvartal 2025", "2027", None), ("juli 2025", "december 2027", None),  # the same days, however written
        ("første halvår 2025", "første halvår 2026", None), ("januar 2025", "juni 2026", None),
        ("2027", "2029", 3),
        ("2027", "december 2029", 3),
        ("januar 2027", "2029", 3),
        ("første halvår 2027", "andet halvår 2029", 3),
        ("1. kvartal 2027", "4. kvartal 2029", 3),
        ("2026", "2026", 1),
        ("2. kvartal 2027", "3. kvartal 2028", None),
        ("januar 2027", "juni 2028", None),
    ])
    def it_counts_the_years_a_reader_counts(self, start, end, years):
        assert period_years(When.parse(start), When.parse(end)) == years

    def it_takes_the_programme_s_own_count_before_the_period(self):
        assert pricing(per="year", years=3).years_for(TWO_YEARS) == 3
        assert pricing(per="year").years_for(TWO_YEARS) == 2


class DescribeTheOffer:
    def it_says_what_it_said_before_without_per(self):
        assert as_read(pricing().offer(AARHUS, TWO_YEARS).sentence) == (
            "Prisen for deltagelse i partnerskabet er 55.000 kr. ex moms pr. kommune.")

    def it_says_a_price_for_the_whole_period(self):
        offer = pricing(price="90.000", per="period", vat="none").offer(AARHUS, TWO_YEARS)
        assert as_read(offer.sentence) == "Prisen for deltagelse i partnerskabet er 90.000 kr. pr. kommune i alt for to år."
        assert offer.total == 90000

    def it_says_a_price_per_year_and_what_the_period_costs(self):
        offer = pricing(price="45.000", per="year", vat_wording="ekskl. moms").offer(AARHUS, TWO_YEARS)
        assert as_read(offer.sentence) == ("Prisen for deltagelse i partnerskabet er 45.000 kr. ekskl. moms pr. kommune om "
                                  "året, i alt 90.000 kr. for to år.")
        assert offer.total == 90000

    def it_bills_every_calendar_year_of_a_period_of_whole_years(self):
        years = (When.parse("2027"), When.parse("2029"))
        offer = pricing(price="50.000", per="year").offer(AARHUS, years)
        assert as_read(offer.sentence) == ("Prisen for deltagelse i partnerskabet er 50.000 kr. ex moms pr. kommune om året, "
                                  "i alt 150.000 kr. for tre år.")
        invoice = pricing(price="50.000", per="year").invoice(period=years)
        assert [(as_read(line.text), line.amount) for line in invoice.lines] == [
            ("Deltagelse i partnerskabet i tre år à 50.000 kr.", 150000)]
        halves = (When.parse("første halvår 2027"), When.parse("andet halvår 2029"))
        assert uneven_years(*halves) is None
        assert pricing(price="150.000", per="period").offer(AARHUS, halves).sentence.endswith(" i alt for tre år.")

    def it_refuses_an_instalment_after_the_partnership_has_ended(self, example_copy):
        with_pricing(example_copy, "pricing:\n  price: 55.000\n  schedule:\n    - when: ved underskrift\n"
                                   "    - when: april 2022\n")
        assert program_problems(example_copy) == [
            f"program.yaml, line {line_of(example_copy, '- when: april 2022')}: pricing.schedule[1].when: invoices "
            "april 2022, after the partnership has ended (marts 2022, timeline.end)"]
        with_pricing(example_copy, "pricing:\n  price: 55.000\n  schedule:\n    - when: ved underskrift\n"
                                   "    - when: marts 2022\n")
        assert len(load_program(example_copy).pricing.schedule) == 2  # in its last month: fine

    def it_notes_prices_by_population_counted_after_the_letter_and_does_not_refuse_them(self, example_copy):
        from kldocs.app import check_folder, plan

        with_pricing(example_copy, "pricing:\n  tiers:\n    - max: 49.999\n      price: 40.000\n"
                                   "    - min: 50.000\n      price: 60.000\n  add_ons:\n    - id: lokal-workshop\n"
                                   "      title: Lokal workshop for dagtilbudsledere\n      price: 15.000\n")
        year = max(m.population_year for m in registry())
        note = (f"pricing.tiers: prices by population cite the reference data's figures of 1. januar {year} in a "
                "letter of 14. juni 2021 (letter.date), before they were counted; the tier of a municipality near a "
                "limit may be another than its figures of the letter's day gave")
        report = check_folder(example_copy)
        assert report.problems == [] and note in report.notes
        assert note in plan("invitations", example_copy, to="Aarhus").notes

    def it_refuses_a_price_per_year_over_a_period_of_no_whole_years_unless_told_the_years(self, example_copy):
        path = with_pricing(example_copy, "pricing:\n  heading: Økonomi\n  price: 40.000\n  per: year\n")
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("  start: 2021-08\n", "  start: 2. kvartal 2027\n")
                        .replace("  end: 2022-03\n", "  end: 3. kvartal 2028\n"), encoding="utf-8")
        problems = program_problems(example_copy)
        assert any(re.fullmatch(r"program\.yaml, line \d+: pricing\.per: the partnership runs 18 months \(2\. kvartal "
                                r"2027 to 3\. kvartal 2028\), no whole number of years, .* with years \(years: 2\), "
                                r"or price the whole period with per: period", p) for p in problems), problems
        with_pricing(example_copy, "pricing:\n  heading: Økonomi\n  price: 40.000\n  per: year\n  years: 2\n")
        assert load_program(example_copy).pricing.years_for(load_program(example_copy).period) == 2
        assert uneven_years(When.parse("september 2025"), When.parse("august 2027")) is None
        assert uneven_years(When.parse("1. oktober 2025"), When.parse("1. april 2027")).startswith(
            "the partnership runs 18 months")
        assert uneven_years(When.parse("august 2021"), When.parse("marts 2022")) is None  # under a year: one

    def it_does_not_count_one_year_as_if_it_were_several(self):
        one_year = (When.parse("august 2021"), When.parse("marts 2022"))
        assert pricing(per="year").offer(AARHUS, one_year).sentence.endswith("pr. kommune om året.")
        assert pricing(per="period").offer(AARHUS, one_year).sentence.endswith("pr. kommune for hele perioden.")

    def it_lists_the_tiers_and_states_the_municipality_s_own_price(self):
        offer = tiered(per="year").offer(AARHUS, TWO_YEARS)
        assert offer.tiers_intro == "Prisen for et års deltagelse i partnerskabet afhænger af kommunens indbyggertal:"
        assert tuple(as_read(t) for t in offer.tiers) == ("Under 50.000 indbyggere: 40.000 kr. ex moms",
                               "50.000–99.999 indbyggere: 60.000 kr. ex moms",
                               "100.000 indbyggere og derover: 80.000 kr. ex moms")
        assert as_read(offer.sentence) == (f"Med 378.361 indbyggere (1. januar {AARHUS.population_year}) betaler Aarhus Kommune "
                                  "80.000 kr. ex moms om året, i alt 160.000 kr. for to år.")
        assert tiered().offer(LAESOE).amount == 40000

    def it_gives_the_project_description_each_tiers_total_over_the_years(self):
        offer = tiered(per="year").offer(None, TWO_YEARS)
        assert as_read(offer.tiers[0]) == "Under 50.000 indbyggere: 40.000 kr. ex moms (i alt 80.000 kr. for to år)"
        assert as_read(tiered(per="year").offer(None, (When.parse("august 2021"), When.parse("marts 2022"))).tiers[0]) == (
            "Under 50.000 indbyggere: 40.000 kr. ex moms")  # one year: nothing to add

    def it_says_the_tiers_are_for_the_whole_period(self):
        short = (When.parse("2. kvartal 2027"), When.parse("1. kvartal 2028"))
        assert tiered(per="period").offer(None, short).tiers_intro == (
            "Prisen for deltagelse i partnerskabet i hele perioden afhænger af kommunens indbyggertal:")
        assert tiered(per="period").offer(None, TWO_YEARS).tiers_intro == (
            "Prisen for de to års deltagelse i partnerskabet afhænger af kommunens indbyggertal:")

    def it_can_state_only_the_municipality_s_own_price(self):
        offer = tiered(show_tiers="nej", vat="incl").offer(LAESOE)
        assert tuple(as_read(t) for t in offer.tiers) == ()
        assert as_read(offer.sentence) == (f"Prisen for deltagelse i partnerskabet afhænger af kommunens indbyggertal. Med "
                                  f"1.683 indbyggere (1. januar {LAESOE.population_year}) betaler Læsø Kommune "
                                  "40.000 kr. inkl. moms.")

    def it_lists_the_tiers_for_all_without_a_municipality(self):
        offer = tiered(show_tiers="nej", per="period").offer(None, TWO_YEARS)
        assert offer.tiers_intro == "Prisen for de to års deltagelse i partnerskabet afhænger af kommunens indbyggertal:"
        assert len(offer.tiers) == 3
        assert (offer.sentence, offer.amount) == ("", None)

    @pytest.mark.parametrize(("population", "price"), [(0, 40000), (49999, 40000), (50000, 60000), (99999, 60000),
                                                       (100000, 80000), (10**9, 80000)])
    def it_finds_the_tier_of_every_population_at_its_edges(self, population, price):
        assert [t.price for t in tiered().tiers if t.covers(population)] == [price]


class DescribeAPricePerInhabitant:
    """1,50 kr. per inhabitant, at least 30.000 and at most 150.000 kr.: the format says the rule, not 98 tiers."""

    HORSENS = lookup("Horsens")

    def per_inhabitant(self, **fields) -> Pricing:
        rule = {"rate": "1,50", "min": "30.000", "max": "150.000"}
        return Pricing.model_validate({"per_inhabitant": rule, "vat_wording": "ekskl. moms", **fields})

    def it_prices_each_municipality_by_its_inhabitants_within_the_limits(self):
        p = self.per_inhabitant()
        assert p.price_for(self.HORSENS) == (Decimal("1.50") * self.HORSENS.population).quantize(Decimal("0.01"))
        assert (p.price_for(LAESOE), p.price_for(AARHUS)) == (30000, 150000)
        assert Pricing.model_validate({"per_inhabitant": {"rate": "0,25"}}).price_for(lookup("Mariagerfjord")) == (
            (Decimal("0.25") * lookup("Mariagerfjord").population).quantize(Decimal("0.01")))

    def it_states_the_rule_and_what_the_municipality_pays_by_it(self):
        p = self.per_inhabitant()
        horsens = self.HORSENS
        rule = "Prisen for deltagelse i partnerskabet er 1,50 kr. pr. indbygger ekskl. moms, dog mindst 30.000 kr. " \
               "og højst 150.000 kr."
        own = p.offer(horsens)
        assert as_read(own.sentence) == (
            f"{rule} Med {as_read(format_number(horsens.population))} indbyggere (1. januar {horsens.population_year}) "
            f"betaler Horsens Kommune {as_read(format_money(own.amount))} ekskl. moms.")
        assert as_read(p.offer(LAESOE).sentence).endswith("betaler Læsø Kommune mindsteprisen, 30.000 kr. ekskl. moms.")
        assert as_read(p.offer(AARHUS).sentence).endswith("betaler Aarhus Kommune højsteprisen, 150.000 kr. ekskl. moms.")
        everyone = p.offer(None)
        assert (as_read(everyone.sentence), everyone.tiers, everyone.amount) == (rule, (), None)
        assert as_read(self.per_inhabitant(per="year", per_inhabitant={"rate": "2"}).offer(None, TWO_YEARS).sentence) == (
            "Prisen for deltagelse i partnerskabet er 2 kr. pr. indbygger om året ekskl. moms.")

    def it_names_the_inhabitants_and_the_rate_or_the_limit_in_the_agreement(self):
        p = self.per_inhabitant(per="year")
        line = p.invoice(municipality=self.HORSENS, period=TWO_YEARS).lines[0]
        assert as_read(line.text) == (f"Deltagelse i partnerskabet i to år à {as_read(format_money(p.price_for(self.HORSENS)))} "
                                      f"({as_read(format_number(self.HORSENS.population))} indbyggere, 1,50 kr. pr. indbygger)")
        assert line.amount == 2 * p.price_for(self.HORSENS)
        assert as_read(p.invoice(municipality=LAESOE, period=TWO_YEARS).lines[0].text).endswith(
            f"({as_read(format_number(LAESOE.population))} indbyggere, mindsteprisen)")

    @pytest.mark.parametrize(("fields", "message"), [
        ({"price": "55.000"}, "give one of price, tiers and per_inhabitant, not price as well"),
        ({"tiers": [{"price": "40.000"}]}, "give one of price, tiers and per_inhabitant, not tiers as well"),
        ({"free": "ja"}, "goes with a price, and free: ja says taking part is free"),
        ({"per_inhabitant": {"rate": "1,50", "min": "150.000", "max": "30.000"}},
         "min (150.000 kr.) must not exceed max (30.000 kr.)"),
        ({"per_inhabitant": {"rate": "0"}}, "rate"),
    ])
    def it_refuses_a_rule_that_does_not_hold(self, fields, message):
        with pytest.raises(ValueError) as caught:
            self.per_inhabitant(**fields)
        assert message in as_read(str(caught.value))

    def it_takes_the_documents_through_from_program_yaml(self, example_copy, tmp_path):
        path = example_copy / "program.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace(
            "  price: 55.000\n", "  per_inhabitant: {rate: '1,50', min: 30.000, max: 150.000}\n"
                                 "  vat_wording: ekskl. moms\n"), encoding="utf-8")
        program = load_program(example_copy)
        assert program.pricing.price_for(AARHUS) == 150000
        from kldocs.app import make

        out = tmp_path / "out"
        make("invitations", example_copy, out / "invitations", to="Aarhus")
        make("description", example_copy, out / "description")
        make("agreements", example_copy, out / "agreements", municipalities=("Aarhus",))
        letter = as_read(" ".join(paragraphs((out / "invitations" / "0751-aarhus.docx").read_bytes())))
        assert ("Prisen for deltagelse i partnerskabet er 1,50 kr. pr. indbygger ekskl. moms, dog mindst 30.000 kr. og "
                "højst 150.000 kr. Med 378.361 indbyggere (1. januar") in letter
        assert "betaler Aarhus Kommune højsteprisen, 150.000 kr. ekskl. moms." in letter
        description = as_read(" ".join(paragraphs((out / "description" / "projektbeskrivelse.docx").read_bytes())))
        assert "er 1,50 kr. pr. indbygger ekskl. moms, dog mindst 30.000 kr. og højst 150.000 kr. " in description
        assert "indbyggere:" not in description  # no tiers listed
        rows = table_rows((out / "agreements" / "0751-aarhus-partnerskabsaftale.docx").read_bytes())
        assert [[as_read(cell) for cell in row] for row in rows if row[0].startswith("Deltagelse")] == [
            ["Deltagelse i partnerskabet (378.361 indbyggere, højsteprisen)", "150.000 kr."]]


class DescribeTheInvoice:
    def it_adds_vat_to_prices_ex_vat(self):
        invoice = pricing(add_ons=[{"id": "w", "title": "Workshop", "price": "15.000"}]).invoice(("w",))
        assert (invoice.subtotal, invoice.vat, invoice.total) == (70000, 17500, 87500)
        assert tuple(map(as_read, (invoice.subtotal_text, invoice.vat_text, invoice.total_text))) == (
            "I alt ex moms", "Moms (25 pct.)", "I alt med moms")

    def it_words_vat_as_the_dictionary_does_when_asked(self):
        invoice = pricing(vat_wording="ekskl. moms").invoice()
        assert (invoice.subtotal_text, invoice.total_text, invoice.vat_words) == (
            "I alt ekskl. moms", "I alt inkl. moms", "ekskl. moms")

    def it_shows_the_vat_contained_in_prices_incl_vat(self):
        invoice = pricing(vat="inkl.").invoice()
        assert (invoice.vat_status, invoice.subtotal, invoice.vat, invoice.total) == ("incl", 55000, 11000, 55000)
        assert tuple(map(as_read, (invoice.total_text, invoice.vat_text))) == ("I alt inkl. moms", "Heraf moms (25 pct.)")

    def it_has_no_vat_at_all_when_none_is_stated(self):
        invoice = pricing(vat="none").invoice()
        assert (invoice.vat, invoice.total, invoice.total_text, invoice.vat_text, invoice.vat_words) == (
            0, 55000, "I alt", "", "")

    def it_multiplies_a_price_per_year_by_the_years(self):
        invoice = pricing(price="45.000", per="year").invoice(period=TWO_YEARS)
        assert [(as_read(line.text), line.amount) for line in invoice.lines] == [
            ("Deltagelse i partnerskabet i to år à 45.000 kr.", 90000)]

    def it_prices_the_municipality_by_its_size(self):
        invoice = tiered(per="period").invoice(municipality=AARHUS, period=TWO_YEARS)
        assert [(as_read(line.text), line.amount) for line in invoice.lines] == [
            ("Deltagelse i partnerskabet i to år (100.000 indbyggere og derover)", 80000)]
        with pytest.raises(ValueError, match="need the municipality"):
            tiered().invoice()

    def it_lists_an_add_on_priced_later_without_an_amount_and_leaves_it_out_of_the_total(self):
        p = pricing(add_ons=[{"id": "a", "title": "Analyse", "price": "efter aftale"},
                             {"id": "w", "title": "Workshop", "price": "15.000"}])
        invoice = p.invoice(("w", "a"))
        assert [(as_read(line.text), as_read(line.amount_text)) for line in invoice.lines] == [
            ("Deltagelse i partnerskabet", "55.000 kr."), ("Workshop", "15.000 kr."), ("Analyse", "Pris efter aftale")]
        assert invoice.subtotal == 70000
        assert invoice.total_text == "I alt med moms (ekskl. tilkøb med pris efter aftale)"
        assert invoice.note == ("Prisen for tilkøbet ”Analyse” aftales mellem parterne og indgår ikke i beløbene i "
                                "tabellen.")
        assert p.invoice(("w",)).note == ""

    def it_splits_the_price_into_instalments_by_share(self):
        invoice = pricing(schedule=[{"when": "ved underskrift", "share": "50 %"},
                                    {"when": "januar 2026", "share": "50 %"}]).invoice()
        assert [(as_read(i.text), i.amount) for i in invoice.schedule] == [
            ("Når aftalen er underskrevet", 27500), ("Januar 2026", 27500)]

    def it_splits_evenly_to_the_oere_and_gives_the_rest_to_the_last(self):
        invoice = pricing(price="100.000", schedule=[{"when": "2025-09"}, {"when": "1. kvartal 2026"},
                                                     {"when": "2026-09-01"}]).invoice()
        assert [(as_read(i.text), i.amount) for i in invoice.schedule] == [
            ("September 2025", Decimal("33333.33")), ("1. kvartal 2026", Decimal("33333.33")),
            ("1. september 2026", Decimal("33333.34"))]
        assert sum(i.amount for i in invoice.schedule) == 100000


class DescribeWrongValues:
    """Each wrong value is one line naming program.yaml, its line and the field."""

    def it_refuses_an_unknown_vat_mode(self, example_copy):
        with_pricing(example_copy, "pricing:\n  price: 55.000\n  vat: med\n")
        assert program_problems(example_copy) == [
            f"program.yaml, line {line_of(example_copy, 'vat: med')}: pricing.vat: must be 'ex' or 'incl', or 'none' "
            "when the prices state no VAT (momsfritaget), not 'med'"]

    def it_refuses_a_negative_price_and_an_unknown_wording(self, example_copy):
        with_pricing(example_copy, "pricing:\n  price: -55.000\n  vat_wording: eksklusive moms\n")
        assert program_problems(example_copy) == [
            f"program.yaml, line {line_of(example_copy, 'price: -55.000')}: pricing.price: must be greater than 0",
            f"program.yaml, line {line_of(example_copy, 'vat_wording')}: pricing.vat_wording: "
            "must be 'ex moms' or 'ekskl. moms'"]

    def it_names_each_gap_and_overlap_of_the_tiers(self, example_copy):
        with_pricing(example_copy, """
pricing:
  tiers:
    - min: 10
      max: 59.999
      price: 40.000
    - min: 50.000
      max: 99.999
      price: 60.000
    - min: 120.000
      max: 200.000
      price: 80.000
""")
        at = line_of(example_copy, "pricing:")
        assert program_problems(example_copy) == [
            f"program.yaml, line {line_of(example_copy, 'min: 10', at)}: pricing.tiers[0].min: leaves 0–9 indbyggere "
            "without a price: let the smallest tier start at 0 (leave out its min)",
            f"program.yaml, line {line_of(example_copy, 'min: 50.000', at)}: pricing.tiers[1].min: overlaps tiers[0] "
            "(10–59.999 indbyggere) at 50.000–59.999 indbyggere: let it start at 60.000, one above where tiers[0] "
            "ends (its max is included)",
            f"program.yaml, line {line_of(example_copy, 'min: 120.000', at)}: pricing.tiers[2].min: leaves "
            "100.000–119.999 indbyggere without a price: tiers[1] ends at 99.999, so let this one start at 100.000",
            f"program.yaml, line {line_of(example_copy, 'max: 200.000', at)}: pricing.tiers[2].max: leaves 200.001 "
            "indbyggere and more without a price: leave out the max of the largest tier",
        ]

    def it_names_a_single_population_as_one_not_as_a_range(self):
        # both tiers include 50.000 inhabitants: the usual slip of writing the same bound twice
        with pytest.raises(ValueError, match=r"overlaps tiers\[0\] \(op til 50.000 indbyggere\) at 50.000 indbyggere: "
                                             r"let it start at 50.001"):
            Pricing.model_validate({"tiers": [{"max": 50000, "price": 1}, {"min": 50000, "price": 2}]})
        with pytest.raises(ValueError, match=r"leaves 50.000 indbyggere without a price"):
            Pricing.model_validate({"tiers": [{"max": 49999, "price": 1}, {"min": 50001, "price": 2}]})

    def it_finds_two_open_ended_tiers_overlapping(self):
        with pytest.raises(ValueError, match=r"tiers\.1\.min\n.*overlaps tiers\[0\] \(alle kommuner\) at "
                                             r"50.000 indbyggere and more"):
            Pricing.model_validate({"tiers": [{"price": 1}, {"min": 50000, "price": 2}]})

    def it_refuses_a_tier_that_ends_before_it_starts(self):
        with pytest.raises(ValueError, match=r"min \(100.000\) must not exceed max \(99.999\)"):
            Pricing.model_validate({"tiers": [{"min": "100.000", "max": "99.999", "price": 1}]})

    def it_wants_a_price_or_tiers_but_not_both(self, example_copy):
        with_pricing(example_copy, "pricing:\n  covers: fire møder\n")
        (message,) = program_problems(example_copy)
        assert message.endswith("pricing: give a price (price: 55.000), prices by population (tiers, or per_inhabitant with its rate), or free: ja "
                                "for a partnership the municipalities take part in for free")
        with pytest.raises(ValueError, match=r"give either price .* or tiers .*, not both"):
            Pricing.model_validate({"price": 1, "tiers": [{"price": 2}]})

    def it_refuses_what_goes_with_a_price_in_a_free_partnership(self, example_copy):
        with_pricing(example_copy, "pricing:\n  free: ja\n  price: 55.000\n  per: year\n")
        found = program_problems(example_copy)
        assert [p.split(": ", 1)[1] for p in found] == [
            "pricing.price: goes with a price, and free: ja says taking part is free: leave one of the two out",
            "pricing.per: goes with a price, and free: ja says taking part is free: leave one of the two out"]

    def it_wants_shares_that_add_up_to_everything(self, example_copy):
        with_pricing(example_copy, """
pricing:
  price: 55.000
  schedule:
    - when: ved underskrift
      share: 50 %
    - when: januar 2026
      share: 40 %
""")
        (message,) = program_problems(example_copy)
        assert message.endswith("pricing.schedule: the shares add up to 90 pct., not 100 pct.")

    def it_wants_a_share_for_every_instalment_or_none(self):
        with pytest.raises(ValueError, match=r"schedule\.1\.share\n.*is missing: give a share for every instalment"):
            pricing(schedule=[{"when": "ved underskrift", "share": "50 %"}, {"when": "januar 2026"}])

    def it_refuses_an_instalment_at_no_time(self):
        with pytest.raises(ValueError, match="must be 'ved underskrift' or a point in time such as 'januar 2026'"):
            pricing(schedule=[{"when": "snart"}])

    def it_wants_per_with_years(self):
        with pytest.raises(ValueError, match=r"years\n.*give per \(year or period\) too"):
            pricing(years=2)

    def it_refuses_a_population_that_is_not_a_whole_number(self):
        with pytest.raises(ValueError, match="must be a whole number of inhabitants"):
            Pricing.model_validate({"tiers": [{"max": "49.999,5", "price": 1}, {"min": 50000, "price": 2}]})


class DescribeTheSchema:
    def it_describes_every_new_field_with_an_example(self):
        schema = json.loads(json_schema())
        defs = schema["$defs"]
        fields = {**{f"Pricing.{k}": v for k, v in defs["Pricing"]["properties"].items()},
                  **{f"Tier.{k}": v for k, v in defs["Tier"]["properties"].items()},
                  **{f"Instalment.{k}": v for k, v in defs["Instalment"]["properties"].items()},
                  "AddOn.price": defs["AddOn"]["properties"]["price"]}
        for name in ("Pricing.price", "Pricing.tiers", "Pricing.per", "Pricing.years", "Pricing.vat",
                     "Pricing.vat_wording", "Pricing.schedule", "Pricing.show_tiers", "Tier.min", "Tier.max",
                     "Tier.price", "Instalment.when", "Instalment.share", "AddOn.price"):
            field = fields[name]
            assert field.get("description"), name
            assert field.get("examples"), name
        assert set(defs["Pricing"]["properties"]["vat"]["enum"]) == {"ex", "incl", "none"}


class DescribeRegisteringAnAddOnPricedLater:
    def it_is_registered_by_id_by_title_or_as_a_form_prints_it(self, example_copy):
        with_pricing(example_copy, """
pricing:
  price: 55.000
  add_ons:
    - id: analyse
      title: Lokal dataanalyse
""")
        program = load_program(example_copy)
        assert program.pricing.add_ons[0].price is None
        path = example_copy / "registrations.csv"
        rows = path.read_bytes().decode("cp1252").split("\r\n")
        head = rows[0].split(";")
        column = head.index("Tilkøb")
        cells = ["analyse", "lokal dataanalyse", "Lokal dataanalyse (pris efter aftale)"]
        for n in range(1, len(rows)):
            if rows[n]:
                row = rows[n].split(";")
                row[column] = cells[n - 1] if n <= len(cells) else ""
                rows[n] = ";".join(row)
        path.write_bytes("\r\n".join(rows).encode("cp1252"))
        regs = load_registrations(example_copy, program)
        assert sorted(r.row for r in regs if r.add_on_ids == ("analyse",)) == [2, 3, 4]
        assert [r for r in regs if r.add_on_ids and r.row > 4] == []


@pytest.mark.parametrize(("when", "phrase"), [
    ("januar 2027", "i januar 2027"), ("2027-01-15", "den 15.\u00a0januar 2027"), ("primo 2027", "primo 2027"),
    ("ultimo marts 2027", "ultimo marts 2027"), ("efteråret 2026", "i efteråret 2026"),
])
def test_an_instalment_is_invoiced_then_in_a_sentence_with_the_preposition_its_time_takes(when, phrase):
    """Review 20: '… og 50 pct. i primo 2027'; primo, medio and ultimo take none."""
    from kldocs.inputs.pricing import Instalment

    assert Instalment.model_validate({"when": when, "share": "50 %"}).phrase == phrase
