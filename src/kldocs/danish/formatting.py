"""Danish as a civil servant writes it: dates, money, numbers, lists and sort order.

Babel does the locale work (month names, separators, list patterns) and
num2words spells numbers. Every function here is also a Jinja filter,
listed in :data:`FILTERS`, so templates write ``{{ deadline|date }}`` or
``{{ price|money_vat(pricing.vat) }}``.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from babel import Locale
from babel.dates import format_date as _babel_date
from babel.dates import format_time as _babel_time
from babel.lists import format_list
from babel.numbers import NumberFormatError, format_decimal, parse_decimal

from kldocs.danish.when import When
from kldocs.errors import alternatives

LOCALE = Locale.parse("da_DK")
"""Danish as Denmark writes it, parsed once: Babel takes the locale object five times faster than its name."""

NBSP = "\u00a0"
"""The no-break space that keeps together what a line must not split: ``14. juni``, ``55.000 kr.``, ``kl. 12.00``.

Danish typography never ends a line after a day's or a quarter's number, between an amount and
``kr.`` or ``pct.``, or after ``kl.``; a printed letter breaks wherever its line ends, so kldocs
joins them with this where it writes them itself. It reads as a space in every output.
"""

DateLike = When | dt.date | dt.datetime | str


def _when(value: DateLike) -> When:
    return When.parse(value)


def _day(value: When, *, year: bool = True) -> str:
    return str(_babel_date(value.start, f"d.{NBSP}MMMM y" if year else f"d.{NBSP}MMMM", locale=LOCALE))


def format_time(value: DateLike | dt.time, *, kl: bool = True) -> str:
    """``kl. 12.00``, ``kl. 9.30`` — the time of day as Danish letters write it, the hour without a leading zero.

    Without ``kl`` the time alone, as the end of a span that says it once: ``kl. 10.00–12.00``.
    """
    if isinstance(value, dt.time):
        time = value
    else:
        w = _when(value)
        time = dt.time(w.hour, w.minute)
    clock = str(_babel_time(time, "H.mm", locale=LOCALE))
    return f"kl.{NBSP}{clock}" if kl else clock


def format_date(value: DateLike, omit_year: int | None = None) -> str:
    """A point or span in prose, as precise as it is given.

    ``14. juni 2021``, ``16. august 2021 kl. 12.00``, ``5. maj – 30. juni 2025``,
    ``14.–16. september 2026``, ``uge 12 2026``, ``uge 10–12 2029``, ``august 2021``, ``4. kvartal 2017``,
    ``1.–2. kvartal 2027``, ``primo marts 2027``, ``ultimo 2026``, ``efteråret 2026``, ``vinteren 2026/27``,
    ``andet halvår 2025``, ``2025``, ``2027–2029``.
    ``omit_year`` is a year the reader already knows (a time plan's group
    heading): what lies wholly inside it is written without it
    (``5. maj``, ``maj – juni``, ``4. kvartal``, ``andet halvår``); the
    year itself is ``i løbet af året``, as the heading says which.
    """
    w = _when(value)
    year = not (omit_year is not None and w.kind != "year" and w.told_by_year(omit_year))
    if w.ends is not None:
        first, last = w.ends
        if first.kind == "year":  # 2027–2029
            return f"{first.year}–{last.year}"
        last_year = None if year else last.week_year
        if first.week_year != last.week_year:
            return f"{format_date(first)} – {format_date(last)}"
        if first.kind == "date" and first.start.month == last.start.month:  # 14.–16. september 2026
            return f"{first.start.day}.–{format_date(last, last_year)}"
        if first.kind == "quarter":  # 1.–2. kvartal 2027 (the no-break space in the quarter's own)
            return f"{first.quarter}.–{format_date(last, last_year)}"
        if first.kind == "week":  # uge 10–12 2029
            return f"uge{NBSP}{first.week}–{format_date(last, last_year).removeprefix(f'uge{NBSP}')}"
        return f"{format_date(first, first.week_year)} – {format_date(last, last_year)}"
    after = f" {w.year}" if year else ""
    if w.kind in ("part", "season"):  # primo marts 2027, ultimo 2026, efteråret 2026, vinteren 2026/27
        if year:
            return f"{w.label} {w.year_text}"
        return f"{w.label} året" if " " not in w.label and w.kind == "part" else w.label  # ultimo året
    if w.kind == "year":
        return "i løbet af året" if omit_year == w.year else str(w.year)
    if w.kind == "half":
        return f"{'første' if w.half == 1 else 'andet'} halvår{after}"
    if w.kind == "quarter":
        return f"{w.quarter}.{NBSP}kvartal{after}"
    if w.kind == "month":
        return str(_babel_date(w.start, "LLLL", locale=LOCALE)) + after
    if w.kind == "week":  # numbered in its Thursday's year: uge 53 2026 runs into January 2027
        return f"uge{NBSP}{w.week}" + (f" {w.week_year}" if year else "")
    if w.kind == "datetime":
        return f"{_day(w, year=year)} {format_time(w)}"
    return _day(w, year=year)


def format_weekday_date(value: DateLike) -> str:
    """A day with its weekday: ``fredag den 5. maj 2017`` (and ``kl. 12.00`` when it has a time)."""
    w = _when(value)
    text = str(_babel_date(w.as_date(), f"EEEE 'den' d.{NBSP}MMMM y", locale=LOCALE))
    return f"{text} {format_time(w)}" if w.kind == "datetime" else text


def format_day_month(value: DateLike) -> str:
    """A day without its year, for a table already headed by the year: ``16. august``."""
    w = _when(value)
    text = str(_babel_date(w.as_date(), f"d.{NBSP}MMMM", locale=LOCALE))
    return f"{text} {format_time(w)}" if w.kind == "datetime" else text


def format_month(value: DateLike) -> str:
    """The month a point or span starts in: ``august 2021``."""
    w = _when(value)
    return str(_babel_date(w.start, "LLLL y", locale=LOCALE))


def format_quarter(value: DateLike) -> str:
    """The quarter a point or span starts in: ``4. kvartal 2017``."""
    w = _when(value)
    return f"{(w.start.month - 1) // 3 + 1}.{NBSP}kvartal {w.year}"


def format_period(start: DateLike, end: DateLike) -> str:
    """A span between two points, each as precise as it is given, for "fra … til …".

    ``august 2021 til marts 2022``, ``andet halvår 2025 til andet halvår 2027``,
    ``4. kvartal 2025 til 2. kvartal 2026``. Two ends of the same kind in the
    same year name the year once: ``maj til juni 2025``, ``5. maj til 30. juni 2025``.
    """
    first, last = _when(start), _when(end)
    year = last.week_year
    same_year = (first.kind == last.kind and first.kind not in ("year", "range")
                 and first.told_by_year(year) and last.told_by_year(year))
    return f"{format_date(first, year if same_year else None)} til {format_date(last)}"


def half_year_label(year: int, half: int) -> str:
    """The heading of a half-year in a time plan: ``2021 – første halvår``."""
    return f"{year} – {'første' if half == 1 else 'andet'} halvår"


def _decimal(value: object) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise TypeError("a yes/no value is not a number")
    if isinstance(value, int | float | str):
        try:
            return Decimal(str(value))
        except InvalidOperation:
            raise ValueError(f"{value!r} is not a number") from None
    raise TypeError(f"{value!r} is not a number")


def format_number(value: object, decimals: int | None = None) -> str:
    """A number with Danish separators: ``1.234.567``, ``68.750,5``; ``decimals`` fixes the places."""
    number = _decimal(value)
    if decimals is None:
        return str(format_decimal(number, "#,##0.###", locale=LOCALE))
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return str(format_decimal(number, pattern, locale=LOCALE, decimal_quantization=True))


_OERE = Decimal("0.01")


def format_money(value: object, oere: bool = False) -> str:
    """An amount in kroner: ``55.000 kr.``; øre are shown only when there are any: ``68.750,50 kr.``.

    With ``oere`` they are always shown (``37.438,00 kr.``, ``0,00 kr.``), as in a table whose other amounts
    have them.

    An amount off (a discount) has the minus sign of print, not a hyphen: ``−5.500 kr.``. The amount is
    rounded to whole øre (half up, as on an invoice) before it is written, so an amount of less than half an
    øre is ``0 kr.``, never ``−0 kr.``.
    """
    amount = _decimal(value).quantize(_OERE, rounding=ROUND_HALF_UP)
    if not amount:
        amount = Decimal(0)  # no sign on nothing: -0 and -0.001 are 0 kr.
    places = 2 if oere or amount != amount.to_integral_value() else 0
    if amount < 0:
        return f"\N{MINUS SIGN}{format_number(-amount, places)}{NBSP}kr."
    return f"{format_number(amount, places)}{NBSP}kr."


VAT_MODES = ("ex", "incl", "none")
"""How a price stands to VAT: ex VAT (added on the invoice), incl. VAT, or with no VAT stated (exempt, ``none``)."""

VAT_WORDINGS = ("ex moms", "ekskl. moms")
"""The two ways Danish letters word a price ex VAT: KL's own ``ex moms`` and the dictionary's ``ekskl. moms``."""

AGREED_LATER = "pris efter aftale"
"""What stands for a price the parties agree on later."""


def vat_label(vat: str, wording: str = "ex moms") -> str:
    """The words for a price's VAT status: ``ex moms`` (or ``ekskl. moms``), ``inkl. moms``, or nothing for ``none``.

    ``wording`` is how prices ex VAT are worded (:data:`VAT_WORDINGS`); with
    the dictionary's ``ekskl. moms`` a price with VAT is ``inkl. moms``, as always.
    """
    if vat not in VAT_MODES:
        raise ValueError(f"VAT status must be 'ex' or 'incl', or 'none' when no VAT is stated, not {vat!r}")
    if wording not in VAT_WORDINGS:
        raise ValueError(f"VAT wording must be 'ex moms' or 'ekskl. moms', not {wording!r}")
    return {"ex": wording, "incl": "inkl. moms", "none": ""}[vat]


def format_money_vat(value: object, vat: str = "ex", wording: str = "ex moms") -> str:
    """An amount with its VAT status: ``55.000 kr. ex moms`` or ``55.000 kr. ekskl. moms``.

    With no VAT stated (``none``) the amount alone: ``55.000 kr.``.
    """
    label = vat_label(vat, wording)
    return f"{format_money(value)} {label}" if label else format_money(value)


def format_price(value: object | None, vat: str, wording: str = "ex moms") -> str:
    """A price as :func:`format_money_vat` writes it, or ``pris efter aftale`` when it has none (None)."""
    return AGREED_LATER if value is None else format_money_vat(value, vat, wording)


_BETWEEN_DIGITS = re.compile(r"(?<=\d) (?=\d)")


def phone(text: str) -> str:
    """A phone number kept on one line: ``3370 3288`` with a no-break space, never ``3370`` above ``3288``.

    Only a space between two digits becomes one, so the number reads as
    written; the e-mail drafts and the spreadsheets get plain spaces back
    (:func:`kldocs.english.plain`).
    """
    return _BETWEEN_DIGITS.sub(NBSP, text)


def their(count: int) -> str:
    """The possessive after "``count`` af …" as subject: ``sin`` after "En af …" and "Ingen af …", else ``deres``.

    ``En af netværkets tre kommuner har sin 1. prioritet …``; ``To af …`` and ``Alle …`` ``har deres``.
    """
    return "sin" if count < 2 else "deres"


def full_stop(text: str) -> str:
    """``text`` ended as a sentence: a full stop after it, unless it ends in one already (``55.000 kr.``)."""
    return text if text.endswith(".") else text + "."


def vat_amount(value: object, rate: object = Decimal("0.25")) -> Decimal:
    """The VAT on an amount given ex VAT, rounded to whole øre, half up as on an invoice (``55000`` → ``13750``)."""
    return (_decimal(value) * _decimal(rate)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def vat_included(value: object, rate: object = Decimal("0.25")) -> Decimal:
    """The VAT contained in an amount given incl. VAT, rounded to whole øre (``70000`` → ``14000``)."""
    amount = _decimal(value)
    return (amount - amount / (1 + _decimal(rate))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def with_vat(value: object, rate: object = Decimal("0.25")) -> Decimal:
    """An amount ex VAT with the VAT added (``55000`` → ``68750``)."""
    return _decimal(value) + vat_amount(value, rate)


def format_pct(value: object) -> str:
    """A fraction as Danish prose writes a percentage: ``0.24`` → ``24 pct.``."""
    return f"{format_number(_decimal(value) * 100)}{NBSP}pct."


def spell_alike(*values: int) -> tuple[str, ...]:
    """Numbers that are compared, all in words or all in digits: ``elleve af de tolv``, ``11 af de 15``.

    As Danish style has it, a number above twelve in a series puts the
    others in digits too, rather than ``elleve af de 15``.
    """
    upto = 12 if all(0 <= v <= 12 for v in values) else -1
    return tuple(spell(v, upto=upto) for v in values)


def spell(value: object, upto: int = 12, neuter: bool = False) -> str:
    """A whole number in words where prose wants it: ``4`` → ``fire``; above ``upto`` in digits.

    One is ``en`` (common gender, "en kommune") unless ``neuter`` ("et netværk").
    """
    number = _decimal(value)
    if number != number.to_integral_value() or not 0 <= number <= upto:
        return format_number(number)
    n = int(number)
    if n == 1:
        return "et" if neuter else "en"
    if n < len(SMALL_NUMBERS):
        return SMALL_NUMBERS[n]
    from num2words import num2words  # 30 ms to import (all its languages): loaded for a number above twelve

    return str(num2words(n, lang="da"))


def ordinal(n: int, *, neuter: bool = False) -> str:
    """The ``n``-th in words up to the twelfth, as prose writes it, then in digits: ``første``, ``andet``, ``13.``.

    The second is ``anden`` in the common gender (``den anden konference``) and ``andet`` in the neuter
    (``det andet netværksmøde``).
    """
    if not 1 <= n < len(ORDINALS):
        return f"{n}."
    return "andet" if n == 2 and neuter else ORDINALS[n]


ORDINALS = ("", "første", "anden", "tredje", "fjerde", "femte", "sjette", "syvende", "ottende", "niende", "tiende",
            "ellevte", "tolvte")
"""The ordinals prose spells out, as num2words spells them in the common gender (a test checks it)."""

SMALL_NUMBERS = ("nul", "et", "to", "tre", "fire", "fem", "seks", "syv", "otte", "ni", "ti", "elleve", "tolv")
"""The numbers prose spells out (up to twelve), as num2words spells them (a test checks it): the common case
needs no import of num2words, which loads all of its fifty languages."""


@dataclass(frozen=True)
class Noun:
    """A Danish countable noun: its singular, its plural, and whether it is neuter (``et``) or common (``en``)."""

    singular: str
    plural: str
    neuter: bool
    weak: str | None = None
    """The singular as it follows ``det``, ``den`` or an ordinal, where adjectives before the noun take their
    definite form: ``politiske topmøde`` (``det 1. politiske topmøde``); None for a noun with no adjective."""
    given_definite_plural: str | None = None
    """The plural with its article where the programme gives it (``læringslabsene``); None: made by rule."""
    given_definite: str | None = None
    """The singular with its article where the programme gives it (``læringslabbet``); None: made by rule."""

    def count(self, n: int) -> str:
        """``n`` of it as prose writes it: ``et seminar``, ``fem netværksmøder``, ``en konference``."""
        return f"{spell(n, neuter=self.neuter)} {self.of(n)}"

    def stressed(self, n: int) -> str:
        """``n`` of it as a count of what is sent or taken part with, one stressed: ``én medarbejder``, ``ét barn``.

        Any other number as :meth:`count` writes it: ``to ledere``.
        """
        return f"{'ét' if self.neuter else 'én'} {self.singular}" if n == 1 else self.count(n)

    def of(self, n: int) -> str:
        """The singular for one, the plural for any other number: ``indsatsområde``, ``indsatsområder``."""
        return self.singular if n == 1 else self.plural

    def nth(self, n: int, *, words: bool = False) -> str:
        """The ``n``-th of it, as a title names it: ``1. politiske topmøde``.

        With ``words``, as a sentence names it after ``det``/``den``: ``første politiske topmøde``,
        ``andet netværksmøde`` (:func:`ordinal`; in digits after the twelfth).
        """
        return f"{ordinal(n, neuter=self.neuter) if words else f'{n}.'} {self.weak or self.singular}"

    @property
    def definite(self) -> str:
        """The singular with its article: ``indsatsområdet``, ``temaet``, ``indsatsen``, ``det faglige seminar``."""
        if self.given_definite is not None:
            return self.given_definite
        if self.weak is not None:
            return f"{self.pronoun} {self.weak}"
        return self.singular + ("" if self.singular.endswith("e") else "e") + ("t" if self.neuter else "n")

    @property
    def every(self) -> str:
        """``hvert`` (neuter) or ``hver``: ``hvert af dem``."""
        return "hvert" if self.neuter else "hver"

    @property
    def each(self) -> str:
        """``hvert indsatsområde``, ``hver indsats``."""
        return f"{self.every} {self.singular}"

    @property
    def pronoun(self) -> str:
        """``det`` (neuter) or ``den``, for one of it named before."""
        return "det" if self.neuter else "den"

    @property
    def definite_plural(self) -> str:
        """The plural with its article: ``indsatsområderne``, ``temaerne``, ``sporene``, ``de faglige seminarer``."""
        if self.given_definite_plural is not None:
            return self.given_definite_plural
        if self.weak is not None:
            return f"de {self.plural}"
        return self.plural + ("ne" if self.plural.endswith("e") or self.plural.endswith("er") else "ene")


# The last element of a compound noun decides its plural and gender in Danish (partnerskabs|møde,
# studie|besøg, tema|dag), so these endings inflect the meetings a time plan names.
_NOUN_ENDINGS: dict[str, tuple[str, bool]] = {
    "møde": ("møder", True),
    "seminar": ("seminarer", True),
    "webinar": ("webinarer", True),
    "konference": ("konferencer", False),
    "besøg": ("besøg", True),
    "workshop": ("workshops", False),
    "dag": ("dage", False),
    "aften": ("aftener", False),
    "arrangement": ("arrangementer", True),
    "kursus": ("kurser", True),
    "træf": ("træf", True),
    "samling": ("samlinger", False),
    "session": ("sessioner", False),
    "tur": ("ture", False),
    "rejse": ("rejser", False),
    "forløb": ("forløb", True),
    "modul": ("moduler", True),
    "festival": ("festivaler", False),
    "messe": ("messer", False),
    "camp": ("camps", False),
}


def noun(word: str) -> Noun:
    """The Danish noun for a kind of meeting: ``netværksmøde`` → ``netværksmøder`` (neuter).

    Knows compounds ending in møde, seminar, webinar, konference, besøg,
    workshop, dag, aften, arrangement, kursus, træf, samling, session, tur,
    rejse, forløb, modul, festival, messe and camp, after adjectives that
    :func:`adjective_forms` inflects (``fagligt seminar`` → ``faglige
    seminarer``, ``det 1. faglige seminar``); a ValueError for any other,
    whose plural and gender (and definite form) must then be given.
    """
    words = word.split()
    text = " ".join(words)
    head = words[-1] if words else ""
    folded = head.casefold()
    for ending in sorted(_NOUN_ENDINGS, key=len, reverse=True):
        if folded.endswith(ending):
            plural, neuter = _NOUN_ENDINGS[ending]
            plural = head[: len(head) - len(ending)] + plural
            break
    else:
        raise ValueError(f"kldocs does not know the plural of {head!r}" if len(words) > 1 and head else
                         f"kldocs does not know the plural of {text!r}")
    if not _adjectives_before(words):  # one word, or a name or compound before it: kept as written
        return Noun(text, " ".join([*words[:-1], plural]), neuter)
    forms = [_adjective_in(w, text) for w in words[:-1]]
    return Noun(text, " ".join([*(p for p, _ in forms), plural]), neuter, " ".join([*(d for _, d in forms), head]))


def weak_form(phrase: str) -> str | None:
    """A noun phrase with its adjectives in their definite form: ``fagligt seminar`` → ``faglige seminar``.

    None where no adjective stands before the noun (one word, or a name or
    compound as :func:`_adjectives_before` tells them); a ValueError naming
    an adjective :func:`adjective_forms` cannot inflect.
    """
    words = phrase.split()
    if not _adjectives_before(words):
        return None
    return " ".join([*(_adjective_in(w, phrase)[1] for w in words[:-1]), words[-1]])


def _adjectives_before(words: Sequence[str]) -> bool:
    """Whether the words before the noun (the last of ``words``) are to be read as adjectives and inflected.

    Not a name or part of a compound, which stand as written: a word with
    capitals after its first letter or an apostrophe (``KL's temadag``), a
    word cut at a hyphen, or an ``og`` between them (``børne- og ungeseminar``).
    """
    before = [unicodedata.normalize("NFC", w) for w in words[:-1]]
    return bool(before) and "og" not in before and all(
        (w.isalpha() and w[1:].islower()) or re.fullmatch(r"\d+-\w+", w) for w in before)


def _adjective_in(word: str, phrase: str) -> tuple[str, str]:
    try:
        return adjective_forms(word)
    except ValueError:
        raise ValueError(f"kldocs cannot inflect {word!r} in {phrase!r} (as in 'politiske topmøder', "
                         "'det 1. politiske topmøde')") from None


# Adjectives that no ending rule inflects: (plural, definite). ``lille`` is ``små`` in the plural only.
_ADJECTIVES: dict[str, tuple[str, str]] = {
    "lille": ("små", "lille"),
    **dict.fromkeys(("stor", "stort"), ("store", "store")),
    **dict.fromkeys(("ny", "nyt"), ("nye", "nye")),
    **dict.fromkeys(("god", "godt"), ("gode", "gode")),
    **dict.fromkeys(("åben", "åbent"), ("åbne", "åbne")),
    "lukket": ("lukkede", "lukkede"),
    **dict.fromkeys(("fri", "frit"), ("frie", "frie")),
    **dict.fromkeys(("hel", "helt"), ("hele", "hele")),
    **dict.fromkeys(("lang", "langt"), ("lange", "lange")),
    "kort": ("korte", "korte"),
    **dict.fromkeys(("bred", "bredt"), ("brede", "brede")),
    **dict.fromkeys(("grøn", "grønt"), ("grønne", "grønne")),
    **dict.fromkeys(("hybrid", "hybridt"), ("hybride", "hybride")),
    "blå": ("blå", "blå"),
}

# Endings whose adjectives take -e in the plural and the definite form, the neuter's -t dropped first
# (fagligt → faglige, kommunalt → kommunale, aktivt → aktive); -el doubles its l (virtuel → virtuelle).
_E_ENDINGS = ("sk", "ig", "al", "iv", "ær", "ant", "bar")
_L_ENDINGS = ("uel", "iel", "rel")


def adjective_forms(word: str) -> tuple[str, str]:
    """A Danish adjective's plural and definite form: ``politisk`` → (``politiske``, ``politiske``).

    Either gender may be given: ``fagligt``, ``faglig`` → ``faglige``;
    ``kommunalt`` → ``kommunale``; ``virtuelt`` → ``virtuelle``;
    ``faciliteret`` → ``faciliterede``; ``lille`` → (``små``, ``lille``).
    Adjectives ending in -e or -s (``afsluttende``, ``fælles``, ``heldags``)
    do not change. A ValueError for any other, rather than a guess: a final
    -t is the neuter of some (``fagligt``) and the stem of others (``kort``).
    A word written decomposed (``a`` and a ring, from a Mac) is read composed.
    """
    word = unicodedata.normalize("NFC", word)
    folded = word.casefold()
    if folded in _ADJECTIVES:
        plural, definite = _ADJECTIVES[folded]
        return _cased(plural, word), _cased(definite, word)
    if not folded.isalpha() and not (folded[:1].isdigit() and folded.partition("-")[2].isalpha()):
        raise ValueError(f"kldocs cannot inflect {word!r}")
    if folded.endswith(("e", "a")) or (folded.endswith("s") and not folded.endswith("sk")):
        return word, word
    if folded.endswith("eret"):  # a past participle: faciliteret → faciliterede
        return word[:-1] + "de", word[:-1] + "de"
    neuter = folded.endswith("t") and not folded.endswith("ant")  # relevant is the stem, fagligt its neuter
    stem, folded = (word[:-1], folded[:-1]) if neuter else (word, folded)
    if folded.endswith(_E_ENDINGS) and not (neuter and folded.endswith(("ant", "sk"))):  # not "fysiskt"
        return stem + "e", stem + "e"
    if folded.endswith(_L_ENDINGS):
        return stem + "le", stem + "le"
    raise ValueError(f"kldocs cannot inflect {word!r}")


def _cased(form: str, like: str) -> str:
    """``form`` with its first letter in upper case when ``like`` has it so (``Politisk`` → ``Politiske``)."""
    return capfirst(form) if like[:1].isupper() else form


def counted(value: object, word: str | Noun) -> str:
    """A number of something in prose: ``4|counted("partnerskabsmøde")`` → ``fire partnerskabsmøder``."""
    number = _decimal(value)
    if number != number.to_integral_value():
        raise ValueError(f"{value!r} is not a whole number")
    return (word if isinstance(word, Noun) else noun(word)).count(int(number))


def counts_text(counts: Iterable[tuple[Noun, int]]) -> str:
    """Counts of several kinds as one phrase: ``fem netværksmøder og tre seminarer``; kinds with none are left out."""
    return and_list(kind.count(n) for kind, n in counts if n)


def and_list(items: Iterable[object]) -> str:
    """Items joined as Danish prose joins them: ``Horsens, Vejle og Aarhus``."""
    texts = [str(i) for i in items]
    return str(format_list(texts, locale=LOCALE)) if texts else ""


def and_phrases(items: Iterable[object]) -> str:
    """Phrases joined as :func:`and_list` joins them, with a comma before the last ``og`` when another holds ``og``.

    ``op til fire personer i netværkene og ved konferencen, og 1–3 politikere
    ved temadagen``: without the comma the reader cannot tell where the
    first phrase ends. An ``og`` in the last phrase leaves no doubt of it.
    """
    texts = [str(i) for i in items]
    if len(texts) < 2 or not any(" og " in text for text in texts[:-1]):
        return and_list(texts)
    return f"{', '.join(texts[:-1])}, og {texts[-1]}"


def or_list(items: Iterable[object]) -> str:
    """Items as alternatives: ``Horsens, Vejle eller Aarhus``."""
    texts = [str(i) for i in items]
    return str(format_list(texts, style="or", locale=LOCALE)) if texts else ""


def capfirst(value: object) -> str:
    """The text with its first letter capitalised and the rest left alone (``august 2021`` → ``August 2021``)."""
    text = str(value)
    return text[:1].upper() + text[1:]


def lower_first(text: str) -> str:
    """A title as it reads mid-sentence: its first letter in lower case, unless it starts an abbreviation (``KL``).

    The letter after the first is judged, past any combining mark: ``Åben``
    written decomposed (``A`` and a ring) reads as ``åben`` too.
    """
    second = next((c for c in text[1:] if not unicodedata.combining(c)), "")
    return text[:1].lower() + text[1:] if second.islower() else text


def genitive(value: object) -> str:
    """A name in the Danish genitive: ``Aarhus Kommune`` → ``Aarhus Kommunes``, ``KL`` → ``KL's``.

    Names ending in s, x or z take an apostrophe only (``Aarhus'``, ``Marx'``);
    abbreviations in capitals take ``'s`` (``KL's``, ``DR's``); other names ``s``.
    """
    text = str(value).rstrip()
    if not text:
        return text
    if text[-1] in "sxzSXZ":
        return text + "'"
    word = text.split()[-1]
    if len(word) > 1 and word.isupper():
        return text + "'s"
    return text + "s"


# Danish alphabetical order: Æ, Ø, Å come after Z, and "Aa" is Å. Letters map to
# characters that sort in that order; other marks fold to their base letter.
_AFTER_Z = {"æ": "{", "ä": "{", "ø": "|", "ö": "|", "å": "}"}


def danish_sort_key(value: object) -> tuple[str, str]:
    """A key that sorts names as a Danish reader expects: ``… Vordingborg, Ærø, Aabenraa, Aalborg, Aarhus``."""
    text = unicodedata.normalize("NFC", str(value)).casefold().replace("aa", "å")
    out = []
    for char in text:
        if char in _AFTER_Z:
            out.append(_AFTER_Z[char])
        elif char.isalnum():
            base = unicodedata.normalize("NFKD", char)[0]
            out.append("y" if base == "ü" else base)
    return "".join(out), str(value)


def danish_sorted(items: Iterable[Any], attribute: str | None = None) -> list[Any]:
    """The items in Danish alphabetical order, by themselves or by one of their attributes."""
    if attribute is None:
        return sorted(items, key=danish_sort_key)
    return sorted(items, key=lambda item: danish_sort_key(_attribute(item, attribute)))


def _attribute(item: Any, name: str) -> Any:
    for part in name.split("."):
        item = item[part] if isinstance(item, dict) else getattr(item, part)
    return item


def parse_danish_decimal(value: object) -> Decimal:
    """Read a number as Danish Excel writes it: ``55.000,00`` is 55000; ``55,000.00`` is refused.

    Numbers that arrive as numbers (from .xlsx cells) pass through. A text that
    is not a Danish number raises ValueError with Babel's suggestion.
    """
    if isinstance(value, bool):
        raise ValueError("expected a number, got a yes/no value")
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    written = str(value).strip()
    text = written.replace("\u00a0", "").replace(" ", "")  # "55 000": spaces that group the thousands
    if not text:
        raise ValueError("expected a number, the cell is empty")
    try:
        return Decimal(parse_decimal(text, locale=LOCALE, strict=True))
    except NumberFormatError as exc:
        hint = ""
        if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", text):
            danish = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
            hint = f" (did you mean '{danish}'?)"
        elif exc.suggestions:
            hint = f" (did you mean {alternatives(repr(s) for s in exc.suggestions)}?)"
        if not re.fullmatch(r"[\d.,+\-−]+", text):  # words, not a number in another notation: '4 personer'
            raise ValueError(f"{written!r} is not a number; write the number alone") from None
        raise ValueError(
            f"{written!r} is not a number in Danish notation, where '.' separates thousands "
            f"and ',' decimals{hint}"
        ) from None


FILTERS: dict[str, Callable[..., Any]] = {
    "date": format_date,
    "weekday_date": format_weekday_date,
    "day_month": format_day_month,
    "time": format_time,
    "month": format_month,
    "quarter": format_quarter,
    "period": format_period,
    "number": format_number,
    "money": format_money,
    "money_vat": format_money_vat,
    "price": format_price,
    "full_stop": full_stop,
    "phone": phone,
    "their": their,
    "vat_label": vat_label,
    "vat_amount": vat_amount,
    "vat_included": vat_included,
    "with_vat": with_vat,
    "pct": format_pct,
    "spell": spell,
    "counted": counted,
    "and_list": and_list,
    "or_list": or_list,
    "capfirst": capfirst,
    "genitive": genitive,
    "danish_sorted": danish_sorted,
}
"""The Jinja filters every template can use, by name."""
