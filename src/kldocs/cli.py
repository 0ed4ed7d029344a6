"""The ``kldocs`` command line: a thin layer over the library.

Each command parses its options, calls one function of the core and prints
what it did; the document commands are one call each into the registry of
kinds (:func:`kldocs.app.make`). Everything the user can fix arrives as a
:class:`KldocsError` and is printed by one handler, once, one line per
problem, with exit code 1; Ctrl-C and SIGTERM become one line and exit
codes 130 and 143; usage errors exit with 2; anything else is a bug and
keeps its traceback.
"""

from __future__ import annotations

import atexit
import datetime as dt
import gc
import os
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from kldocs import __version__
from kldocs.english import counted, plain
from kldocs.errors import FolderProblems, KldocsError, UnknownRegion
from kldocs.resources import EXAMPLE, EXAMPLES, OUT, copy_tree, default_out, example_program

if TYPE_CHECKING:  # what the commands use is imported by each command, so that `kldocs --help` starts at once
    from kldocs.engine.output import Written
    from kldocs.engine.progress import Progress

F = TypeVar("F", bound=Callable[..., Any])


class Terminated(Exception):
    """Raised in the main thread when the process is sent SIGTERM, so that every clean-up runs."""


def _terminate(signum: int, frame: object) -> None:
    raise Terminated


class KldocsGroup(click.Group):
    """A command group with one handler for every command: a KldocsError, Ctrl-C and SIGTERM become lines."""

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; print a KldocsError's problems one per line and exit with its code.

        Ctrl-C exits with 130 and SIGTERM with 143, as shells expect, after
        the command's own clean-up (temporary folders, LibreOffice) has run.
        """
        try:
            return super().invoke(ctx)
        except KldocsError as exc:
            for problem in exc.problems:
                click.secho(f"Error: {problem}", err=True, fg="red")
            if exc.hint:
                click.echo(exc.hint, err=True)
            if isinstance(exc, FolderProblems):
                click.echo(exc.closing, err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.secho("Interrupted (Ctrl-C); nothing more was written", err=True, fg="red")
            ctx.exit(130)
        except Terminated:
            click.secho("Stopped (SIGTERM); nothing more was written", err=True, fg="red")
            ctx.exit(143)


def program_dir_argument(f: F) -> F:
    """The PROGRAM_DIR argument every document command takes."""
    return click.argument(
        "program_dir", type=click.Path(file_okay=False, path_type=Path, exists=True)
    )(f)


def out_option(default: Path, what: str = "the documents") -> Callable[[F], F]:
    """``--out/-o FOLDER``: where a document command writes (``default`` unless given)."""
    return click.option(
        "--out", "-o", "out_dir", type=click.Path(file_okay=False, path_type=Path),
        default=Path(default), show_default=True, help=f"Folder to write {what} to.",
    )


def pdf_option(f: F) -> F:
    """``--pdf`` (tagged, accessible PDFs) or ``--pdfa`` (PDF/A-2b for archiving): also make a PDF of each document.

    Both set the command's ``pdf`` parameter: None, ``"pdf"`` or ``"pdfa"``
    (see :func:`pdf_args`).
    """
    f = click.option("--pdfa", "pdf", flag_value="pdfa",
                     help="Also make a PDF of each document as PDF/A-2b, for archiving (needs LibreOffice).")(f)
    return click.option("--pdf", "pdf", flag_value="pdf",
                        help="Also make a PDF of each document: tagged, declaring PDF/UA (needs LibreOffice).")(f)


def pdf_args(pdf: str | None) -> dict[str, bool]:
    """The library's ``pdf`` and ``pdfa`` arguments for what ``--pdf`` or ``--pdfa`` set."""
    return {"pdf": pdf is not None, "pdfa": pdf == "pdfa"}


def force_option(f: F) -> F:
    """``--force``: replace files an earlier run wrote."""
    return click.option("--force", is_flag=True, help="Replace files written by an earlier run.")(f)


def force_edited_option(f: F) -> F:
    """``--force-edited``: replace files even if they were edited by hand since kldocs wrote them."""
    return click.option(
        "--force-edited", is_flag=True,
        help="With --force, replace files even if they were edited by hand since (manifest.json tells).",
    )(f)


def _day(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    """The day ``--date`` names, as Danes write it or in ISO (``09-08-2021``, ``9.8.2021``, ``2021-08-09``)."""
    if value is None:
        return None
    from kldocs.inputs.registrations import parse_day

    try:
        return parse_day(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc), ctx, param) from None


def output_options(default: Path, what: str = "the documents") -> Callable[[F], F]:
    """``--out``, ``--pdf``, ``--force`` and ``--force-edited`` together, for a document command."""

    def decorate(f: F) -> F:
        for option in (force_edited_option, force_option, pdf_option, out_option(default, what)):
            f = option(f)
        return f

    return decorate


class ClickProgress:
    """The library's progress callback (``phase, done, total``) drawn as click's progress bar, one per phase.

    :func:`progress_bar` gives one only when standard error is a terminal.
    """

    def __init__(self) -> None:
        self._bar: Any = None
        self._phase: str | None = None
        self._done = 0

    def __call__(self, phase: str, done: int, total: int) -> None:
        """Move the bar of ``phase`` to ``done`` of ``total``, starting a new bar when the phase changes."""
        if phase != self._phase:
            self.close()
            self._bar = click.progressbar(length=total, label=f"{phase:<18}", file=sys.stderr, show_eta=True,
                                          show_pos=True, show_percent=False)
            self._bar.__enter__()
            self._phase, self._done = phase, 0
        self._bar.update(done - self._done)
        self._done = done

    def close(self) -> None:
        """End the bar of the current phase, if one is drawn."""
        if self._bar is not None:
            self._bar.render_progress()  # the last step of a phase, whenever click last drew it
            self._bar.__exit__(None, None, None)
            self._bar, self._phase = None, None


@contextmanager
def progress_bar() -> Iterator[Progress | None]:
    """A progress bar on standard error for the length of a batch, if that is a terminal (else None)."""
    isatty = getattr(sys.stderr, "isatty", None)
    if not (isatty is not None and isatty()):
        yield None
        return
    progress = ClickProgress()
    try:
        yield progress
    finally:
        progress.close()


def print_written(written: Written) -> None:
    """What a document command wrote: its notes, the summary line, and the advice after it."""
    for line in (*written.notes, written.summary(), *written.advice):
        click.echo(line)


@click.group(cls=KldocsGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="kldocs")
def cli() -> None:
    """Write the paperwork of a Danish municipal partnership from one programme folder.

    A programme folder holds program.yaml (the partnership), the registrations
    exported from the sign-up form, and optionally results.yaml and your own
    Word templates. Start one with `kldocs new`, check it with `kldocs check`.
    """


@cli.command()
@program_dir_argument
def check(program_dir: Path) -> None:
    """Check a programme folder and its templates without writing anything.

    Reads every input, checks every template, then renders every document
    each kind would write, in memory, as the run renders it: what check
    passes, the run writes. Prints every problem found, one per line, and
    exits with 1 if there are any.

    Example:

    \b
        kldocs check fixtures/programs/staerke-boernefaellesskaber-2021
    """
    from kldocs.app import check_folder

    report = check_folder(program_dir)
    for line in report.ok:
        click.echo(plain(f"ok  {line}"))
    for line in report.notes:
        click.echo(plain(f"note  {line}"))
    if report.problems:
        raise FolderProblems(report.problems, closing=f"{counted(len(report.problems), 'problem')} in {program_dir}")
    click.echo(f"{program_dir}: no problems found")


@cli.command()
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--from", "example", type=click.Choice(list(EXAMPLES)), default=EXAMPLE, show_default=True,
              help="The bundled example to start from.")
@click.option("--with-example-data", "example_data", is_flag=True,
              help="Also copy the example's invented registrations and results (and their pictures), to try every "
                   "document at once; replace them before anything is sent.")
def new(directory: Path, example: str, example_data: bool) -> None:
    """Start a new programme folder from a bundled example.

    Copies the example's program.yaml into DIRECTORY, which must not exist
    or be empty. Edit it, run `kldocs check`, and put the registrations
    export in the folder when they come (registrations.xlsx or .csv), and
    results.yaml at the end. The examples:

    \b
    staerke-boernefaellesskaber-2021   KL's partnership of 2021, as its letter wrote it
    faellesskaber-mod-ensomhed-2025    numbered sections, a price for the whole period,
                                       an expression of interest instead of a sign-up

    Example:

    \b
        kldocs new mit-partnerskab --from faellesskaber-mod-ensomhed-2025
    """
    written = copy_tree(example_program(example), directory, only=None if example_data else ("program.yaml",))
    click.echo(f"Created {directory} from the example '{example}':")
    for path in written:
        click.echo(f"  {path.relative_to(directory)}")
    if example_data:
        click.echo("The registrations and results are the example's, invented: replace them before anything is sent.")
    click.echo(f"Next: edit {directory / 'program.yaml'}, then run: kldocs check {directory}")
    click.echo("  Its title, letter (date, Sags ID, Dok. ID), contact persons, sign-up link and deadline, focus areas, "
               "prices, time plan and signatories are the example's: replace each.")
    if not example_data:
        click.echo(f"kldocs invitations {directory} writes the letters; put the registrations export in the folder "
                   "(registrations.xlsx or .csv) when the answers come.")


@cli.command()
def schema() -> None:
    """Print the JSON Schema of program.yaml, for editors that check YAML as you type.

    Example:

    \b
        kldocs schema > program.schema.json
    """
    from kldocs.inputs.program import json_schema

    click.echo(json_schema())


@cli.command()
@click.option(
    "--region", "-r", "region", metavar="REGION",
    help="Only this region, e.g. 'Region Midtjylland' or 'midtjylland'.",
)
def municipalities(region: str | None) -> None:
    """List the 98 municipalities in Danish alphabetical order.

    Shows code, name, region and population.

    Example:

    \b
        kldocs municipalities --region nordjylland
    """
    from kldocs.danish.formatting import format_number
    from kldocs.reference.municipalities import REGIONS, registry

    if region:
        try:
            rows = list(registry().in_region(region))
        except UnknownRegion as exc:
            raise UnknownRegion([f"--region: {p}" for p in exc.problems]) from None
    else:
        rows = list(registry().all)
    width = max(len(m.name) for m in rows)
    for m in rows:
        click.echo(f"{m.code4}  {m.name:<{width}}  {m.region:<18}  {format_number(m.population):>9}")
    regions = REGIONS if not region else (rows[0].region,)
    click.echo(f"{len(rows)} municipalities in {', '.join(regions)}", err=True)


@cli.command()
@program_dir_argument
@output_options(default_out("invitations"), "the letters")
@click.option("--to", "to", default="all", show_default=True, metavar="WHO",
              help="Who gets a letter: all (the 98, or those invitation.to in program.yaml opens the "
                   "partnership to), registered, regions ('Region Midtjylland', 'midtjylland'), municipality codes "
                   "and names, comma-separated and mixed.")
@click.option("--eml", is_flag=True,
              help="Also write an e-mail draft (.eml) beside each letter, to the address in recipients.csv, "
                   "with the PDF (or the .docx) attached. Nothing is sent.")
@click.option("--combined", is_flag=True,
              help="Also write one document with every letter, each numbered from page 1, for printing.")
@click.option("--duplex", is_flag=True,
              help="With --combined and --pdf: a blank page after each letter of an odd number of pages in the "
                   "combined PDF, so that each letter starts on a sheet of its own printed on both sides.")
def invitations(program_dir: Path, out_dir: Path, pdf: str | None, force: bool, force_edited: bool, to: str,
                eml: bool, combined: bool, duplex: bool) -> None:
    """Write an invitation letter to each municipality.

    One Word letter per municipality from the programme's invitation
    template, named by code and name (0751-aarhus.docx). recipients.csv in
    the programme folder may add per-municipality fields: the addressee's
    name, title and e-mail, or figures the template prints.

    Example:

    \b
        kldocs invitations fixtures/programs/staerke-boernefaellesskaber-2021 --out out/invitations --pdf
        kldocs invitations mit-partnerskab --to "midtjylland, 101, Ærø" --eml --pdf
    """
    from kldocs.app import make

    with progress_bar() as progress:
        written = make("invitations", program_dir, out_dir, to=to, eml=eml, combined=combined, duplex=duplex,
                       **pdf_args(pdf), force=force, force_edited=force_edited, progress=progress)
    print_written(written)


@cli.command()
@program_dir_argument
@output_options(default_out("description"), "the project description")
def description(program_dir: Path, out_dir: Path, pdf: str | None, force: bool, force_edited: bool) -> None:
    """Write the project description (projektbeskrivelse): the partnership described once, for all.

    projektbeskrivelse.docx: the invitation's sections in the programme's
    order under the description's title, with the letterhead and page
    numbers but no addressee, to send beside the letters or instead of them.

    Example:

    \b
        kldocs description fixtures/programs/staerke-boernefaellesskaber-2021 --pdf
    """
    from kldocs.app import make

    with progress_bar() as progress:
        written = make("description", program_dir, out_dir, **pdf_args(pdf), force=force, force_edited=force_edited,
                       progress=progress)
    print_written(written)


@cli.command()
@program_dir_argument
@output_options(default_out("agreements"), "the agreements")
@click.option("--municipality", "-m", "municipalities", multiple=True, metavar="CODE|NAME",
              help="Only this registered municipality (code or name); repeat for more. Default: all registered.")
@click.option("--final", is_flag=True, help="The final agreements, without the UDKAST (draft) marking.")
def agreements(program_dir: Path, out_dir: Path, pdf: str | None, force: bool, force_edited: bool,
               municipalities: tuple[str, ...], final: bool) -> None:
    """Write a political partnership agreement for each registered municipality.

    One Word document per municipality in the registrations export, between
    its council and the association's board: the parties, background and
    purpose, the municipality's focus areas and local goals, obligations,
    participants, time plan, its price, approval and signatures. Marked
    UDKAST (draft) until made with --final. An agreement already written is
    only replaced with --force, and one edited (or signed) since only with
    --force-edited as well.

    Example:

    \b
        kldocs agreements fixtures/programs/staerke-boernefaellesskaber-2021 -m Aarhus -m 101 --pdf
    """
    from kldocs.app import make

    with progress_bar() as progress:
        written = make("agreements", program_dir, out_dir, municipalities=municipalities, final=final, **pdf_args(pdf),
                       force=force, force_edited=force_edited, progress=progress)
    print_written(written)


@cli.command()
@program_dir_argument
@output_options(default_out("networks"), "the line-up and its overview")
@click.option("--networks", "-n", "count", type=click.IntRange(min=1), metavar="K",
              help="Make K networks instead of the number the sizes in program.yaml suggest.")
def networks(program_dir: Path, out_dir: Path, pdf: str | None, force: bool, force_edited: bool,
             count: int | None) -> None:
    """Group the registered municipalities into networks (of 8–10 unless program.yaml says otherwise).

    Members of a network share focus-area priorities and live near each
    other; the sizes (networks.min_size, max_size), the weight of travel against priorities, and
    municipalities pinned to a network or kept together or apart are set
    under networks: in program.yaml. Writes networks.csv (one row per
    municipality) and netvaerk.docx, an overview for the partnership.

    To adjust the line-up by hand, copy networks.csv into PROGRAM_DIR and
    edit it there: kldocs then checks it and uses it here and in the other
    documents instead of composing one.

    Example:

    \b
        kldocs networks fixtures/programs/staerke-boernefaellesskaber-2021 --out out/netvaerk --pdf
    """
    from kldocs.app import make

    with progress_bar() as progress:
        written = make("networks", program_dir, out_dir, networks=count, **pdf_args(pdf), force=force,
                       force_edited=force_edited, progress=progress)
    print_written(written)


@cli.command()
@program_dir_argument
@output_options(default_out("summary"), "the publication")
@click.option("--web", is_flag=True,
              help="Also write the article for a news page: one self-contained HTML file, and Markdown "
                   "with its images beside it.")
def summary(program_dir: Path, out_dir: Path, pdf: str | None, force: bool, force_edited: bool, web: bool) -> None:
    """Write the dissemination material that sums up the partnership.

    formidling.docx: the facts computed from the data (how many of the 98
    municipalities, or of those invitation.to names, took part, when, in how many networks and meetings), the
    municipalities by region and the focus areas they prioritised, with
    charts, then the insights, quotes, perspectives and recommendations of
    results.yaml, the next activities and the contact persons.

    Example:

    \b
        kldocs summary fixtures/programs/staerke-boernefaellesskaber-2021 --out out/summary --pdf --web
    """
    from kldocs.app import make

    with progress_bar() as progress:
        written = make("summary", program_dir, out_dir, web=web, **pdf_args(pdf), force=force,
                       force_edited=force_edited, progress=progress)
    print_written(written)


@cli.command()
@program_dir_argument
@output_options(OUT, "every document kind, each in its own folder")
@click.option("--final", is_flag=True, help="Make the agreements final, without the UDKAST (draft) marking.")
@click.option("--date", "day", metavar="DATE", callback=_day,
              help="The day the documents go out: the meeting invitations are dated by it (and those to meetings "
                   "held before it left out), and the reminders due on it are written. Without it the meeting "
                   "invitations have no date and no reminders are written.")
def build(program_dir: Path, out_dir: Path, pdf: str | None, force: bool, force_edited: bool, final: bool,
          day: dt.date | None) -> None:
    """Write every document kind for a programme folder in one go.

    Checks the whole folder first and writes nothing if anything is wrong.
    Then writes the invitations to all 98 municipalities (or to those
    invitation.to in program.yaml opens the partnership to), and — once there
    are registrations — the networks, the agreements and, with
    results.yaml, the summary (with its web article), each into its own
    folder under --out. With --date, the meeting invitations are dated and
    the reminders due that day are written too.

    Example:

    \b
        kldocs build fixtures/programs/staerke-boernefaellesskaber-2021 --out out --pdf
    """
    from kldocs.app import build_all

    with progress_bar() as progress:
        built = build_all(program_dir, out_dir, **pdf_args(pdf), final=final, force=force, force_edited=force_edited,
                          progress=progress, date=day)
    for line in built.lines:
        click.echo(line)
    click.echo(built.summary())


@cli.command()
@out_option(OUT, "the example's documents")
@pdf_option
def demo(out_dir: Path, pdf: str | None) -> None:
    """Run the whole job on the bundled example programme into ./out.

    Builds every document of the example partnership (KL's partnership on
    strong child communities in day care, 2021, with example registrations
    and results). Run it again at will: it replaces what an earlier demo
    wrote, but never a file you have edited since.

    Example:

    \b
        kldocs demo --pdf
    """
    from kldocs.app import run_demo

    with progress_bar() as progress:
        built = run_demo(out_dir, **pdf_args(pdf), progress=progress)
    for line in built.lines:
        click.echo(line)
    click.echo(built.summary())


# -- after the letters go out: the follow-up and the reminders --------------------------------


def date_option(what: str) -> Callable[[F], F]:
    """``--date DATE``: the day a command works for (today unless given)."""
    return click.option("--date", "day", metavar="DATE", callback=_day, help=f"{what}. Default: today.")


@cli.command()
@program_dir_argument
@click.option("--out", "-o", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=OUT,
              show_default=True, help="The folder kldocs build wrote to: its invitations, agreements, networks "
                                      "and reminders are read.")
@date_option("The day to report on: who is late is judged on it")
@click.option("--html", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="Also write the report as one web page, sortable and filterable, with nothing external.")
@click.option("--xlsx", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="Also write it as an Excel workbook: a heading row, an autofilter, days as dates.")
@click.option("--force", is_flag=True,
              help="Replace an HTML or XLSX file kldocs status did not write (its own are always replaced).")
def status(program_dir: Path, out_dir: Path, day: dt.date | None, html: Path | None, xlsx: Path | None,
           force: bool) -> None:
    """Show where each municipality stands, and who is late.

    One row per municipality invited, registered or with an agreement:
    invited (the manifest of the invitations under --out), registered (by
    --date, where the registrations give the day), its agreement drafted or
    final, the day its council approved it (Tiltrådt), its network and its
    latest reminder. Then the totals, and who is late against the programme's
    own deadlines: the registration deadline, and the milestone of the time
    plan marked approval: ja; and who has an agreement but no registration
    (withdrawn?). Reads only; writes nothing but --html and --xlsx.

    Example:

    \b
        kldocs status fixtures/programs/staerke-boernefaellesskaber-2021 --html status.html --xlsx status.xlsx
    """
    from kldocs.status import status_report

    report = status_report(program_dir, out_dir, date=day, html=html, xlsx=xlsx, force=force)
    for line in report.lines:
        click.echo(line)


@cli.command()
@program_dir_argument
@output_options(default_out("reminders"), "the reminders")
@date_option("The day the reminders are written for, and dated")
@click.option("--invitations", "invitations_dir", type=click.Path(file_okay=False, path_type=Path),
              default=default_out("invitations"), show_default=True,
              help="The folder the invitations were written to: its manifest.json says who was invited.")
@click.option("--to", "to", metavar="WHO",
              help="Who was invited, instead of that manifest: all, regions, municipality codes and names, "
                   "as for kldocs invitations.")
@click.option("--eml", is_flag=True,
              help="Also write an e-mail draft (.eml) beside each reminder, with the PDF (or the .docx) attached: "
                   "to the address in recipients.csv (to register) or in the registration (to approve). "
                   "Nothing is sent.")
def reminders(program_dir: Path, out_dir: Path, pdf: str | None, force: bool, force_edited: bool, day: dt.date | None,
              invitations_dir: Path, to: str | None, eml: bool) -> None:
    """Write the reminders due on a day: to register, and to approve the agreement.

    On DATE, a short letter in the house style to each invited municipality
    that has not registered, while the registration deadline is ahead; and to
    each registered municipality whose council has not approved its agreement
    (no Tiltrådt date), from 30 days (reminders.approval.days_before) before
    the milestone of the time plan marked approval: ja until it. Each is
    dated DATE and named by it (0165-albertslund-tilmelding-2021-08-09.docx);
    the wording can be replaced under reminders: in program.yaml.

    Example:

    \b
        kldocs reminders fixtures/programs/staerke-boernefaellesskaber-2021 --date 2021-08-09 --pdf
    """
    from kldocs.status import write_reminders

    with progress_bar() as progress:
        written = write_reminders(program_dir, out_dir, date=day, invitations=invitations_dir, to=to, eml=eml,
                                  **pdf_args(pdf), force=force, force_edited=force_edited, progress=progress)
    print_written(written)


@cli.command()
@program_dir_argument
@output_options(default_out("meetings"), "the invitations, calendar files and participant lists")
@click.option("--eml", is_flag=True,
              help="Also write an e-mail draft (.eml) beside each invitation, to the contact persons in the "
                   "registrations, with the PDF (or the .docx) and the calendar file attached. Nothing is sent.")
@click.option("--date", "day", metavar="DATE", callback=_day,
              help="The day the invitations are sent: their date (Dato) and the e-mail drafts'. Without it an "
                   "invitation has no date, and the drafts the programme's letter.date.")
def meetings(program_dir: Path, out_dir: Path, pdf: str | None, force: bool, force_edited: bool, eml: bool,
             day: dt.date | None) -> None:
    """Write the invitations to the time plan's meetings, with calendar files and participant lists.

    For every meeting with a day and a place (place:, address:, starts:,
    ends: under timeline.milestones): a network meeting once per network, a
    seminar or conference once for all. Each gets an invitation in the house
    style naming what, when and where and the municipalities invited with
    their contact persons; a calendar file (.ics) whose event Outlook updates
    when the meeting moves (run again with --force); and a participant list
    (.xlsx) to tick attendance. The networks are those of networks.csv.

    Example:

    \b
        kldocs meetings fixtures/programs/staerke-boernefaellesskaber-2021 --eml --pdf
    """
    from kldocs.app import make

    with progress_bar() as progress:
        written = make("meetings", program_dir, out_dir, eml=eml, **pdf_args(pdf), force=force,
                       force_edited=force_edited, progress=progress, date=day)
    print_written(written)


GC_FIRST_GENERATION = 20_000
"""New objects between two of Python's collections of the youngest generation in a run (Python's own is
700): a run builds some 400,000 objects as it imports and reads its inputs, and with Python's threshold
collects them dozens of times, once all of them, for 15–25 ms of a 0.5 s run. Garbage that refers to itself
still goes, only later: at most this many objects wait for it."""


def main() -> None:
    """The command line, as :func:`run` starts it: SIGTERM unwinds like Ctrl-C, then the command runs.

    A run collects its garbage less often (:data:`GC_FIRST_GENERATION`), and
    pydantic does not look through every installed package for plugins
    (kldocs' models use none; ``PYDANTIC_DISABLE_PLUGINS``, when set, is
    left as it is).
    """
    signal.signal(signal.SIGTERM, _terminate)
    gc.set_threshold(GC_FIRST_GENERATION, *gc.get_threshold()[1:])
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    cli(prog_name="kldocs")


def run() -> NoReturn:
    """Entry point of the ``kldocs`` console script and ``python -m kldocs``: :func:`main`, then out at once.

    A command is over when it has closed and committed all it wrote; after
    that, Python's own ending (collecting, then freeing every object, module
    by module) took 35 to 85 ms of a 0.35 s run. So a run that ends with its
    exit status (click ends every one so) leaves with it there and then, as
    :func:`sys.exit` would, after the exit handlers and the flushing of the
    standard streams Python would do. Any other exception ends it as Python does.
    """
    try:
        main()
    except SystemExit as exc:
        _leave(exc.code)
    _leave(0)


def _leave(code: object) -> NoReturn:
    """End the process with ``code`` as :func:`sys.exit` reads it, without tearing the interpreter down."""
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:
        print(code, file=sys.stderr)
        status = 1
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe, say: Python ends with 120 when it cannot flush
            status = status or 120
    os._exit(status)
