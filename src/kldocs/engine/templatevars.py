"""What a template reads from a mapping of free-form fields, found by parsing its tags.

Registrations may carry columns kldocs does not know (``registration.extra``)
and recipients any fields (``recipient``). Before a batch starts, the
document commands ask :func:`keys_read` which of those keys a template
prints, so that a missing column or an empty cell is an error naming the
file, row and column — never a blank in a letter.
"""

from __future__ import annotations

from jinja2 import nodes

from kldocs.engine.opc import read_package
from kldocs.engine.sandbox import make_environment
from kldocs.engine.template import PreparedTemplate, patch
from kldocs.errors import TemplateError


def keys_read(template_data: bytes, template_name: str, path: tuple[str, ...]) -> tuple[frozenset[str], frozenset[str]]:
    """The keys a template reads below the context value at ``path``, and those it reads only guardedly.

    ``path`` is ``("recipient",)`` for ``recipient.x`` or ``("registration", "extra")``
    for ``registration.extra.x``. Both ``.x`` and ``["x"]`` count as reading
    ``x``; a key tested with ``is defined`` or read with ``.get("x")`` copes
    with its absence and is returned among the guarded ones.

    The answer comes from the prepared template (kept between runs); a
    template that cannot be prepared is read tag by tag instead.
    """
    try:
        accesses = PreparedTemplate.from_bytes(template_data, template_name).accesses
    except TemplateError:
        return _parsed_keys(template_data, template_name, path)
    used = {key for base, key, guarded in accesses if base == path and not guarded}
    guarded = {key for base, key, only_guarded in accesses if base == path and only_guarded}
    return frozenset(used), frozenset(guarded)


def _parsed_keys(template_data: bytes, template_name: str,
                 path: tuple[str, ...]) -> tuple[frozenset[str], frozenset[str]]:
    """:func:`keys_read` for a template that cannot be prepared: each part that mentions ``path`` parsed."""
    package = read_package(template_data, template_name)
    env = make_environment()
    used: set[str] = set()
    guarded: set[str] = set()
    for part in package.parts:
        xml = package.text(part.name)
        if path[-1] not in xml:
            continue
        tree = env.parse(patch(xml))
        for node in tree.find_all((nodes.Getattr, nodes.Getitem, nodes.Test, nodes.Call)):
            if isinstance(node, nodes.Test):
                if node.name in ("defined", "undefined") and (key := _key_of(node.node, path)):
                    guarded.add(key)
            elif isinstance(node, nodes.Call):
                call = node.node
                if (isinstance(call, nodes.Getattr) and call.attr == "get" and _is_path(call.node, path)
                        and node.args and isinstance(node.args[0], nodes.Const)
                        and isinstance(node.args[0].value, str)):
                    guarded.add(node.args[0].value)
            elif (key := _key_of(node, path)) and key != "get":
                used.add(key)
    return frozenset(used), frozenset(guarded)


def _is_path(node: nodes.Node, path: tuple[str, ...]) -> bool:
    """True when ``node`` is the expression ``path[0].path[1]…``."""
    *outer, last = path
    if not outer:
        return isinstance(node, nodes.Name) and node.name == last
    return isinstance(node, nodes.Getattr) and node.attr == last and _is_path(node.node, tuple(outer))


def _key_of(node: nodes.Node, path: tuple[str, ...]) -> str | None:
    """The key ``node`` reads below ``path`` (``x`` in ``path.x`` or ``path["x"]``), or None."""
    if isinstance(node, nodes.Getattr) and _is_path(node.node, path):
        return node.attr
    if (isinstance(node, nodes.Getitem) and _is_path(node.node, path)
            and isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str)):
        return node.arg.value
    return None
