"""The shared options of document commands: --out, --pdf, --force, --force-edited."""

from __future__ import annotations

from pathlib import Path

import click
from click.testing import CliRunner

from kldocs.cli import output_options, pdf_args, progress_bar


@click.command()
@output_options("out/letters", "the letters")
def demo(out_dir: Path, pdf: str | None, force: bool, force_edited: bool) -> None:
    with progress_bar() as progress:
        args = pdf_args(pdf)
        click.echo(f"{out_dir} pdf={args['pdf']} pdfa={args['pdfa']} force={force} force_edited={force_edited} "
                   f"progress={progress}")


def test_defaults():
    result = CliRunner().invoke(demo, [])
    assert result.output == "out/letters pdf=False pdfa=False force=False force_edited=False progress=None\n"


def test_every_option_is_parsed():
    result = CliRunner().invoke(demo, ["-o", "ud", "--pdf", "--force", "--force-edited"])
    assert result.output == "ud pdf=True pdfa=False force=True force_edited=True progress=None\n"


def test_pdfa_asks_for_pdf_a_and_so_for_pdfs():
    result = CliRunner().invoke(demo, ["--pdfa"])
    assert result.output == "out/letters pdf=True pdfa=True force=False force_edited=False progress=None\n"


def test_help_names_the_options():
    help_text = CliRunner().invoke(demo, ["--help"]).output
    for option in ("--out", "--pdf", "--pdfa", "--force", "--force-edited", "Folder to write the letters to."):
        assert option in help_text
