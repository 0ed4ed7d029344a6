"""Benchmark: kldocs' document engine, batch against batch, against its write floor and two peers; its PDF conversion.

Rendering. The bundled invitation template (templates/invitation.docx, with
the example programme) is rendered for the 98 municipalities and for a large
batch of synthetic recipients (``--large``, 10,000 by default), alternating in
the same run between

- ``engine``: ``PreparedTemplate.load`` once (from the prepared templates'
  cache, warmed before the clock starts, as on a user's second run), then ``write_outputs`` with a
  batch's :class:`BatchRenderer` (render what the records share once, check,
  write into a temporary folder, move into place, manifest), as
  ``kldocs invitations`` does, a large batch shared among worker processes,
  one per core (see ``kldocs.engine.workers``);
- ``engine-1``: the same in one process (``KLDOCS_WORKERS=1``), as the peers run;
- ``engine-full``: the same in one process, each document rendered whole
  (``PreparedTemplate.render``), as before the batch shared its pieces;
- ``docxtpl``: the plain per-record loop, ``DocxTemplate(path).render(context,
  autoescape=True)`` and ``.save()``, on the same template and data;
- ``mailmerge``: docx-mailmerge2 (if installed), filling MERGEFIELDs for the
  municipality into a letter kldocs rendered for the first record (so it
  does far less: no programme data, no loops, no escaping rules of its own);
- ``commit``: the engine's batch with nothing to render (at 98 only): the
  finished files (made before the clock starts) given to ``write_outputs``,
  which checks the paths, locks the folder, writes each file into its
  staging folder and hashes it, writes the manifest and the journal, moves
  the files into place and cleans up, as for the engine's batch, in one
  process: what the all-or-nothing write costs by itself;
- ``floor``: writing the finished files (made before the clock starts) into
  a fresh folder, one ``write_bytes`` each: the least a batch can cost.

The records of a batch of the 98 municipalities are made before the clock
starts and held, as ``kldocs invitations`` holds its contexts and as the
floor's bytes are made before its clock: every runner starts from the same
contexts, and only the engine's work is timed. Those of a larger batch are
made when they are used and not kept (the contexts are streamed): the engine
then makes each record's context when it checks it and again when it
renders it, as a caller with more records than memory would.

Each batch runs in a subprocess of its own, so peak memory (RSS) is measured
per batch (the largest of its process and its workers), and writes into a
folder of its own, which is removed only at the end of the run (removing
files makes creating the next ones slower on some file systems: see
``SCRATCH``). Printed: the whole
batch's time, the time per document (the batch over its documents), peak
RSS, and the ratios of one run. (Without
templates/invitation.docx, a realistic three-page letter is built here with
python-docx instead, and mailmerge is left out.)

PDF. The 98 letters are converted by the engine (one LibreOffice process per
CPU core, each with its own copy of the profile kldocs keeps in its cache)
and by one plain ``soffice --headless --convert-to pdf`` call over the same
files with an already warmed-up profile, alternating. Both profiles are set
up before the clock starts.

Targets (issue 16), as ratios of one run, not asserted anywhere: the in-process
batch of 98 within 3x its write floor; a large batch at <= 0.5 ms a letter;
peak memory of the large batch <= 1.3x that at 98; PDF conversion of the 98
documents <= 0.65x the single-soffice time on 2 cores.

The peers (``engine-full``, ``docxtpl``, ``mailmerge``) run only for batches
of up to ``--peers-upto`` documents (300 by default): docxtpl would take
twelve minutes for 10,000 letters. Above it the engine meets its floor alone.

Usage: python benchmarks/bench_render.py [--rounds N] [--large N] [--peers-upto N] [--skip-pdf] [--skip-render]
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

if TYPE_CHECKING:
    from kldocs.engine.output import OutputFile

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "fixtures" / "programs" / "staerke-boernefaellesskaber-2021"
INVITATION = ROOT / "templates" / "invitation.docx"

FIRST = ["Anne", "Bo", "Camilla", "Dorthe", "Erik", "Frederik", "Gitte", "Hans", "Inge", "Jens", "Karen", "Lars",
         "Mette", "Niels", "Pia", "Rasmus", "Signe", "Søren", "Tine", "Ulla", "Ørjan", "Åse"]
LAST = ["Andersen", "Bøgh", "Christensen", "Dahl", "Ebbesen", "Frandsen", "Grøn", "Holm", "Iversen", "Jørgensen",
        "Kjær", "Lund", "Mørch", "Nielsen", "Østergaard", "Aagaard"]


# -- the workload -----------------------------------------------------------------------------------

Record = tuple[dict[str, Any], dict[str, Any], Any, str, str]
"""The engine's context, docxtpl's context, the document properties, the file name and the record's label."""


HELD_UPTO = 98
"""The largest batch whose records are made before the clock and held (the 98 municipalities); larger are streamed."""


class Records(Sequence[Record]):
    """A batch's records, each made when it is asked for and not kept (streamed), unless :meth:`hold` made them all."""

    def __init__(self, count: int, make: Callable[[int], Record], where: Callable[[int], tuple[str, str]]) -> None:
        self._count = count
        self._make = make
        self._held: list[Record] | None = None
        self.where = where
        """The file name and label of a record, without making its context."""

    def hold(self) -> None:
        """Make every record now and keep them, as a caller with the 98 municipalities' contexts in memory does."""
        self._held = [self._make(i) for i in range(self._count)]

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> Record: ...
    @overload
    def __getitem__(self, index: slice) -> list[Record]: ...
    def __getitem__(self, index: int | slice) -> Record | list[Record]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._count))]
        if not -self._count <= index < self._count:
            raise IndexError(index)
        return self._make(index % self._count) if self._held is None else self._held[index]


class Workload:
    """A template and its records (see :data:`Record`)."""

    def __init__(self, template: Path, records: Records, filters: dict[str, Callable[..., Any]],
                 description: str) -> None:
        self.template = template
        self.records = records
        self.filters = filters
        self.description = description


def synthetic_person(i: int) -> tuple[str, str]:
    """The name of the ``i``-th synthetic recipient, and the name of their municipality."""
    from kldocs.reference.municipalities import registry

    municipalities = registry().all
    name = f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST)) % len(LAST)]}"
    return name, municipalities[i % len(municipalities)].name


def invitation_workload(n: int) -> Workload:
    """The bundled invitation template with the example programme, for ``n`` recipients."""
    from kldocs.danish.filenames import municipality_filename, slugify
    from kldocs.danish.formatting import FILTERS
    from kldocs.documents.invitations import core_properties, invitation_context
    from kldocs.engine.inline import Link
    from kldocs.inputs.program import load_program
    from kldocs.inputs.recipients import Recipient
    from kldocs.reference.municipalities import registry

    program = load_program(EXAMPLE)
    municipalities = registry().all

    def where(i: int) -> tuple[str, str]:
        m = municipalities[i % len(municipalities)]
        relpath = (municipality_filename(m.code, m.name, ".docx") if n <= len(municipalities)
                   else f"{i + 1:05d}-{slugify(m.name)}.docx")
        return relpath, f"{m.code4} {m.name} #{i + 1}"

    def record(i: int) -> Record:
        name, _ = synthetic_person(i)
        m = municipalities[i % len(municipalities)]
        recipient = Recipient(m, name=name if n > len(municipalities) else None,
                              title="Direktør for børn og unge", email=f"{slugify(name)}@{slugify(m.name)}.dk")
        context = invitation_context(program, m, recipient)
        plain = {k: (v.url if isinstance(v, Link) else v) for k, v in context.items()}
        return (context, plain, core_properties(program, m), *where(i))

    records = Records(n, record, where)
    return Workload(INVITATION, records, dict(FILTERS), "templates/invitation.docx with the example programme")


def build_letter(path: Path) -> None:
    """A realistic three-page letter: letterhead, headings, bullets, a table, header and page-numbered footer."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    d = docx.Document()
    d.styles["Normal"].font.name = "Calibri"
    d.styles["Normal"].font.size = Pt(11)
    head = d.add_table(rows=1, cols=2)
    head.cell(0, 0).text = "Til\n{{ recipient }}\n{{ municipality }}"
    meta = head.cell(0, 1)
    meta.text = "Dato: {{ date|date }}"
    for line in ("Sags ID: {{ case_id }}", "Dok. ID: {{ doc_id }}", "E-mail: {{ email }}", "Direkte: {{ phone }}"):
        meta.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    d.add_heading("Invitation til partnerskab om {{ topic }}", level=1)
    body = ("KL inviterer hermed {{ municipality }} til at deltage i et kommunalt partnerskab. "
            "Partnerskabet løber fra {{ start|date }} til {{ end|date }} og koster {{ price|money }} ekskl. moms. ")
    for section in ("Baggrund", "Formål", "Indhold og organisering", "Deltagere", "Økonomi", "Tilmelding"):
        d.add_heading(section, level=2)
        for _ in range(3):
            d.add_paragraph(body * 3)
        for point in ("Fælles viden om {{ topic }}", "Lokale mål for {{ municipality }}", "Netværk med andre"):
            d.add_paragraph(point, style="List Bullet")
    d.add_heading("Tidsplan", level=2)
    table = d.add_table(rows=2, cols=2)
    table.style = "Table Grid"
    table.cell(0, 0).text = "{%tr for m in milestones %}"
    row = table.add_row()
    row.cells[0].text = "{{ m.when|date }}"
    row.cells[1].text = "{{ m.what }}"
    table.add_row().cells[0].text = "{%tr endfor %}"
    d.add_paragraph("Med venlig hilsen")
    d.add_paragraph("{{ sender }}")
    d.sections[0].header.paragraphs[0].text = "KL · {{ case_id }}"
    footer = d.sections[0].footer.paragraphs[0]
    footer.text = "Side "
    for field in ("PAGE", " af ", "NUMPAGES"):
        if field.strip() in ("PAGE", "NUMPAGES"):
            run = footer.add_run()
            for kind, text in (("begin", None), (None, field), ("end", None)):
                if kind:
                    element = OxmlElement("w:fldChar")
                    element.set(qn("w:fldCharType"), kind)
                else:
                    element = OxmlElement("w:instrText")
                    element.text = text
                run._r.append(element)
        else:
            footer.add_run(field)
    d.save(path)


def letter_workload(n: int, folder: Path) -> Workload:
    """The built-in letter, for ``n`` recipients."""
    import datetime as dt

    from kldocs.danish.filenames import slugify
    from kldocs.danish.formatting import FILTERS
    from kldocs.engine.template import CoreProperties

    path = folder / "letter.docx"
    build_letter(path)
    props = CoreProperties("Invitation", created=dt.datetime(2021, 6, 14))
    milestones = [{"when": dt.date(2021, m, 1), "what": f"Netværksmøde {m}"} for m in range(8, 13)]

    def where(i: int) -> tuple[str, str]:
        name, municipality = synthetic_person(i)
        return f"{i + 1:05d}-{slugify(municipality)}.docx", name

    def record(i: int) -> Record:
        name, municipality = synthetic_person(i)
        context = {
            "recipient": name, "municipality": f"{municipality} Kommune", "date": dt.date(2021, 6, 14),
            "case_id": "21/12345", "doc_id": "KL-1234", "email": "abc@kl.dk", "phone": "3370 3370",
            "topic": "stærke børnefællesskaber", "start": dt.date(2021, 8, 1), "end": dt.date(2022, 12, 31),
            "price": 55000, "milestones": milestones, "sender": "KL",
        }
        return (context, context, props, *where(i))

    return Workload(path, Records(n, record, where), dict(FILTERS), "a three-page letter built with python-docx")


def workload(n: int, folder: Path) -> Workload:
    if INVITATION.is_file():
        try:
            return invitation_workload(n)
        except ImportError:
            pass
    return letter_workload(n, folder)


# -- one batch, in a subprocess ---------------------------------------------------------------------

def settle() -> None:
    """Before a batch's clock starts: the files earlier batches wrote reach the disk, so none is timed writing them."""
    os.sync()


def batch_file(work: Workload, template: str, i: int, **making: Any) -> OutputFile:
    """The :class:`OutputFile` of the batch's ``i``-th record, made by ``making`` (its render and check, or content)."""
    from kldocs.engine.output import OutputFile, data_hash

    relpath, _ = work.records.where(i)
    return OutputFile(relpath, "invitation", template, data_hash(relpath), independent=True, **making)


def finished_files(work: Workload) -> list[tuple[str, bytes]]:
    """The file name and finished bytes of each of the batch's records, rendered whole (before a clock starts)."""
    from kldocs.engine.template import PreparedTemplate

    template = PreparedTemplate.load(work.template)
    return [(relpath, template.render(context, props, record=label))
            for context, _, props, relpath, label in work.records]


def run_engine(work: Workload, out: Path, *, shared: bool = True) -> float:
    """The engine's whole batch: prepare, check, render (sharing what the records share), write, commit."""
    from kldocs.engine.output import write_outputs
    from kldocs.engine.template import PreparedTemplate

    records = work.records

    def render(i: int) -> bytes:
        context, _, props, _, label = records[i]
        return renderer.render(context, props, record=label)

    def check(i: int) -> None:
        context, _, _, _, label = records[i]
        template.check_context(context, label)

    settle()
    started = time.perf_counter()
    template = PreparedTemplate.load(work.template)
    renderer = template.renderer() if shared else template
    # streamed, a record's context is made when it is checked and when it is rendered
    files = [batch_file(work, template.name, i, render=functools.partial(render, i), check=functools.partial(check, i))
             for i in range(len(records))]
    write_outputs(out, files)
    return time.perf_counter() - started


def run_docxtpl(work: Workload, out: Path) -> float:
    """docxtpl's whole loop: open, render and save the template for each record."""
    import jinja2
    from docxtpl import DocxTemplate

    env = jinja2.Environment(autoescape=True)
    env.filters.update(work.filters)
    settle()
    started = time.perf_counter()
    out.mkdir(parents=True)
    for _, context, _, relpath, _ in work.records:
        document = DocxTemplate(work.template)
        document.render(context, env, autoescape=True)
        document.save(out / relpath)
    return time.perf_counter() - started


MERGE_FIELD = "kommune"


def mailmerge_letter(work: Workload, folder: Path) -> Path | None:
    """The first record's letter as kldocs renders it, its municipality's name made a MERGEFIELD; None if absent."""
    from kldocs.engine.template import PreparedTemplate
    from kldocs.engine.zipwriter import deflated, read_entries, write_zip

    context, _, props, _, _ = work.records[0]
    municipality = context.get("municipality")
    name = getattr(municipality, "official_name", None)
    if name is None:
        return None
    data = PreparedTemplate.load(work.template).render(context, props)
    field = (f'</w:t></w:r><w:fldSimple w:instr=" MERGEFIELD {MERGE_FIELD} "><w:r><w:t>«{MERGE_FIELD}»</w:t>'
             '</w:r></w:fldSimple><w:r><w:t xml:space="preserve">')
    entries = []
    for entry in read_entries(data):
        if entry.name == "word/document.xml":
            xml = zlib.decompress(entry.data, -zlib.MAX_WBITS).decode("utf-8")
            entry = deflated(entry.name, xml.replace(str(name), field).encode("utf-8"))
        entries.append(entry)
    path = folder / "mailmerge.docx"
    path.write_bytes(write_zip(entries))
    return path


def run_mailmerge(work: Workload, out: Path) -> float:
    """docx-mailmerge2's whole loop: open the letter, fill its MERGEFIELDs, write, for each record."""
    from mailmerge import MailMerge

    letter = mailmerge_letter(work, out.parent)
    assert letter is not None
    settle()
    started = time.perf_counter()
    out.mkdir(parents=True)
    for context, _, _, relpath, _ in work.records:
        with MailMerge(str(letter)) as document:
            document.merge(**{MERGE_FIELD: context["municipality"].official_name})
            document.write(str(out / relpath))
    return time.perf_counter() - started


def run_floor(work: Workload, out: Path) -> float:
    """Writing the batch's finished files, made before the clock starts: the least the batch can cost."""
    finished = finished_files(work)
    settle()
    started = time.perf_counter()
    out.mkdir(parents=True)
    for relpath, data in finished:
        (out / relpath).write_bytes(data)
    return time.perf_counter() - started


def run_commit(work: Workload, out: Path) -> float:
    """The engine's batch with nothing to render: the finished files (made before the clock) written, committed.

    What the all-or-nothing write costs by itself: the batch's file list,
    its checks, the lock, each file written into the staging folder and
    hashed, the manifest, the journal, the moves into place and the clean-up;
    in one process, as nothing is rendered (forking a worker to share the
    writes with took 2–3 ms more than it saved).
    """
    from kldocs.engine.output import write_outputs

    finished = finished_files(work)
    settle()
    started = time.perf_counter()
    files = [batch_file(work, work.template.name, i, content=data) for i, (_, data) in enumerate(finished)]
    write_outputs(out, files)
    return time.perf_counter() - started


RUNNERS: dict[str, Callable[[Workload, Path], float]] = {
    "commit": run_commit,
    "engine": run_engine,
    "engine-1": run_engine,
    "engine-full": functools.partial(run_engine, shared=False),
    "docxtpl": run_docxtpl,
    "mailmerge": run_mailmerge,
    "floor": run_floor,
}


def child(mode: str, n: int, folder: Path) -> None:
    """One batch into the empty ``folder`` (left in place: see :data:`SCRATCH`); its figures as a JSON line."""
    work = workload(n, folder)
    if n <= HELD_UPTO:
        work.records.hold()
    batch = RUNNERS[mode](work, folder / "out")
    sample = min((folder / "out").glob("*.docx")).read_bytes()
    peak = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)) / 1024
    print(json.dumps({"batch": batch, "rss": peak, "docs": len(work.records), "template": work.description,
                      "sample": sample.hex()}))


CACHE = Path(tempfile.gettempdir()) / f"kldocs-bench-render-cache-{os.getpid()}"
"""The prepared templates' cache of this run's children (warmed before the clock, as on a user's second run)."""
SCRATCH = Path(tempfile.gettempdir()) / f"kldocs-bench-render-{os.getpid()}"
"""Where this run's batches write, each into a folder of its own, all removed only when the run is over.

Removing a batch's files before the next batch is timed would charge that batch for them: on ext4 without a
journal (as on the machine the README's figures come from), creating a file skips, one by one, every inode
freed in the last minute or more (``recently_deleted`` in the kernel's inode allocator), so 10,000 files
written just after 10,000 were removed took 3 to 6 times as long to create (150–480 µs a file, against
47–94 µs with nothing removed). A user's batch does not follow the removal of one just like it; the batches
here do not either. The large batches need about 0.2 GB of disk each while the run lasts."""


def run_child(mode: str, n: int) -> dict[str, Any]:
    env = {**os.environ, "KLDOCS_TEMPLATE_CACHE": str(CACHE)}
    env.pop("KLDOCS_NO_TEMPLATE_CACHE", None)
    env.pop("KLDOCS_WORKERS", None)
    if mode in ("engine-1", "engine-full", "commit"):  # one process, as docxtpl and docx-mailmerge2 are
        env["KLDOCS_WORKERS"] = "1"
    SCRATCH.mkdir(exist_ok=True)
    folder = tempfile.mkdtemp(prefix=f"{mode}-{n}-", dir=SCRATCH)
    output = subprocess.run([sys.executable, __file__, "--child", mode, str(n), folder], capture_output=True,
                            text=True, check=False, env=env)
    if output.returncode:
        sys.exit(f"{mode} with {n} documents failed:\n{output.stderr}")
    result: dict[str, Any] = json.loads(output.stdout.strip().splitlines()[-1])
    return result


# -- reports ------------------------------------------------------------------------------------------

def text_of(data: bytes) -> list[str]:
    sys.path.insert(0, str(ROOT / "tests"))
    from docxfactory import text_lines

    return text_lines(data)


def has_mailmerge() -> bool:
    try:
        import mailmerge  # noqa: F401
    except ImportError:
        return False
    return INVITATION.is_file()


PEERS = ("engine-full", "docxtpl", "mailmerge")
"""The modes compared with the engine up to ``--peers-upto`` documents (docxtpl takes 70 ms a letter)."""


def rendering(rounds: int, large: int, peers_upto: int) -> None:
    sizes = (98, large)
    modes = ["engine", "engine-1", "engine-full", "docxtpl", "commit", "floor"]
    modes += ["mailmerge"] if has_mailmerge() else []
    results: dict[tuple[str, int], list[dict[str, Any]]] = {}
    run_child("engine", 98)  # prepares the template into the children's cache: every timed batch finds it there
    for round_ in range(rounds):
        for n in sizes:
            for mode in modes if round_ % 2 == 0 else reversed(modes):
                if (mode in PEERS and n > peers_upto) or (mode == "commit" and n > HELD_UPTO):
                    continue
                print(f"  round {round_ + 1}: {mode:11} {n:5} documents …", file=sys.stderr, flush=True)
                results.setdefault((mode, n), []).append(run_child(mode, n))
    print(f"\nRendering: {results['engine', 98][0]['template']}, {rounds} alternating round(s), "
          "median of the rounds")
    print(f"{'':13}{'documents':>10}{'whole batch':>13}{'per document':>14}{'peak RSS':>11}")
    summary: dict[tuple[str, int], dict[str, float]] = {}
    for n in sizes:
        for mode in modes:
            runs = results.get((mode, n))
            if runs is None:
                continue
            batch = statistics.median(r["batch"] for r in runs)
            rss = max(r["rss"] for r in runs)
            summary[mode, n] = {"batch": batch, "rss": rss}
            print(f"{mode:13}{n:>10}{batch * 1000:>10.1f} ms{batch / n * 1000:>11.3f} ms{rss:>7.0f} MiB")
    print("Ratios (batch against batch):")
    for n in sizes:
        engine = summary["engine", n]["batch"]
        alone = summary["engine-1", n]["batch"]
        floor = summary["floor", n]["batch"]
        line = (f"  {n:5} documents: engine {engine / floor:.1f}x its write floor (target <= 3x at 98), "
                f"{alone / floor:.1f}x in one process ({alone / engine:.2f}x slower than on every core)")
        if ("commit", n) in summary:
            commit = summary["commit", n]["batch"]
            line += (f"; the all-or-nothing write of the finished files alone {commit / floor:.1f}x the write floor, "
                     f"the engine {engine / commit:.1f}x that")
        if ("docxtpl", n) in summary:  # one process against one process
            line += (f"; in one process {summary['engine-full', n]['batch'] / alone:.2f}x faster than rendering "
                     f"each whole, {summary['docxtpl', n]['batch'] / alone:.1f}x faster than docxtpl")
        if ("mailmerge", n) in summary:
            line += f", {summary['mailmerge', n]['batch'] / alone:.1f}x faster than docx-mailmerge2"
        print(line)
    print(f"  {large} documents: engine {summary['engine', large]['batch'] / large * 1000:.3f} ms a letter "
          "(target <= 0.5 ms)")
    for mode in ("engine", "docxtpl"):
        if (mode, large) not in summary:
            continue
        ratio = summary[mode, large]["rss"] / summary[mode, 98]["rss"]
        target = " (target <= 1.3x)" if mode == "engine" else ""
        print(f"  peak RSS {large} vs 98 documents, {mode}: {ratio:.2f}x{target}")
    if ("docxtpl", 98) in results:  # left out with --peers-upto below 98
        same = text_of(bytes.fromhex(results["engine", 98][0]["sample"])) == text_of(
            bytes.fromhex(results["docxtpl", 98][0]["sample"]))
        print(f"  first document's text identical to docxtpl's: {'yes' if same else 'NO'}")


def pdf(rounds: int) -> None:
    from kldocs.engine.pdf import convert_to_pdf, default_processes, find_soffice, page_count, profile_seed
    from kldocs.engine.template import PreparedTemplate

    soffice = find_soffice()
    with tempfile.TemporaryDirectory(prefix="kldocs-bench-pdf-") as scratch:
        folder = Path(scratch)
        work = workload(98, folder)
        template = PreparedTemplate.load(work.template)
        docs = folder / "docs"
        docs.mkdir()
        paths = []
        for context, _, props, relpath, label in work.records:
            path = docs / relpath
            path.write_bytes(template.render(context, props, record=label))
            paths.append(path)
        profile = (folder / "profile").as_uri()
        warm = folder / "warm"
        warm.mkdir()
        shutil.copy(paths[0], warm / "warm.docx")
        subprocess.run([soffice, "--headless", f"-env:UserInstallation={profile}", "--convert-to", "pdf",
                        "--outdir", str(warm), str(warm / "warm.docx")], capture_output=True, check=True)
        profile_seed(soffice)
        engine_times: list[float] = []
        single_times: list[float] = []
        pages: list[int] = []
        for round_ in range(rounds):
            for mode in ("engine", "single") if round_ % 2 == 0 else ("single", "engine"):
                print(f"  round {round_ + 1}: PDF {mode} …", file=sys.stderr, flush=True)
                out = folder / f"{mode}{round_}"
                started = time.perf_counter()
                if mode == "engine":
                    pdfs = convert_to_pdf(paths, out)
                    engine_times.append(time.perf_counter() - started)
                    pages = [page_count(p) for p in pdfs]
                else:
                    subprocess.run([soffice, "--headless", f"-env:UserInstallation={profile}", "--convert-to",
                                    "pdf", "--outdir", str(out), *map(str, paths)], capture_output=True, check=True)
                    single_times.append(time.perf_counter() - started)
                    assert len(list(out.glob("*.pdf"))) == len(paths)
        engine = statistics.median(engine_times)
        single = statistics.median(single_times)
        print(f"\nPDF: 98 documents ({min(pages)}–{max(pages)} pages each), {rounds} alternating round(s), "
              f"{default_processes()} LibreOffice processes")
        print(f"  engine (one process per core, own profiles, pages checked): {engine:6.1f} s")
        print(f"  single soffice call (warm profile):                         {single:6.1f} s")
        print(f"  ratio engine / single: {engine / single:.2f} (target <= 0.65 on 2 cores)")
        print("  every round (s): engine " + ", ".join(f"{t:.1f}" for t in engine_times)
              + "; single " + ", ".join(f"{t:.1f}" for t in single_times))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--child", nargs=3, metavar=("MODE", "N", "FOLDER"), help=argparse.SUPPRESS)
    parser.add_argument("--rounds", type=int, default=2, help="alternating rounds of each measurement")
    parser.add_argument("--large", type=int, default=10_000, help="documents in the large batch")
    parser.add_argument("--peers-upto", type=int, default=300,
                        help="compare with docxtpl, docx-mailmerge2 and whole renders up to this many documents")
    parser.add_argument("--skip-pdf", action="store_true")
    parser.add_argument("--skip-render", action="store_true")
    args = parser.parse_args()
    if args.child:
        child(args.child[0], int(args.child[1]), Path(args.child[2]))
        return
    print(f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPU cores, "
          f"Python {platform.python_version()}, {platform.system()} {platform.release()}")
    if not args.skip_render:
        try:
            rendering(args.rounds, args.large, args.peers_upto)
        finally:
            shutil.rmtree(CACHE, ignore_errors=True)
            shutil.rmtree(SCRATCH, ignore_errors=True)
    if not args.skip_pdf:
        pdf(args.rounds)


if __name__ == "__main__":
    main()
