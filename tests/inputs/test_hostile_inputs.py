"""Hostile inputs: each is refused with one line naming file, row or field, fast and in little memory.

A bomb is loaded in a child process, which reports how long the load took
and the most memory it held, so a regression fails the test instead of
hanging or swapping the run.
"""

import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kldocs.errors import InputError
from kldocs.inputs.program import load_program
from kldocs.inputs.yamlio import MAX_DEPTH, load_yaml

SECONDS = 10
MEGABYTES = 500

_CHILD = textwrap.dedent("""
    import json, resource, sys, time
    from pathlib import Path
    from kldocs.errors import KldocsError
    {imports}
    folder = Path(sys.argv[1])
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    try:
        {call}
        problems = None
    except KldocsError as exc:
        problems = exc.problems
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({{"seconds": seconds, "megabytes": after / 1024, "grew": (after - before) / 1024,
                       "problems": problems}}))
""")

LOADERS = {
    "program": ("from kldocs.inputs.program import load_program", "load_program(folder)"),
    "results": ("from kldocs.inputs.program import load_program\nfrom kldocs.inputs.results import load_results",
                "load_results(folder, load_program(folder))"),
    "registrations": ("from kldocs.inputs.program import load_program\n"
                      "from kldocs.inputs.registrations import load_registrations",
                      "load_registrations(folder, load_program(folder))"),
    "table": ("from kldocs.inputs.tabular import read_table", "read_table(folder / sys.argv[2])"),
}


def refused(folder: Path, loader: str, *args: str) -> tuple[list[str], dict]:
    """Load ``folder`` with ``loader`` in a child; its problems and measurements, asserted within bounds."""
    imports, call = LOADERS[loader]
    code = _CHILD.format(imports=imports, call=call)
    done = subprocess.run([sys.executable, "-c", code, str(folder), *args], capture_output=True, text=True,
                          timeout=6 * SECONDS)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["problems"], "was not refused"
    assert report["seconds"] < SECONDS, report
    assert report["megabytes"] < MEGABYTES, report
    return report["problems"], report


def billion_laughs(levels: int = 9) -> str:
    """The classic alias bomb: each level lists the one before nine times; 9**9 values in all."""
    lines = ['lol0: &lol0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels):
        lines.append(f"lol{level}: &lol{level} [{', '.join([f'*lol{level - 1}'] * 9)}]")
    return "\n".join(lines) + "\n"


class DescribeYamlLimits:
    def it_refuses_an_alias_bomb_in_program_yaml_fast_and_small(self, example_copy):
        path = example_copy / "program.yaml"
        path.write_text(path.read_text(encoding="utf-8") + billion_laughs(), encoding="utf-8")
        problems, report = refused(example_copy, "program")
        assert len(problems) == 1
        assert problems[0].startswith("program.yaml, line ")
        assert "alias" in problems[0]
        assert report["seconds"] < 2

    def it_refuses_an_alias_bomb_in_results_yaml(self, example_copy):
        (example_copy / "results.yaml").write_text("date: 2022-04-05\n" + billion_laughs(), encoding="utf-8")
        problems, _ = refused(example_copy, "results")
        assert len(problems) == 1
        assert problems[0].startswith("results.yaml, line ")

    def it_still_reads_an_alias_used_a_few_times(self, tmp_path):
        path = tmp_path / "x.yaml"
        path.write_text("a: &who {name: Ida, phone: '1234'}\nb: *who\nc: [*who, *who]\n", encoding="utf-8")
        data = load_yaml(path).data
        assert data["b"] == data["c"][1] == {"name": "Ida", "phone": "1234"}

    def it_refuses_an_alias_inside_what_it_names(self, tmp_path):
        path = tmp_path / "x.yaml"
        path.write_text("a: &a\n  b: *a\n", encoding="utf-8")
        with pytest.raises(InputError) as info:
            load_yaml(path)
        assert info.value.problems == ["x.yaml, line 1: refers to itself (an alias inside what it names)"]

    @pytest.mark.parametrize("text", ["[" * 5000 + "]" * 5000, "".join(" " * i + "a:\n" for i in range(300))])
    def it_refuses_nesting_deeper_than_python_can_recurse(self, tmp_path, text):
        path = tmp_path / "x.yaml"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(InputError) as info:
            load_yaml(path)
        [problem] = info.value.problems
        assert re.fullmatch(rf"x\.yaml, line \d+: is nested more than {MAX_DEPTH} levels deep", problem)

    def it_refuses_a_file_too_large_to_be_a_programme_without_parsing_it(self, example_copy):
        path = example_copy / "program.yaml"
        path.write_text(path.read_text(encoding="utf-8") + "# " + "x" * 2_000_000 + "\n", encoding="utf-8")
        with pytest.raises(InputError) as info:
            load_program(example_copy)
        assert info.value.problems == ["program.yaml: is larger than 1 MB; a YAML file kldocs reads is a few kilobytes"]

    def it_refuses_a_folder_named_like_the_file(self, tmp_path):
        (tmp_path / "program.yaml").mkdir()
        with pytest.raises(InputError, match=r"^program\.yaml: cannot be read"):
            load_yaml(tmp_path / "program.yaml")



ABSURD = ["NaN", "nan", "Infinity", "-Infinity", "inf", "1e9999", "1e999999"]

NUMBER_FIELDS = [  # (text in the example's program.yaml, what to put instead around {}, field path)
    ("  price: 55.000", "  price: {}", "pricing.price"),
    ("  vat_rate: 25 %", "  vat_rate: {}", "pricing.vat_rate"),
    ("      price: 15.000", "      price: {}", "pricing.add_ons[0].price"),
    ("  travel_weight: 0.5", "  travel_weight: {}", "networks.travel_weight"),
    ("  max_size: 10", "  max_size: {}", "networks.max_size"),
]


def edit(folder: Path, old: str, new: str) -> None:
    path = folder / "program.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(folder: Path, text: str) -> int:
    lines = (folder / "program.yaml").read_text(encoding="utf-8").splitlines()
    return next(i for i, content in enumerate(lines, start=1) if content == text)


class DescribeAbsurdNumbersInProgramYaml:
    @pytest.mark.parametrize("value", ABSURD)
    @pytest.mark.parametrize(("old", "new", "field"), NUMBER_FIELDS, ids=[f for _, _, f in NUMBER_FIELDS])
    def it_refuses_them_in_every_number_field_naming_it(self, example_copy, value, old, new, field):
        line = line_of(example_copy, old)
        edit(example_copy, old, new.format(value))
        with pytest.raises(InputError) as info:
            load_program(example_copy)
        [problem] = info.value.problems
        assert problem.startswith(f"program.yaml, line {line}: {field}: ")

    @pytest.mark.parametrize(("value", "says"), [
        ("NaN", "'NaN' is not a number"),
        ("-Infinity", "'-Infinity' is not a number"),
        ("1e999999", "'1e999999' is too large (more than 15 digits)"),
        ("1.000.000.000.000.000", "'1.000.000.000.000.000' is too large (more than 15 digits)"),
    ])
    def it_says_what_is_wrong_with_an_amount(self, example_copy, value, says):
        line = line_of(example_copy, "  price: 55.000")
        edit(example_copy, "  price: 55.000", f"  price: '{value}'")
        with pytest.raises(InputError) as info:
            load_program(example_copy)
        assert info.value.problems == [
            f"program.yaml, line {line}: pricing.price: must be an amount in kroner such as 55000 or 55.000,50: {says}"]

    def it_still_reads_a_large_honest_amount(self, example_copy):
        edit(example_copy, "  price: 55.000", "  price: 999.999.999.999,50")
        assert str(load_program(example_copy).pricing.price) == "999999999999.50"
