"""Choosing recipients: ``--to all``, ``registered``, a region, codes and names, mixed.

:func:`select_municipalities` reads the comma-separated list a user gives
after ``--to``: ``all``, ``registered`` (those in the registrations file),
region names as people write them (``Region Midtjylland``, ``midtjylland``),
municipality codes (``751``, ``0751``) and names looked up forgivingly
(``Århus``, ``Københavns Kommune``). Every unknown entry is reported at once,
each with the closest names.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Sequence

from kldocs.english import joined
from kldocs.errors import KldocsError, Problem, UnknownMunicipality, UnknownRegion, alternatives
from kldocs.reference.municipalities import REGIONS, Municipality, find_region, registry

ALL = "all"
REGISTERED = "registered"


def select_municipalities(
    spec: str | None, registered: Callable[[], Sequence[Municipality]] | None = None, *,
    open_to: Sequence[Municipality] | None = None, where: str = "--to",
) -> tuple[Municipality, ...]:
    """The municipalities ``spec`` names, in Danish alphabetical order, each once.

    ``registered`` gives the registered municipalities when ``spec`` asks for
    them (it is called only then). With ``open_to`` (the municipalities a
    partnership is open to, ``invitation.to``) ``all`` means them, and a
    municipality outside them is refused. Raises UnknownMunicipality naming
    every entry that is neither a keyword, a region nor a municipality, as
    ``where`` (``--to``) says it.
    """
    everyone = registry().all if open_to is None else open_to
    items = [part.strip() for part in (ALL if spec is None else spec).split(",")]  # "" (an empty variable) is no one
    wanted: set[int] = set()
    problems: list[Problem] = []
    regions: list[str] = []  # those named as regions
    keywords = ", 'all' or 'registered'" if registered is not None else " or 'all'"
    for item in items:
        if not item:
            continue
        key = item.casefold()
        if key in (ALL, "alle"):
            wanted.update(m.code for m in everyone)
        elif key in (REGISTERED, "tilmeldte"):
            if registered is None:
                problems.append(Problem(where, "'registered' is not possible here"))
            else:
                wanted.update(m.code for m in registered())
        elif (region := _region(item)) is not None:
            wanted.update(m.code for m in registry().in_region(region))
            regions.append(region)
        else:
            try:
                wanted.add(registry().lookup(item).code)
            except KldocsError:
                problems.append(Problem(where, f"{item!r} is not a municipality, a region{keywords}"
                                               f"{_suggest(item)}"))
    open_codes = {m.code for m in everyone}
    outside_codes = {code for code in wanted if code not in open_codes}
    # a region asked for with none of its municipalities open is named as the region
    shut = [r for r in dict.fromkeys(regions) if all(m.code in outside_codes for m in registry().in_region(r))]
    in_shut = {m.code for r in shut for m in registry().in_region(r)}
    outside = [*shut, *(m.name for m in registry().all if m.code in outside_codes - in_shut)]
    if outside:
        named = outside if len(outside) <= 5 else [*outside[:3], f"{len(outside) - 3} more"]
        problems.append(Problem(where, f"{joined(named)} {'is' if len(outside) == 1 else 'are'} not among the "
                                       f"{len(open_codes)} municipalities the partnership is open to "
                                       "(invitation.to in program.yaml)"))
    if problems:
        raise UnknownMunicipality(problems)
    if not wanted:
        raise UnknownMunicipality(Problem(where, "names no municipality" + ("" if any(items) else
                                          " (an empty value is not all of them: write all for that)")))
    return tuple(m for m in registry().all if m.code in wanted)


def _region(text: str) -> str | None:
    try:
        return find_region(text)
    except UnknownRegion:
        return None


def _loose(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold().replace("æ", "ae").replace("ø", "o").replace("å", "aa"))
    text = re.sub(r"^region\s+|\s+(regions)?kommunes?$", "", text.strip())
    return "".join(c for c in text if c.isalnum())


_PARTS_OF = {
    "sydjylland": "Region Syddanmark", "sonderjylland": "Region Syddanmark", "fyn": "Region Syddanmark",
    "vestjylland": "Region Midtjylland", "ostjylland": "Region Midtjylland",
    "nordsjaelland": "Region Hovedstaden", "storkobenhavn": "Region Hovedstaden",
    "vestsjaelland": "Region Sjælland", "sydsjaelland": "Region Sjælland", "lollandfalster": "Region Sjælland",
}
"""Parts of the country Danes name that are no region, and the region they lie in: a hint, never a match."""


def _suggest(text: str) -> str:
    names = {_loose(m.name): m.name for m in registry().all}
    names |= {_loose(r): r for r in REGIONS}
    loose = _loose(text)
    if loose in _PARTS_OF:  # 'sydjylland' is nearer to Nordjylland by its letters, but lies in Syddanmark
        return f" (did you mean {_PARTS_OF[loose]}, where {text.strip()} lies?)"
    # a name cut short ('Region Syd', 'Frederiks') is too far from the whole for difflib: its beginning says it
    among = [_loose(r) for r in REGIONS] if text.strip().casefold().startswith("region") else list(names)
    begun = [n for n in among if len(loose) >= 3 and n.startswith(loose)] if loose not in names else []
    close = begun[:3] or difflib.get_close_matches(loose, list(names), n=3, cutoff=0.6)
    return f" (did you mean {alternatives(names[c] for c in close)}?)" if close else ""
