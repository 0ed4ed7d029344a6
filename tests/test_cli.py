import json
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from kldocs import __version__
from kldocs.cli import cli

# Every command the CLI has, taken from the CLI itself, so a new command is held to the same rules by itself
# (README's CLI reference, checked by test_readme.py, pins which commands there are).
COMMANDS = cli.list_commands(click.Context(cli))


def run(*args: str):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


class DescribeHelp:
    def it_lists_every_command(self):
        result = run("--help")
        assert result.exit_code == 0
        for command in COMMANDS:
            assert f"  {command} " in result.output

    @pytest.mark.parametrize("command", COMMANDS)
    def it_gives_every_command_help_with_a_real_example(self, command):
        result = run(command, "--help")
        assert result.exit_code == 0
        assert "Example:" in result.output
        assert f"kldocs {command}" in result.output.split("Example:")[1]

    def it_prints_its_version(self):
        result = run("--version")
        assert result.output.strip() == f"kldocs, version {__version__}"

    def it_runs_as_a_module(self):
        result = subprocess.run([sys.executable, "-m", "kldocs", "--help"], capture_output=True, text=True, check=False)
        assert result.returncode == 0 and "municipalities" in result.stdout

    def it_exits_2_on_usage_errors(self):
        assert CliRunner().invoke(cli, ["check"]).exit_code == 2
        assert CliRunner().invoke(cli, ["no-such-command"]).exit_code == 2


class DescribeCheck:
    def it_passes_the_example(self, example_dir):
        result = run("check", example_dir)
        assert result.exit_code == 0, result.output
        assert "ok  program.yaml: Kommunalt partnerskab om stærke børnefællesskaber i dagtilbud" in result.output
        assert "ok  registrations.csv: 24 registered municipalities" in result.output

    def it_names_all_three_planted_mistakes_and_exits_1(self, example_copy):
        program = example_copy / "program.yaml"
        text = program.read_text(encoding="utf-8")
        text = text.replace("price: 15.000", "price: -15.000").replace("  covers:", "  dækker:")
        program.write_text(text, encoding="utf-8")
        regs = example_copy / "registrations.csv"
        regs.write_bytes(regs.read_bytes().replace("Hjørring;".encode("cp1252"), "Hjøring;".encode("cp1252")))
        result = CliRunner().invoke(cli, ["check", str(example_copy)])
        assert result.exit_code == 1
        errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
        assert len(errors) == 3
        assert "pricing.add_ons[0].price: must be greater than 0" in errors[0]
        assert "pricing.dækker: unknown key" in errors[1]
        assert errors[2].startswith("Error: registrations.csv, row 24, Kommune: 'Hjøring' is not a municipality "
                                    "(did you mean Hjørring")
        assert result.output.splitlines()[-1] == f"3 problems in {example_copy}"
        program.write_text(text.replace("price: -15.000", "price: 15.000").replace("  dækker:", "  covers:"),
                           encoding="utf-8")
        result = CliRunner().invoke(cli, ["check", str(example_copy)])
        assert result.exit_code == 1
        assert "Error: registrations.csv, row 24, Kommune: 'Hjøring' is not a municipality (did you mean Hjørring" in result.output
        assert result.output.splitlines()[-1] == f"1 problem in {example_copy}"

    def it_checks_the_municipalities_of_the_registrations_even_when_program_yaml_is_invalid(self, example_copy):
        program = example_copy / "program.yaml"
        text = program.read_text(encoding="utf-8").replace("price: 15.000", "price: -15.000")
        text = text.replace("  max_focus_areas: 5\n", "  max_focus_areas: 5\n  columns:\n    municipality: Kommunenavn\n", 1)
        program.write_text(text, encoding="utf-8")
        regs = example_copy / "registrations.csv"
        data = regs.read_bytes().decode("cp1252").replace("Kommune;", "Kommunenavn;", 1)
        data = data.replace("Viborg;", "Viiborg;").replace("Odense Kommune;", "Aarhus;")
        regs.write_bytes(data.encode("cp1252"))
        result = CliRunner().invoke(cli, ["check", str(example_copy)])
        errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
        assert any("Kommunenavn: 'Viiborg' is not a municipality (did you mean Viborg" in e for e in errors)
        assert any("Kommunenavn: Aarhus is registered twice (also in row" in e for e in errors)

    def it_writes_nothing(self, example_copy):
        before = sorted(p.name for p in example_copy.rglob("*"))
        run("check", example_copy)
        assert sorted(p.name for p in example_copy.rglob("*")) == before


class DescribeNew:
    def it_starts_a_programme_folder_that_passes_check(self, tmp_path):
        target = tmp_path / "mit-partnerskab"
        result = run("new", target)
        assert result.exit_code == 0
        assert [p.name for p in target.iterdir()] == ["program.yaml"]
        checked = run("check", target)
        assert checked.exit_code == 0, checked.output
        assert "registrations: none yet (only invitations can be made)" in checked.output

    def it_leaves_the_examples_invented_data_behind_unless_asked(self, tmp_path):
        # a new partnership must not write agreements for the example's 24 municipalities, nor a summary of its
        # results, before its own registrations come
        target = tmp_path / "prøve"
        result = run("new", target, "--with-example-data")
        assert result.exit_code == 0, result.output
        assert {"program.yaml", "registrations.csv", "results.yaml", "billeder"} <= {p.name for p in target.iterdir()}
        assert not (target / "__init__.py").exists()
        assert "invented: replace them before anything is sent" in result.output
        assert run("check", target).exit_code == 0

    def it_starts_from_the_second_example_too(self, tmp_path):
        target = tmp_path / "andet"
        result = run("new", target, "--from", "faellesskaber-mod-ensomhed-2025")
        assert result.exit_code == 0, result.output
        assert "from the example 'faellesskaber-mod-ensomhed-2025'" in result.output
        assert not (target / "registrations.xlsx").exists()
        assert "numbered_headings: ja" in (target / "program.yaml").read_text(encoding="utf-8")
        assert run("check", target).exit_code == 0

    def it_names_the_examples_it_knows(self, tmp_path):
        result = CliRunner().invoke(cli, ["new", str(tmp_path / "x"), "--from", "nope"])
        assert result.exit_code == 2
        assert "faellesskaber-mod-ensomhed-2025" in result.output

    def it_refuses_a_folder_that_is_not_empty(self, tmp_path):
        (tmp_path / "x.txt").write_text("mine")
        result = CliRunner().invoke(cli, ["new", str(tmp_path)])
        assert result.exit_code == 1
        assert "already exists and is not empty" in result.output
        assert [p.name for p in tmp_path.iterdir()] == ["x.txt"]


class DescribeSchemaCommand:
    def it_prints_the_json_schema(self):
        result = run("schema")
        assert json.loads(result.output)["title"] == "kldocs program.yaml"


class DescribeMunicipalities:
    def it_lists_all_98_in_danish_order(self):
        result = run("municipalities")
        lines = result.output.splitlines()
        assert len(lines) == 98 + 1  # and the count, which CliRunner mixes into output
        assert lines[0].startswith("0165  Albertslund")
        names = [line.split()[1] for line in lines[:98]]
        assert names[-3:] == ["Aabenraa", "Aalborg", "Aarhus"]
        assert "0101  København" in result.output and "671.714" in result.output

    def it_filters_by_region(self):
        result = run("municipalities", "--region", "nordjylland")
        assert sum(1 for line in result.output.splitlines() if line[:4].isdigit()) == 11

    def it_refuses_an_unknown_region_in_one_line_through_the_handler(self):
        result = CliRunner().invoke(cli, ["municipalities", "--region", "Fyn"])
        assert result.exit_code == 1
        assert result.output.splitlines() == [
            "Error: --region: 'Fyn' is not a region; the regions are Region Hovedstaden, Region Sjælland, "
            "Region Syddanmark, Region Midtjylland or Region Nordjylland"
        ]
