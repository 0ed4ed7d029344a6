"""A programme validated once is read back from the cache while its folder, its logo and the code are unchanged."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner
from pydantic import BaseModel

from conftest import EXAMPLE_DIR
from kldocs.cli import cli
from kldocs.engine.output import data_hash
from kldocs.errors import InputError
from kldocs.inputs import program as program_module
from kldocs.inputs import yamlio
from kldocs.inputs.outline import AGREEMENT_ORDER, INVITATION_ORDER, SectionSpec, build_outline
from kldocs.inputs.program import PROGRAM_FILE, Program, load_program
from kldocs.resources import kept_in, module_file, write_cached

PNG = bytes.fromhex(  # a 1×1 pixel PNG
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cf000000020001e221bc330000000049454e44ae426082"
)


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    """A cache of this test's own, empty: what is kept in it is this test's."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    for name in ("KLDOCS_NO_CACHE", "KLDOCS_NO_TEMPLATE_CACHE", "KLDOCS_TEMPLATE_CACHE"):  # however the caller runs
        monkeypatch.delenv(name, raising=False)
    folder = kept_in("programs")
    assert folder is not None
    return folder


@pytest.fixture
def yaml_reads(monkeypatch) -> list[Path]:
    """The YAML files parsed, in order."""
    reads: list[Path] = []
    original = yamlio.load_yaml

    def spy(path, *args, **kwargs):
        reads.append(path)
        return original(path, *args, **kwargs)

    monkeypatch.setattr(yamlio, "load_yaml", spy)
    return reads


@pytest.fixture
def folder(tmp_path) -> Path:
    copy = tmp_path / "programme"
    copy.mkdir()
    shutil.copy(EXAMPLE_DIR / PROGRAM_FILE, copy / PROGRAM_FILE)
    return copy


def with_logo(folder: Path, png: bytes = PNG) -> None:
    (folder / "logo.png").write_bytes(png)
    text = (folder / PROGRAM_FILE).read_text(encoding="utf-8")
    (folder / PROGRAM_FILE).write_text(text.replace("sender:\n", "sender:\n  logo: logo.png\n", 1), encoding="utf-8")


def test_a_programme_read_again_comes_from_the_cache_equal_to_the_one_validated(folder, cache, yaml_reads):
    first = load_program(folder)
    assert yaml_reads == [folder / PROGRAM_FILE]
    assert len(list(cache.iterdir())) == 1
    again = load_program(folder)
    assert yaml_reads == [folder / PROGRAM_FILE]  # not parsed again
    assert again == first and again is not first
    assert again.model_dump() == first.model_dump()


def test_an_edited_programme_is_validated_afresh(folder, cache, yaml_reads):
    load_program(folder)
    text = (folder / PROGRAM_FILE).read_text(encoding="utf-8")
    title = load_program(folder).title
    (folder / PROGRAM_FILE).write_text(text.replace(f"\ntitle: {title}\n", f"\ntitle: {title} og trivsel\n"),
                                       encoding="utf-8")
    assert load_program(folder).title == title + " og trivsel"
    assert len(yaml_reads) == 2


def test_a_changed_or_removed_logo_is_read_afresh(folder, cache, yaml_reads):
    with_logo(folder)
    assert load_program(folder).sender._logo.png == PNG
    other = PNG[:-20] + bytes([PNG[-20] ^ 0xFF]) + PNG[-19:]  # the same length and header, another byte
    assert other != PNG
    (folder / "logo.png").write_bytes(other)
    assert load_program(folder).sender._logo.png == other
    (folder / "logo.png").unlink()
    with pytest.raises(InputError, match=r"logo\.png"):
        load_program(folder)
    assert len(yaml_reads) == 3


def test_the_same_programme_in_another_folder_is_validated_there(folder, cache, yaml_reads, tmp_path):
    load_program(folder)
    moved = tmp_path / "elsewhere"
    shutil.copytree(folder, moved)
    load_program(moved)
    assert yaml_reads == [folder / PROGRAM_FILE, moved / PROGRAM_FILE]


def entry(cache: Path) -> Path:
    (kept,) = cache.iterdir()
    return kept


@pytest.mark.parametrize("damage", ["flipped byte", "not a pickle", "not a programme", "cut short"])
def test_a_damaged_or_foreign_entry_is_not_used_and_is_made_again(folder, cache, yaml_reads, damage):
    first = load_program(folder)
    kept = entry(cache)
    if damage == "flipped byte":
        data = bytearray(kept.read_bytes())
        data[-10] ^= 0xFF
        kept.write_bytes(bytes(data))
    elif damage == "cut short":
        kept.write_bytes(kept.read_bytes()[:-100])
    else:  # written as kldocs writes entries, with a right checksum, but of something else
        write_cached(cache, kept.name, b"\x80\x05garbage" if damage == "not a pickle" else pickle.dumps({"a": 1}))
    assert load_program(folder) == first
    assert len(yaml_reads) == 2
    assert load_program(folder) == first  # the entry made again is used
    assert len(yaml_reads) == 2


def test_a_programme_with_problems_is_not_kept(folder, cache):
    text = (folder / PROGRAM_FILE).read_text(encoding="utf-8")
    (folder / PROGRAM_FILE).write_text(text.replace("sender:\n", "sender:\n  colour: rød\n", 1), encoding="utf-8")
    for _ in range(2):
        with pytest.raises(InputError, match="colour"):
            load_program(folder)
    assert not cache.exists() or not list(cache.iterdir())


def test_with_the_cache_turned_off_nothing_is_kept(folder, cache, yaml_reads, monkeypatch):
    monkeypatch.setenv("KLDOCS_NO_CACHE", "1")
    load_program(folder)
    load_program(folder)
    assert len(yaml_reads) == 2
    assert not cache.exists()


def test_the_key_changes_with_the_code(folder, cache, yaml_reads, monkeypatch):
    load_program(folder)
    monkeypatch.setattr(program_module, "_code_version", lambda: "another kldocs")
    load_program(folder)
    assert len(yaml_reads) == 2
    assert len(list(cache.iterdir())) == 2


def test_documents_from_a_kept_programme_are_those_from_a_validated_one(tmp_path, cache):
    written = []
    for run in ("validated", "kept"):
        out = tmp_path / run
        result = CliRunner().invoke(cli, ["invitations", str(EXAMPLE_DIR), "--to", "Aarhus,Ærø", "--out", str(out)])
        assert result.exit_code == 0, result.output
        written.append({p.name: p.read_bytes() for p in sorted(out.iterdir())})
    assert len(list(cache.iterdir())) == 1
    assert len(written[0]) == 3 and written[0] == written[1]  # the letters, and the manifest with their data hashes


def test_the_json_a_programme_keeps_is_its_dump_and_a_copy_makes_its_own(folder, cache):
    validated = load_program(folder)
    kept = load_program(folder)
    assert kept._json is not None  # read back with it
    assert kept.kept_json() == validated.kept_json() == validated.model_dump(mode="json")
    assert data_hash({"program": kept}) == data_hash({"program": validated.model_copy()})
    changed = kept.model_copy(update={"title": "Et andet partnerskab"})
    assert changed.kept_json()["title"] == "Et andet partnerskab"
    assert data_hash({"program": changed}) != data_hash({"program": kept})


def test_a_programme_equals_another_whether_or_not_either_has_made_its_json(folder, monkeypatch):
    monkeypatch.setenv("KLDOCS_NO_CACHE", "1")
    made, fresh = load_program(folder), load_program(folder)
    made.kept_json()
    assert made == fresh and fresh == made and made.model_copy() == made
    assert made != made.model_copy(update={"title": "Et andet partnerskab"})


def test_the_key_holds_a_stamp_of_every_file_of_kldocs_and_of_each_library(monkeypatch, tmp_path):
    assert all(module_file(name).is_file() for name in program_module._LIBRARIES)
    package = tmp_path / "kldocs"
    (package / "inputs" / "__pycache__").mkdir(parents=True)
    (package / "inputs" / "program.py").write_text("# kldocs")
    (package / "data.csv").write_text("kode,navn")
    monkeypatch.setattr(program_module, "__file__", str(package / "inputs" / "program.py"))
    versions = []
    for change in ("", "data", "bytecode"):
        if change == "data":
            (package / "data.csv").write_text("kode,navn,region")
        if change == "bytecode":
            (package / "inputs" / "__pycache__" / "program.cpython-311.pyc").write_bytes(b"compiled")
        program_module._code_version.cache_clear()
        versions.append(program_module._code_version())
    program_module._code_version.cache_clear()
    assert versions[0] != versions[1] == versions[2]  # the reference data counts; compiled bytecode does not


def every_model_default(model: type[BaseModel], seen: set[type]) -> list[tuple[str, BaseModel]]:
    """The defaults of ``model``'s fields, and of the models under it, that are models themselves."""
    found = []
    seen.add(model)
    for name, info in model.model_fields.items():
        if isinstance(info.default, BaseModel):
            found.append((f"{model.__name__}.{name}", info.default))
        for kind in (info.annotation, *getattr(info.annotation, "__args__", ())):
            for inner in (kind, *getattr(kind, "__args__", ())):
                if isinstance(inner, type) and issubclass(inner, BaseModel) and inner not in seen:
                    found += every_model_default(inner, seen)
    for value in [default for _, default in found]:
        for inner in value if isinstance(value, tuple) else (value,):
            if type(inner) not in seen:
                found += every_model_default(type(inner), seen)
    return found


def test_defaults_made_without_validation_are_what_validating_them_gives():
    defaults = every_model_default(Program, set())
    assert {"Program.networks", "Agreement.chair", "RegistrationSettings.columns"} <= {name for name, _ in defaults}
    for name, default in defaults:
        validated = type(default).model_validate(default.model_dump(exclude_unset=True))
        assert validated == default, name
        assert validated.model_fields_set == default.model_fields_set, name
    groups = Program.model_fields["participants"].default.groups
    assert [type(g).model_validate(g.model_dump(exclude_unset=True)) for g in groups] == list(groups)
    for order in (INVITATION_ORDER, AGREEMENT_ORDER):  # an outline's default sections
        unchecked = build_outline(None, order, {}, numbered=True).entries
        assert unchecked == build_outline([SectionSpec(block=b) for b in order], order, {}, numbered=True).entries


def test_a_second_command_loads_no_pyyaml_markdown_it_or_lxml_and_builds_no_model(cache, tmp_path):
    script = textwrap.dedent(f"""
        import json, sys
        from kldocs.cli import cli
        from kldocs.inputs.model import Model
        try:
            cli(["invitations", {str(EXAMPLE_DIR)!r}, "--to", "Aarhus", "--force", "--out", {str(tmp_path)!r}])
        except SystemExit:
            pass
        def models(cls):
            return [cls, *(m for sub in cls.__subclasses__() for m in models(sub))]
        built = sorted({{m.__name__ for m in models(Model) if m.__pydantic_complete__}})
        loaded = sorted({{m.split(".")[0] for m in sys.modules}} & {{"yaml", "markdown_it", "lxml"}})
        print(json.dumps([loaded, "Program" in built, built]))
    """)
    runs = [subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                           env={**os.environ, "KLDOCS_WORKERS": "1"}) for _ in range(2)]
    # validated, and the template prepared; then both read back from the cache, and the letter rendered
    assert json.loads(runs[0].stdout.splitlines()[-1])[:2] == [["lxml", "markdown_it", "yaml"], True]
    assert json.loads(runs[1].stdout.splitlines()[-1]) == [[], False, []]
