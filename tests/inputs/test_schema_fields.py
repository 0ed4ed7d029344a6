"""Every field of program.yaml is described in ``kldocs schema``, with an example, and the examples are valid values.

An editor that completes and checks YAML shows a field's description and
examples as the user types; a field without them is one the user has to look
up. The examples of the fields chosen below are each put in place of the
bundled example's value and read by :func:`load_program`, so that an example
is one a user can copy.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from kldocs.cli import cli
from kldocs.inputs.program import PROGRAM_FILE, json_schema, load_program
from kldocs.inputs.yamlio import load_yaml

EXAMPLE_DIR = Path(__file__).resolve().parents[2] / "fixtures" / "programs" / "staerke-boernefaellesskaber-2021"

IGNORED = shutil.ignore_patterns("__pycache__", "__init__.py")

Path_ = tuple[str | int, ...]


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    """The schema as ``kldocs schema`` prints it."""
    result = CliRunner().invoke(cli, ["schema"], catch_exceptions=False)
    assert result.exit_code == 0
    printed: dict[str, Any] = json.loads(result.output)
    return printed


def objects(node: Any, where: str) -> list[tuple[str, dict[str, Any]]]:
    """Every object schema (one with ``properties``) in ``node``, with where it is, however deep."""
    found: list[tuple[str, dict[str, Any]]] = []
    if isinstance(node, dict):
        if isinstance(node.get("properties"), dict):
            found.append((where, node))
        for key, value in node.items():
            found += objects(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += objects(value, f"{where}/{i}")
    return found


def resolved(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """``node`` with its ``$ref`` followed and an optional (``anyOf`` with null) unwrapped."""
    while True:
        if "$ref" in node:
            node = schema["$defs"][node["$ref"].rsplit("/", 1)[-1]]
        elif "anyOf" in node and "properties" not in node and "items" not in node:
            options = [o for o in node["anyOf"] if o.get("type") != "null"]
            node = next((o for o in options if {"$ref", "properties", "items"} & set(o)), options[0])
        else:
            return node


def field_schema(schema: dict[str, Any], path: Path_) -> dict[str, Any]:
    """The schema of the field at ``path`` (keys, and list indices), as its parent's ``properties`` holds it."""
    node = schema
    for key in path:
        node = resolved(schema, node)
        node = node["properties"][key] if isinstance(key, str) else node["items"]
    return node


def write_with(folder: Path, path: Path_, value: Any) -> None:
    """Rewrite ``program.yaml`` in ``folder`` with ``value`` at ``path``, every other value as it was written."""
    data = load_yaml(folder / PROGRAM_FILE).data
    parent = data
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = value
    (folder / PROGRAM_FILE).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


class DescribeEveryField:
    def it_has_a_description_and_an_example_or_a_default(self, schema):
        places = objects(schema, "#")
        assert {"#", "#/$defs/Sender", "#/$defs/Milestone", "#/$defs/Columns"} <= {where for where, _ in places}
        lacking = [
            f"{where}/properties/{name}: " + " and ".join(
                what for what, missing in (
                    ("a description", not prop.get("description")),
                    ("examples or a default", "examples" not in prop and "default" not in prop),
                ) if missing
            )
            for where, node in places
            for name, prop in node["properties"].items()
            if not prop.get("description") or ("examples" not in prop and "default" not in prop)
        ]
        assert lacking == []

    def it_describes_a_nested_model_at_the_field(self, schema):
        """An editor shows the field's own description; the model's docstring is not shown by every editor."""
        for name in ("sender", "letter", "timeline", "pricing", "registration", "agreement", "reminders"):
            prop = schema["properties"][name]
            assert "$ref" in prop, name
            assert prop["description"] != schema["$defs"][prop["$ref"].rsplit("/", 1)[-1]]["description"], name

    def it_gives_examples_as_lists(self, schema):
        for where, node in objects(schema, "#"):
            for name, prop in node["properties"].items():
                if "examples" in prop:
                    assert isinstance(prop["examples"], list) and prop["examples"], f"{where}/{name}"

    def it_prints_the_same_schema_as_json_schema(self, schema):
        assert schema == json.loads(json_schema())


# Fields whose examples are each put in place of the bundled example's value and read back.
FIELDS: list[Path_] = [
    ("title",), ("short_title",), ("topic",),
    ("sender",), ("sender", "postcode"), ("sender", "postbox"), ("sender", "board"),
    ("letter",), ("letter", "date"), ("letter", "case_id"),
    ("contacts",), ("contacts", 0, "title"), ("contacts", 0, "phone"),
    ("invitation",), ("description",),
    ("background",), ("purpose",), ("success_criteria",), ("content",),
    ("focus_areas",), ("focus_areas", "catalogue"),
    ("focus_areas", "catalogue", 0, "description"),
    ("participants",),
    ("timeline",), ("timeline", "milestones"), ("timeline", "milestones", 0, "text"), ("timeline", "heading"),
    ("pricing",), ("pricing", "heading"), ("pricing", "add_ons"), ("pricing", "add_ons", 0, "id"),
    ("pricing", "add_ons", 0, "price"), ("pricing", "vat_rate"),
    ("registration",), ("registration", "deadline"), ("registration", "columns"),
    ("agreement",), ("agreement", "title"), ("agreement", "chair"), ("agreement", "director"),
    ("networks",), ("networks", "min_size"), ("networks", "pin"), ("networks", "together"),
    ("reminders",), ("language",),
]


def it_reads_the_bundled_example_as_it_is_rewritten(tmp_path):
    """The rewriting is faithful: the example, dumped again, reads as the same programme."""
    folder = tmp_path / "program"
    shutil.copytree(EXAMPLE_DIR, folder, ignore=IGNORED)
    write_with(folder, ("title",), load_yaml(folder / PROGRAM_FILE).data["title"])
    assert load_program(folder) == load_program(EXAMPLE_DIR)


@pytest.mark.parametrize("path", FIELDS, ids=lambda path: ".".join(map(str, path)))
def it_reads_each_example_of_a_field_as_its_value(schema, tmp_path, path):
    examples = field_schema(schema, path).get("examples")
    assert examples, f"{'.'.join(map(str, path))} has no examples"
    for i, example in enumerate(examples):
        folder = tmp_path / f"program-{i}"
        shutil.copytree(EXAMPLE_DIR, folder, ignore=IGNORED)
        write_with(folder, path, example)
        load_program(folder)  # raises InputError naming the field if the example is not a valid value


class DescribeTheSchemaAgainstThePrograms:
    """What kldocs reads, an editor checking against the schema accepts: a schema that refused it would flag it."""

    @pytest.mark.parametrize("name", ["staerke-boernefaellesskaber-2021", "faellesskaber-mod-ensomhed-2025"])
    def it_accepts_every_bundled_programme(self, schema, name):
        import jsonschema

        data = yaml.safe_load((EXAMPLE_DIR.parent / name / PROGRAM_FILE).read_text(encoding="utf-8"))
        jsonschema.validate(_plain(data), schema)

    def it_accepts_the_danish_forms_of_a_deadline_and_of_a_time_plan(self, schema):
        import jsonschema

        data = yaml.safe_load((EXAMPLE_DIR / PROGRAM_FILE).read_text(encoding="utf-8"))
        data["registration"]["deadline"] = "mandag den 16. august 2021 kl. 12.00"
        data["timeline"]["milestones"][1]["when"] = "uge 35 2021"
        jsonschema.validate(_plain(data), schema)


def _plain(value: Any) -> Any:
    """YAML's dates and times as the text a user wrote them in (a JSON document holds no dates)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value
