"""Money in the documents: a price per year or for the period, VAT or none, tiers by size, add-ons priced later.

Each test renders the real documents of a copy of the bundled example whose
``pricing:`` block (and period) is replaced, and reads their text and the
agreement's tables.
"""

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLE_DIR
from docxfactory import as_read, table_rows, text
from kldocs.app import as_folder, check_folder, plan
from kldocs.documents.invitations import cover_text
from kldocs.inputs.recipients import Recipient
from kldocs.reference.municipalities import lookup
from programfactory import with_registration_days

TWO_YEARS = ("  end: 2022-03", "  end: 2023-07")  # August 2021 to July 2023: two years


def programme(tmp_path: Path, pricing: str, *, period: tuple[str, str] | None = TWO_YEARS) -> Path:
    """A copy of the example with ``pricing`` as its pricing block (and the period running two years).

    Prices by population cite the reference data's figures, so a programme with tiers is moved five years on,
    to letters written after the figures were counted.
    """
    folder = tmp_path / "program"
    shutil.copytree(EXAMPLE_DIR, folder, ignore=shutil.ignore_patterns("__pycache__", "__init__.py"))
    path = folder / "program.yaml"
    source = path.read_text(encoding="utf-8")
    source = re.sub(r"(?ms)^pricing:.*?(?=^registration:)", pricing.strip("\n") + "\n\n", source)
    if "tiers:" in pricing:
        def later(text: str) -> str:
            return re.sub(r"\b202([0-4])\b", lambda m: f"202{int(m.group(1)) + 5}", text)
        source = later(source)
        registrations = folder / "registrations.csv"
        registrations.write_text(later(registrations.read_text(encoding="cp1252")), encoding="cp1252")
        period = period and (period[0].replace("2022", "2027"), period[1].replace("2023", "2028"))
    if period is not None:
        assert period[0] in source
        source = source.replace(period[0], period[1], 1)
    path.write_text(source, encoding="utf-8")
    return folder


def invitation(folder: Path, name: str) -> str:
    (letter,) = plan("invitations", folder, to=name).files
    return text(letter.make())


def agreement(folder: Path, name: str) -> bytes:
    (file,) = plan("agreements", folder, municipalities=[name]).files
    return file.make()


def price_table(data: bytes) -> list[list[str]]:
    """The rows of the agreement's price table, its heading row first."""
    rows = table_rows(data)
    start = rows.index(["Post", "Beløb"])
    end = next((i for i in range(start + 1, len(rows)) if rows[i][0] == "Fakturering"), len(rows))
    return rows[start:end]


def schedule_table(data: bytes) -> list[list[str]]:
    """The rows of the agreement's table of instalments, its heading row first; empty without one."""
    rows = table_rows(data)
    start = next((i for i, r in enumerate(rows) if r[0] == "Fakturering"), len(rows))
    return rows[start:]


OERE_INCL_VAT = """
pricing:
  heading: Økonomi og tilmelding
  price: 31.250,50
  vat: incl
  add_ons:
    - id: lokal-workshop
      title: Lokal workshop for dagtilbudsledere
      price: 6.187,50
  schedule:
    - when: ved underskrift
    - when: januar 2022
"""


class DescribeAmountsWithOere:
    """Where any amount of the price or its instalments has øre, every amount of both tables is written with them."""

    def it_writes_a_whole_total_with_oere_beside_amounts_with_oere(self, tmp_path):
        data = agreement(programme(tmp_path, OERE_INCL_VAT, period=None), "Aarhus")
        assert price_table(data) == [
            ["Post", "Beløb"],
            ["Deltagelse i partnerskabet", "31.250,50 kr."],
            ["Lokal workshop for dagtilbudsledere", "6.187,50 kr."],
            ["I alt inkl. moms", "37.438,00 kr."],
            ["Heraf moms (25 pct.)", "7.487,60 kr."],
        ]
        # the add-on in full with the first instalment, the participation in halves
        assert schedule_table(data)[1:] == [["Når aftalen er underskrevet", "21.812,75 kr."],
                                            ["Januar 2022", "15.625,25 kr."]]

    def it_writes_whole_kroner_where_no_amount_has_oere(self, tmp_path):
        whole = OERE_INCL_VAT.replace("31.250,50", "31.250").replace("6.187,50", "6.190")
        data = agreement(programme(tmp_path, whole, period=None), "Aarhus")
        assert [row[1] for row in price_table(data)[1:]] == ["31.250 kr.", "6.190 kr.", "37.440 kr.", "7.488 kr."]

    def it_decides_for_each_agreement_by_its_own_amounts(self, tmp_path):
        folder = programme(tmp_path, OERE_INCL_VAT, period=None)
        # Hvidovre chose no add-on: 31.250,50 kr. alone, its instalments 15.625,25 kr.
        assert [row[1] for row in price_table(agreement(folder, "Hvidovre"))[1:]] == [
            "31.250,50 kr.", "31.250,50 kr.", "6.250,10 kr."]


FREE = """
pricing:
  heading: Økonomi og tilmelding
  free: ja
  covers: fire partnerskabsmøder
  add_ons:
    - id: lokal-workshop
      title: Lokal workshop for dagtilbudsledere
      price: 15.000
"""


class DescribeAFreePartnership:
    """Taking part costs nothing (a fund pays): the letters say so, and an agreement shows only the add-ons chosen."""

    @pytest.fixture
    def folder(self, tmp_path):
        return programme(tmp_path, FREE, period=None)

    def it_says_in_the_invitation_that_taking_part_is_free(self, folder):
        letter = invitation(folder, "Ærø")
        assert ("Deltagelse i partnerskabet er gratis for kommunerne. Deltagelsen omfatter fire partnerskabsmøder. "
                "Hver kommune kan tilmelde op til fem medarbejdere og op til to politikere.") in letter
        assert "Kommunen kan desuden tilkøbe:\nLokal workshop for dagtilbudsledere: 15.000 kr. ex moms" in letter
        assert "Prisen dækker" not in letter and "pr. kommune" not in letter

    def it_shows_the_add_on_a_municipality_chose_and_invoices_it(self, folder):
        data = agreement(folder, "Aarhus")  # Aarhus chose the workshop
        assert price_table(data) == [
            ["Post", "Beløb"],
            ["Lokal workshop for dagtilbudsledere", "15.000 kr."],
            ["I alt ex moms", "15.000 kr."],
            ["Moms (25 pct.)", "3.750 kr."],
            ["I alt med moms", "18.750 kr."],
        ]
        body = text(data)
        assert ("Deltagelse i partnerskabet er gratis for Aarhus Kommune. Prisen for det valgte tilkøb fremgår af "
                "tabellen. Deltagelsen omfatter fire partnerskabsmøder.") in body
        assert "KL fakturerer kommunen for det samlede beløb" in body

    def it_binds_as_the_registration_does_and_asks_payment_only_for_the_add_ons(self, folder):
        body = text(agreement(folder, "Aarhus"))  # the example's sign-up binds
        assert ("Ønsker kommunen at træde ud af partnerskabet før tid, giver den KL skriftlig besked. Kommunen "
                "betaler i så fald for det valgte tilkøb, da tilmeldingen er bindende.") in body
        assert "Ønsker kommunen at træde ud af partnerskabet før tid, giver den KL skriftlig besked.\n" in \
            text(agreement(folder, "Hvidovre")) + "\n"

    def it_sums_nothing_where_the_add_ons_chosen_are_all_priced_later(self, tmp_path):
        folder = programme(tmp_path, FREE.replace("      price: 15.000", "      price: efter aftale"), period=None)
        data = agreement(folder, "Aarhus")
        assert price_table(data) == [["Post", "Beløb"], ["Lokal workshop for dagtilbudsledere", "Pris efter aftale"]]
        body = text(data)
        assert "Deltagelse i partnerskabet er gratis for Aarhus Kommune. Deltagelsen omfatter" in body  # no sums
        assert "Tilkøbet med pris efter aftale faktureres, når prisen er aftalt." in body
        assert "Prisen for tilkøbet ”Lokal workshop for dagtilbudsledere” aftales mellem parterne." in body
        assert "det samlede beløb" not in body and "0 kr." not in body and "beløbene i tabellen" not in body

    def it_takes_no_years_with_a_price_it_has_not(self, tmp_path):
        folder = programme(tmp_path, FREE + "  years: 2\n", period=None)
        assert [p.split(": ", 1)[1] for p in check_folder(folder).problems if "pricing" in p] == [
            "pricing.years: goes with a price, and free: ja says taking part is free: leave one of the two out"]

    def it_has_no_price_table_and_nothing_to_invoice_for_a_municipality_that_chose_nothing(self, folder):
        data = agreement(folder, "Hvidovre")
        body = text(data)
        assert "Deltagelse i partnerskabet er gratis for Hvidovre Kommune. Deltagelsen omfatter fire" in body
        assert ["Post", "Beløb"] not in table_rows(data)
        assert "fakturerer" not in body and "Betaling" not in body and " betaler" not in body


WHOLE_PERIOD_NO_VAT = """
pricing:
  heading: Økonomi og tilmelding
  price: 90.000
  per: period
  vat: none
  covers: fire partnerskabsmøder
  add_ons:
    - id: lokal-workshop
      title: Lokal workshop for dagtilbudsledere
      description: En halv dags workshop i kommunen med KL's konsulenter.
  schedule:
    - when: ved underskrift
    - when: januar 2022
"""


class DescribeAPriceForTheWholePeriodWithoutVat:
    @pytest.fixture
    def folder(self, tmp_path):
        return programme(tmp_path, WHOLE_PERIOD_NO_VAT)

    def it_states_the_price_for_the_period_and_the_add_on_priced_later(self, folder):
        letter = invitation(folder, "Aarhus")
        assert ("Prisen faktureres i to lige store rater: når aftalen er underskrevet af begge parter, og i januar "
                "2022.") in letter
        assert "Tilkøb faktureres" not in letter  # the add-on priced later is invoiced when it is agreed
        assert ("Prisen for deltagelse i partnerskabet er 90.000 kr. pr. kommune i alt for to år. Prisen dækker "
                "fire partnerskabsmøder. Hver kommune kan tilmelde op til fem medarbejdere og op til to politikere.") in letter
        assert ("Lokal workshop for dagtilbudsledere: pris efter aftale. En halv dags workshop i kommunen med "
                "KL's konsulenter.") in letter

    def it_shows_the_add_on_priced_later_in_the_agreement_of_the_municipality_that_chose_it(self, folder):
        data = agreement(folder, "Aarhus")
        assert price_table(data) == [
            ["Post", "Beløb"],
            ["Deltagelse i partnerskabet i to år", "90.000 kr."],
            ["Lokal workshop for dagtilbudsledere", "Pris efter aftale"],
            ["I alt (ekskl. tilkøb med pris efter aftale)", "90.000 kr."],
        ]
        body = text(data)
        assert ("Aarhus Kommunes pris for deltagelse i partnerskabet og for det valgte tilkøb fremgår af tabellen. "
                "Prisen for deltagelse dækker fire partnerskabsmøder. Prisen for tilkøbet ”Lokal workshop for "
                "dagtilbudsledere” aftales mellem parterne og indgår ikke i beløbene i tabellen.") in body

    def it_shows_the_instalments_and_says_how_they_are_invoiced(self, folder):
        data = agreement(folder, "Aarhus")
        assert schedule_table(data) == [
            ["Fakturering", "Beløb"],
            ["Når aftalen er underskrevet", "45.000 kr."],
            ["Januar 2022", "45.000 kr."],
        ]
        assert ("Betaling\nKL fakturerer kommunen for beløbet i to rater, som fremgår af tabellen. Fakturaerne "
                "sendes elektronisk til det EAN-nummer, kommunen oplyser. Tilkøbet med pris efter aftale "
                "faktureres, når prisen er aftalt.") in text(data)

    def it_leaves_the_add_on_out_of_the_agreement_of_a_municipality_that_did_not_choose_it(self, folder):
        data = agreement(folder, "Hvidovre")
        assert price_table(data)[1:] == [["Deltagelse i partnerskabet i to år", "90.000 kr."],
                                         ["I alt", "90.000 kr."]]
        assert "pris efter aftale" not in text(data).casefold()

    def it_mentions_vat_in_no_document(self, folder):
        aarhus = lookup("Aarhus")
        program = as_folder(folder).program
        recipient = as_folder(folder).recipients.get(aarhus)
        (description,) = plan("description", folder).files
        (summary,) = plan("summary", folder).files
        texts = {
            "invitation": invitation(folder, "Aarhus"),
            "agreement": text(agreement(folder, "Aarhus")),
            "description": text(description.make()),
            "summary": text(summary.make()),
            "e-mail": cover_text(program, aarhus, recipient),
        }
        assert "90.000 kr." in texts["description"]
        for name, content in texts.items():
            assert "moms" not in content.casefold(), name


TIERS_PER_YEAR = """
pricing:
  heading: Økonomi og tilmelding
  tiers:
    - max: 49.999
      price: 40.000
    - min: 50.000
      max: 99.999
      price: 60.000
    - min: 100.000
      price: 80.000
  per: year
  vat: ex
  vat_wording: ekskl. moms
  add_ons:
    - id: lokal-workshop
      title: Lokal workshop for dagtilbudsledere
      price: 15.000
  schedule:
    - when: ved underskrift
      share: 50 %
    - when: 2022-01
      share: 50 %
"""


class DescribePricesByTheMunicipalitysSize:
    @pytest.fixture
    def folder(self, tmp_path):
        return programme(tmp_path, TIERS_PER_YEAR)

    @pytest.mark.parametrize(("name", "own"), [
        ("Aarhus", "Med 378.361 indbyggere (1. januar {year}) betaler Aarhus Kommune 80.000 kr. ekskl. moms om året, i alt "
                   "160.000 kr. for to år."),
        ("Læsø", "Med 1.683 indbyggere (1. januar {year}) betaler Læsø Kommune 40.000 kr. ekskl. moms om året, i alt "
                 "80.000 kr. for to år."),
    ])
    def it_lists_the_tiers_and_states_each_municipality_s_own_price(self, folder, name, own):
        letter = invitation(folder, name)
        assert ("Prisen for et års deltagelse i partnerskabet afhænger af kommunens indbyggertal:\n"
                "Under 50.000 indbyggere: 40.000 kr. ekskl. moms\n"
                "50.000–99.999 indbyggere: 60.000 kr. ekskl. moms\n"
                "100.000 indbyggere og derover: 80.000 kr. ekskl. moms\n") in letter
        assert own.format(year=lookup(name).population_year) + " Prisen dækker fire partnerskabsmøder." in letter

    def it_prices_the_agreement_by_the_municipality_s_tier(self, folder):
        data = agreement(folder, "Aarhus")
        assert price_table(data) == [
            ["Post", "Beløb"],
            ["Deltagelse i partnerskabet i to år à 80.000 kr. (100.000 indbyggere og derover)", "160.000 kr."],
            ["Lokal workshop for dagtilbudsledere", "15.000 kr."],
            ["I alt ekskl. moms", "175.000 kr."],
            ["Moms (25 pct.)", "43.750 kr."],
            ["I alt inkl. moms", "218.750 kr."],
        ]
        assert schedule_table(data) == [
            ["Fakturering", "Beløb ekskl. moms"],
            ["Når aftalen er underskrevet", "95.000 kr."],  # half of the participation, and the workshop
            ["Januar 2027", "80.000 kr."],
        ]
        assert ("KL fakturerer kommunen for beløbet i to rater, som fremgår af tabellen; tilkøbet faktureres med "
                "første rate.") in text(data)

    def it_says_in_the_invitation_how_the_price_is_invoiced_after_the_add_ons(self, folder):
        letter = invitation(folder, "Aarhus")
        sentence = ("Prisen faktureres i to rater: 50 pct., når aftalen er underskrevet af begge parter, og 50 pct. i "
                    "januar 2027. Tilkøb faktureres med første rate.")
        assert sentence in letter
        assert letter.index("Lokal workshop for dagtilbudsledere: 15.000 kr.") < letter.index(sentence)
        (description,) = plan("description", folder).files
        assert sentence in text(description.make())

    def it_words_vat_the_same_way_in_every_document(self, folder):
        (description,) = plan("description", folder).files
        for content in (invitation(folder, "Aarhus"), text(agreement(folder, "Aarhus")), text(description.make())):
            assert "ekskl. moms" in content
            assert "ex moms" not in content
            assert "med moms" not in content

    def it_lists_the_tiers_in_the_project_description_for_every_municipality(self, folder):
        (description,) = plan("description", folder).files
        body = text(description.make())
        assert "100.000 indbyggere og derover: 80.000 kr. ekskl. moms" in body
        assert "indbyggere (" not in body  # no municipality's own price


ADD_ON = """
  add_ons:
    - id: lokal-workshop
      title: Lokal workshop for dagtilbudsledere
      price: 15.000
"""


class DescribePricesInclVat:
    def it_shows_the_vat_contained_with_the_dictionary_s_wording(self, tmp_path):
        folder = programme(tmp_path, """
pricing:
  price: 55.000
  vat: incl
  vat_wording: ekskl. moms
""" + ADD_ON, period=None)
        assert "Prisen for deltagelse i partnerskabet er 55.000 kr. inkl. moms pr. kommune." in invitation(
            folder, "Aarhus")
        data = agreement(folder, "Hvidovre")
        assert price_table(data)[1:] == [["Deltagelse i partnerskabet", "55.000 kr."],
                                         ["I alt inkl. moms", "55.000 kr."],
                                         ["Heraf moms (25 pct.)", "11.000 kr."]]
        assert schedule_table(data) == []
        assert ("Betaling\nKL fakturerer kommunen for det samlede beløb, når aftalen er underskrevet af begge "
                "parter.") in text(data)


class DescribeOneInstalment:
    def it_names_when_the_whole_amount_is_invoiced_without_a_table(self, tmp_path):
        folder = programme(tmp_path, """
pricing:
  price: 55.000
  schedule:
    - when: 1. oktober 2021
""" + ADD_ON, period=None)
        data = agreement(folder, "Hvidovre")
        assert schedule_table(data) == []
        assert ("Betaling\nKL fakturerer kommunen for det samlede beløb den 1. oktober 2021. Fakturaen sendes "
                "elektronisk til det EAN-nummer, kommunen oplyser.") in text(data)


class DescribeSentencesAfterAnAmount:
    """An amount ends in "kr.", so a sentence ending on it gets no second full stop."""

    def it_ends_a_tier_sentence_once(self, tmp_path):
        folder = programme(tmp_path, "pricing:\n  tiers:\n    - max: 99.999\n      price: 40.000\n"
                                     "    - min: 100.000\n      price: 60.000\n  vat: none\n", period=None)
        words = invitation(folder, "Aarhus")
        assert "betaler Aarhus Kommune 60.000 kr." in words and "kr.." not in words

    def it_ends_an_add_ons_price_once_before_its_description(self, tmp_path):
        folder = programme(tmp_path, "pricing:\n  price: 55.000\n  vat: none\n  add_ons:\n    - id: workshop\n"
                                     "      title: Workshop\n      price: 15.000\n      description: En dag.\n")
        words = invitation(folder, "Aarhus")
        assert "Workshop: 15.000 kr. En dag." in words and "kr.." not in words


EARLY_DISCOUNT = """
pricing:
  heading: Økonomi og tilmelding
  price: 55.000
  vat: ex
  covers: fire partnerskabsmøder
  add_ons:
    - id: lokal-workshop
      title: Lokal workshop for dagtilbudsledere
      price: 15.000
  discount:
    until: 2021-07-15
    percent: 10 %
"""


class DescribeADiscountForRegisteringEarly:
    @pytest.fixture
    def folder(self, tmp_path):
        folder = programme(tmp_path, EARLY_DISCOUNT, period=None)
        with_registration_days(folder, {"Aarhus Kommune": "01-07-2021 10:32", "Københavns Kommune": "2021-07-15"})
        return folder

    def it_says_in_the_invitation_by_when_and_how_much(self, folder):
        assert ("Prisen for deltagelse i partnerskabet er 55.000 kr. ex moms pr. kommune. Kommuner, der tilmelder "
                "sig senest torsdag den 15. juli 2021, får 10 pct. rabat på prisen for deltagelse.") in invitation(
                    folder, "Aarhus")

    def it_says_it_in_the_e_mail_draft_under_the_deadline(self, folder):
        aarhus = lookup("Aarhus")
        mail = as_read(cover_text(as_folder(folder).program, aarhus, Recipient(aarhus)))
        assert ("Fristen for tilmelding er mandag den 16. august 2021 kl. 12.00, og I tilmelder jer via "
                "https://tilmeld.kl.dk/staerkebornefaellesskaber. Kommuner, der tilmelder sig senest torsdag den "
                "15. juli 2021, får 10 pct. rabat på prisen for deltagelse.\n\n") in mail

    def it_takes_it_off_the_price_of_a_municipality_that_registered_by_then(self, folder):
        assert price_table(agreement(folder, "Aarhus")) == [
            ["Post", "Beløb"],
            ["Deltagelse i partnerskabet", "55.000 kr."],
            ["Rabat for tilmelding senest 15. juli 2021 (10 pct.)", "−5.500 kr."],
            ["Lokal workshop for dagtilbudsledere", "15.000 kr."],  # the discount is off participation only
            ["I alt ex moms", "64.500 kr."],
            ["Moms (25 pct.)", "16.125 kr."],
            ["I alt med moms", "80.625 kr."],
        ]
        assert ["Rabat for tilmelding senest 15. juli 2021 (10 pct.)", "−5.500 kr."] in price_table(
            agreement(folder, "København"))  # registered on the last day: it counts

    def it_leaves_a_municipality_that_registered_later_at_the_full_price(self, folder):
        assert not any("Rabat" in row[0] for row in price_table(agreement(folder, "Frederiksberg")))

    def it_may_be_an_amount(self, tmp_path):
        folder = programme(tmp_path, EARLY_DISCOUNT.replace("percent: 10 %", "amount: 5.000"), period=None)
        with_registration_days(folder, {"Aarhus Kommune": "2021-07-01"})
        assert "får 5.000 kr. ex moms i rabat på prisen for deltagelse." in invitation(folder, "Aarhus")
        assert ["Rabat for tilmelding senest 15. juli 2021", "−5.000 kr."] in price_table(agreement(folder, "Aarhus"))

    def it_reads_the_day_of_registering_without_a_discount_too(self, example_copy):
        # status and reminders count registrations by it, so a day it cannot read is refused without a discount too
        with_registration_days(example_copy, {"Aarhus Kommune": "7/1/2021 4:00:00 PM"})
        (problem,) = check_folder(example_copy).problems
        assert problem.endswith("Tilmeldingsdato: '7/1/2021 4:00:00 PM' is not a date; write it as 14-06-2021 or "
                                "2021-06-14")
        path = example_copy / "registrations.csv"
        path.write_bytes(path.read_bytes().replace(b"7/1/2021 4:00:00 PM", b"2021-08-03"))
        registrations = as_folder(example_copy).registrations.by_code()
        assert registrations[751].registered == dt.date(2021, 8, 3)
        assert registrations[101].registered == dt.date(2021, 8, 2)

    def it_needs_the_day_each_municipality_registered(self, tmp_path):
        folder = programme(tmp_path, EARLY_DISCOUNT, period=None)
        report = check_folder(folder)
        assert any(p.startswith("registrations.csv") and "the column 'Tilmeldingsdato' is missing (the discount for "
                   "registering early, pricing.discount, goes by it)" in p for p in report.problems), report.problems
        with_registration_days(folder, {"Aarhus Kommune": ""})
        assert [p for p in check_folder(folder).problems if "Tilmeldingsdato" in p] == [
            f"registrations.csv, row {csv_row(folder, 'Aarhus Kommune')}, Tilmeldingsdato: is empty: the discount for "
            "registering early (pricing.discount) goes by the day each municipality registered"]

    def it_says_an_amount_off_a_price_per_year_is_off_the_whole(self, tmp_path):
        folder = programme(tmp_path, EARLY_DISCOUNT.replace("  price: 55.000\n", "  price: 55.000\n  per: year\n")
                           .replace("percent: 10 %", "amount: 5.000"))
        with_registration_days(folder, {"Aarhus Kommune": "2021-07-01"})
        assert "får 5.000 kr. ex moms i rabat på den samlede pris for deltagelse." in invitation(folder, "Aarhus")
        assert price_table(agreement(folder, "Aarhus"))[1:3] == [
            ["Deltagelse i partnerskabet i to år à 55.000 kr.", "110.000 kr."],
            ["Rabat for tilmelding senest 15. juli 2021", "−5.000 kr."]]

    def it_words_it_for_an_expression_of_interest(self, folder):
        path = folder / "program.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("  mode: sign-up\n", "  mode: interest\n")
                        .replace("  binding: ja\n", ""), encoding="utf-8")
        assert ("Kommuner, der tilkendegiver deres interesse senest torsdag den 15. juli 2021, får 10 pct. rabat på "
                "prisen for deltagelse.") in invitation(folder, "Aarhus")
        assert price_table(agreement(folder, "Aarhus"))[2] == [
            "Rabat for interessetilkendegivelse senest 15. juli 2021 (10 pct.)", "−5.500 kr."]

    def it_may_take_more_than_a_years_price_off_the_price_of_two(self, tmp_path):
        folder = programme(tmp_path, EARLY_DISCOUNT.replace("  price: 55.000\n", "  price: 55.000\n  per: year\n")
                           .replace("percent: 10 %", "amount: 60.000"))
        with_registration_days(folder, {"Aarhus Kommune": "2021-07-01"})
        assert ["Rabat for tilmelding senest 15. juli 2021", "−60.000 kr."] in price_table(agreement(folder, "Aarhus"))
        folder = programme(tmp_path / "b", EARLY_DISCOUNT.replace("  price: 55.000\n", "  price: 55.000\n  per: year\n")
                           .replace("percent: 10 %", "amount: 110.000"))
        assert any("pricing.discount.amount: 110.000 kr. is not less than the price of participation, 110.000 kr."
                   in p for p in check_folder(folder).problems)

    @pytest.mark.parametrize(("discount", "message"), [
        ("    until: 2021-07-15\n    amount: 55.000", "pricing.discount.amount: 55.000 kr. is not less than the "
                                                      "price of participation, 55.000 kr."),
        ("    until: 2021-09-01\n    percent: 10 %", "pricing.discount.until: 1. september 2021 is not between the "
                                                     "letter's date (14. juni 2021) and the registration deadline"),
        ("    until: 2021-07-15", "pricing.discount: give percent (10 %) or amount (5.000), one of them"),
        ("    until: 2021-07-15\n    percent: 100 %", "a discount is more than 0 % and less than 100 %"),
    ])
    def it_refuses_a_discount_that_cannot_be(self, tmp_path, discount, message):
        folder = programme(tmp_path, EARLY_DISCOUNT.replace("    until: 2021-07-15\n    percent: 10 %", discount),
                           period=None)
        problems = check_folder(folder).problems
        assert any(message in p for p in problems), problems


def csv_row(folder: Path, name: str) -> int:
    lines = (folder / "registrations.csv").read_bytes().decode("cp1252").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if line.startswith(name + ";"))


def test_a_text_on_the_price_stands_by_it_and_the_closing_text_after_the_add_ons(tmp_path):
    folder = programme(tmp_path, """
pricing:
  heading: Økonomi og tilmelding
  price: 55.000
  vat: ex
  add_ons:
    - id: workshop
      title: Lokal workshop
      price: 15.000
  price_text: Prisen er den samme for alle kommuner.
  text: KL sender fakturaen til kommunens EAN-nummer.
""", period=None)
    words = as_read(invitation(folder, "Aarhus"))
    price = words.index("Prisen for deltagelse i partnerskabet er 55.000 kr.")
    about, add_ons = words.index("Prisen er den samme for alle kommuner."), words.index("Kommunen kan desuden tilkøbe:")
    closing = words.index("KL sender fakturaen til kommunens EAN-nummer.")
    assert price < about < add_ons < closing
    (description,) = plan("description", folder).files
    words = as_read(text(description.make()))
    assert words.index("Prisen er den samme for alle kommuner.") < words.index("Kommunen kan desuden tilkøbe:")
