"""The 98 Danish municipalities: reference data and forgiving lookup.

The facts ship with the package (``kldocs/data/kommuner.csv``,
``kommuner_geo.csv`` and ``underskrivere.csv``, the titles of those who sign
for a municipality where they are not borgmester and kommunaldirektør; their
sources are in ``kldocs/data/SOURCES.md``).
:func:`lookup` finds a municipality by code (``101``, ``0101``) or by a name
as people write it: ``Københavns Kommune``, ``kobenhavn``, ``Århus``,
``Lyngby Taarbæk``. An unknown name fails with the closest candidates.
"""

from __future__ import annotations

import csv
import difflib
import functools
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from importlib.resources import files

from kldocs.danish.formatting import danish_sort_key
from kldocs.errors import UnknownMunicipality, UnknownRegion, alternatives

REGIONS = (
    "Region Hovedstaden",
    "Region Sjælland",
    "Region Syddanmark",
    "Region Midtjylland",
    "Region Nordjylland",
)
"""The five regions, in the order Statistics Denmark lists them."""

COPENHAGEN = 101


@dataclass(frozen=True)
class Municipality:
    """One of the 98 municipalities, with the facts and names letters need."""

    code: int
    name: str
    """The short name, as a list in running text names it: ``København``, ``Vesthimmerland``."""
    official_name: str
    """The name it calls itself: ``Københavns Kommune``, ``Bornholms Regionskommune``."""
    region: str
    population: int
    population_year: int
    lat: float
    lon: float
    mayor_title: str = "borgmester"
    """The title of the council's chair, who signs for it: ``borgmester``, ``overborgmester`` in København."""
    director_title: str = "kommunaldirektør"
    """The title of its highest official, who signs beside the mayor: ``kommunaldirektør``,
    ``administrerende direktør`` in København."""

    @property
    def code4(self) -> str:
        """The code as four digits, as registers write it: ``0101``."""
        return f"{self.code:04d}"

    @property
    def genitive(self) -> str:
        """The official name in the genitive: ``Aarhus Kommunes``."""
        return self.official_name + "s"

    @property
    def council(self) -> str:
        """The council's name in lower case: ``kommunalbestyrelsen`` (``Borgerrepræsentationen`` in København)."""
        return "Borgerrepræsentationen" if self.code == COPENHAGEN else "kommunalbestyrelsen"

    @property
    def council_of(self) -> str:
        """The council named with its municipality: ``Aarhus Kommunes kommunalbestyrelse``."""
        if self.code == COPENHAGEN:
            return "Københavns Kommunes Borgerrepræsentation"
        return f"{self.genitive} kommunalbestyrelse"

    def addressed(self, title: str) -> str:
        """A letter's addressee as this municipality titles it: ``Borgmesteren`` is ``Overborgmesteren`` in København.

        The programme's ``addressees`` name roles (``Borgmesteren``,
        ``Kommunaldirektøren``); where the municipality's own titles differ
        (:attr:`mayor_title`, :attr:`director_title`), the letter uses them.
        Any other title is as written.
        """
        role = title.strip().casefold()
        if role == "borgmesteren" and self.mayor_title != "borgmester":
            return self.mayor_title[:1].upper() + self.mayor_title[1:] + "en"
        if role == "kommunaldirektøren" and self.director_title != "kommunaldirektør":
            return f"Den {self.director_title}"
        return title

    @property
    def region_short(self) -> str:
        """The region without the word Region: ``Midtjylland``."""
        return self.region.removeprefix("Region ")

    def __str__(self) -> str:
        return self.official_name


def _loose(text: str) -> str:
    """A spelling-insensitive key: case, accents, Æ/Ø/Å vs ae/o/aa, spaces and hyphens ignored."""
    text = unicodedata.normalize("NFC", text).casefold().strip()
    text = re.sub(r"\s+(regions)?kommunes?$", "", text)
    for src, dst in (("æ", "ae"), ("ä", "ae"), ("oe", "o"), ("ø", "o"), ("ö", "o"), ("å", "a"), ("aa", "a")):
        text = text.replace(src, dst)
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if c.isalnum())


ABBREVIATIONS = {"Kbh.": 101, "Kbh": 101, "Frb.": 147, "Frb": 147}
"""The abbreviations of names that exports hold as often as the names: ``Kbh.`` for København."""


class Registry:
    """All 98 municipalities, with lookup by code or name (or its abbreviation)."""

    def __init__(self, municipalities: Iterable[Municipality]) -> None:
        self.all: tuple[Municipality, ...] = tuple(
            sorted(municipalities, key=lambda m: danish_sort_key(m.name))
        )
        self.by_code = {m.code: m for m in self.all}
        self._by_key: dict[str, Municipality] = {}
        for m in self.all:
            for name in (m.name, m.official_name):
                key = _loose(name)
                for variant in (key, key.removesuffix("s")):
                    existing = self._by_key.setdefault(variant, m)
                    if existing is not m:
                        raise AssertionError(f"{m.name} and {existing.name} share the key {variant}")
        for abbreviation, code in ABBREVIATIONS.items():  # no name is one: setdefault keeps every name's own
            self._by_key.setdefault(_loose(abbreviation), self.by_code[code])

    def __iter__(self) -> Iterator[Municipality]:
        return iter(self.all)

    def __len__(self) -> int:
        return len(self.all)

    def lookup(self, query: object) -> Municipality:
        """The municipality a code or name means; UnknownMunicipality with suggestions if none."""
        if isinstance(query, float) and query.is_integer():
            query = int(query)
        text = str(query).strip()
        if re.fullmatch(r"\d{1,4}", text):
            code = int(text)
            if code in self.by_code:
                return self.by_code[code]
            raise UnknownMunicipality(f"{text!r} is not the code of a municipality")
        key = _loose(text)
        found = self._by_key.get(key) or self._by_key.get(key.removesuffix("s"))
        if found and key:
            return found
        raise UnknownMunicipality(f"{text!r} is not a municipality{self._suggest(text)}")

    def _suggest(self, text: str) -> str:
        """`` (did you mean …?)`` for ``text``: names near it, and a name of two of which it is one part.

        ``Faaborg`` is nearer to Aalborg by its letters than to Faaborg-Midtfyn,
        and ``Lyngbi`` near to none; each part of a name of two (``Faaborg``,
        ``Midtfyn``, ``Lyngby``) is compared too, and offered first.
        """
        key = _loose(text)
        names = {_loose(m.name): m.name for m in self.all}
        parts = {_loose(part): m.name for m in self.all if "-" in m.name for part in m.name.split("-")
                 if _loose(part) not in names}
        whole = [parts[p] for p in difflib.get_close_matches(key, list(parts), n=2, cutoff=0.8)]
        close = [names[c] for c in difflib.get_close_matches(key, list(names), n=3, cutoff=0.6)]
        offered = list(dict.fromkeys([*whole, *close]))[:3]
        return f" (did you mean {alternatives(offered)}?)" if offered else ""

    def in_region(self, region: str) -> tuple[Municipality, ...]:
        """The municipalities of one region, named as ``Region Midtjylland`` or ``midtjylland``."""
        wanted = find_region(region)
        return tuple(m for m in self.all if m.region == wanted)


def find_region(text: str) -> str:
    """The region a text names (``Region Midtjylland``, ``midtjylland``, ``Sjaelland``); else UnknownRegion."""
    key = _loose(re.sub(r"^\s*region\s+", "", text, flags=re.IGNORECASE))
    for region in REGIONS:
        if key and key == _loose(region.removeprefix("Region ")):
            return region
    raise UnknownRegion(f"{text!r} is not a region; the regions are {alternatives(REGIONS)}")


def _read_csv(name: str) -> list[dict[str, str]]:
    text = (files("kldocs.data") / name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def _signatory_titles(row: dict[str, str] | None) -> dict[str, str]:
    """The titles ``underskrivere.csv`` gives a municipality, where they differ from the defaults."""
    if row is None:
        return {}
    found = {"mayor_title": row["borgmester"].strip(), "director_title": row["direktør"].strip()}
    return {key: value for key, value in found.items() if value}


@functools.cache
def registry() -> Registry:
    """The bundled reference data on the 98 municipalities."""
    geo = {int(row["kode"]): row for row in _read_csv("kommuner_geo.csv")}
    titles = {int(row["kode"]): row for row in _read_csv("underskrivere.csv")}
    municipalities = []
    for row in _read_csv("kommuner.csv"):
        code = int(row["kode"])
        g = geo[code]
        municipalities.append(
            Municipality(
                code=code,
                name=row["navn"],
                official_name=g["officielt_navn"],
                region=row["region"],
                population=int(row["indbyggere"]),
                population_year=int(row["indbyggere_aar"]),
                lat=float(g["lat"]),
                lon=float(g["lon"]),
                **_signatory_titles(titles.get(code)),
            )
        )
    return Registry(municipalities)


def lookup(query: object) -> Municipality:
    """The municipality a code or name means (see :meth:`Registry.lookup`)."""
    return registry().lookup(query)


def whole_regions(open_to: Sequence[Municipality]) -> list[str] | None:
    """The regions, in the usual order, when ``open_to`` is every municipality of them; None when it is a list."""
    regions = [region for region in REGIONS if any(m.region == region for m in open_to)]
    in_them = sum(1 for m in registry().all if m.region in regions)
    return regions if len(open_to) == in_them else None
