"""What a prepared template depends on besides its bytes, and the shape of what the cache keeps of it.

:func:`cache_key` names a kept prepared template by the template's SHA-256
and :func:`code_version` (kldocs', Python's, Jinja's and lxml's versions and
the code that prepares templates); :func:`well_shaped` tells whether an entry
read back has exactly the shape :meth:`kldocs.engine.template.PreparedTemplate._analyse`
gives, before anything of it is used.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable
from pathlib import Path
from types import CodeType
from typing import Any

from kldocs.resources import file_stamps, module_file

CACHE_FORMAT = 8
"""The version of what the template cache keeps (:func:`kldocs.engine.template._prepared`); raised whenever its
shape or meaning changes."""

_SHAPING = ("kldocs.engine.template", "kldocs.engine.pieces", "kldocs.engine.templatecache", "kldocs.engine.tagcheck",
            "kldocs.engine.sandbox", "kldocs.engine.opc", "kldocs.engine.inline", "kldocs.engine.cleantext",
            "kldocs.danish.formatting")
"""The modules whose code decides what preparing a template gives (docxtpl's pre-processing besides)."""


@functools.cache
def code_version() -> str:
    """What, besides the template's bytes, a kept prepared template depends on, as one digest.

    kldocs' version and the cache's format; Python's bytecode version
    (compiled Jinja code is kept as Python code objects) and Jinja's; and the
    size and modification time of the modules that prepare templates, of
    docxtpl's pre-processing and of lxml (which writes the XML the parts are
    compiled from; stamped, not imported, as a run with its templates kept
    does not load it), so that editing kldocs in a source checkout, or a new
    lxml, without a new version number, prepares templates afresh too.
    """
    import importlib.util
    import sys

    import jinja2

    from kldocs import __version__

    files = [sys.modules[m].__file__ or "" for m in _SHAPING if m in sys.modules]
    spec = importlib.util.find_spec("docxtpl")  # found, not imported
    if spec is not None and spec.origin:
        files.append(str(Path(spec.origin).with_name("template.py")))
    files.append(str(module_file("lxml")))
    stamps = file_stamps(Path(file) for file in files)
    versions = [str(CACHE_FORMAT), __version__, importlib.util.MAGIC_NUMBER.hex(), jinja2.__version__]
    text = "\0".join([*versions, *stamps])
    return hashlib.sha256(text.encode()).hexdigest()


def cache_key(data: bytes) -> str:
    """The name under which the prepared template of ``data`` is kept: a SHA-256 of its bytes and of the code."""
    return hashlib.sha256(f"{code_version()}\0{hashlib.sha256(data).hexdigest()}".encode()).hexdigest()



def _strings(value: object) -> bool:
    return isinstance(value, list | tuple) and all(isinstance(item, str) for item in value)


def _pieces_shaped(pieces: object) -> bool:
    return (isinstance(pieces, tuple) and len(pieces) == 3 and isinstance(pieces[0], CodeType)
            and isinstance(pieces[1], tuple) and all(isinstance(n, tuple) and _strings(n) for n in pieces[1])
            and isinstance(pieces[2], tuple) and len(pieces[2]) == len(pieces[1])
            and all(type(n) is int and -1 <= n < i for i, n in enumerate(pieces[2])))


def well_shaped(facts: dict[str, Any], core_fields: Iterable[str]) -> bool:
    """True when ``facts`` has exactly the shape :meth:`PreparedTemplate._analyse` gives."""
    fields = frozenset(core_fields)
    try:
        parts = facts["parts"]
        names = {p[0] for p in parts}
        return bool(
            set(facts) == _FACTS
            and isinstance(facts["main"], str) and facts["main"] in names
            and isinstance(facts["content_types"], str)
            and (facts["core"] is None or isinstance(facts["core"], str))
            and isinstance(facts["defaults"], dict)
            and all(isinstance(k, str) and isinstance(v, str) for k, v in facts["defaults"].items())
            and all(isinstance(p, tuple) and len(p) == 3 and _strings(p) for p in parts)
            and all(isinstance(c, tuple) and len(c) == 6 and c[0] in names and type(c[1]) is bool
                    and isinstance(c[2], CodeType) and _strings(c[3])
                    and (c[4] is None or _pieces_shaped(c[4])) and type(c[5]) is bool
                    for c in facts["compiled"])
            and all(isinstance(c, tuple) and len(c) == 2 and c[0] in fields and isinstance(c[1], CodeType)
                    for c in facts["core_fields"])
            and _strings(facts["variables"]) and _strings(facts["optional"])
            and all(isinstance(a, tuple) and len(a) == 3 and _strings(a[0]) and isinstance(a[1], str)
                    and type(a[2]) is bool for a in facts["accesses"])
            and isinstance(facts["rel_ids"], dict)
            and all(k in names and _strings(v) for k, v in facts["rel_ids"].items())
            and type(facts["hyperlink_style"]) is bool and type(facts["drawing_base"]) is int
        )
    except (TypeError, KeyError, IndexError):
        return False


_FACTS = frozenset({"main", "parts", "content_types", "core", "defaults", "compiled", "core_fields", "variables",
                    "optional", "accesses", "rel_ids", "hyperlink_style", "drawing_base"})
