"""Every document kind of a programme folder in one go: ``kldocs build`` and ``kldocs demo``.

The whole folder is checked first, and so is every file the run would
replace, so a mistake anywhere, or a file edited by hand in any of the
folders, stops the run before any file is written. Then each kind is
written into its own folder under the output folder — each of them all or
nothing, with its own manifest — in the order a partnership needs them:
invitations, networks, agreements, summary. Kinds whose inputs are not there yet (no
registrations, no ``results.yaml``) are skipped and said so.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib.resources import as_file
from pathlib import Path

from kldocs.agreements import prepare_agreements
from kldocs.check import check_folder, raise_for
from kldocs.exceptions import OutputExists
from kldocs.invitations import letter_files, make_invitations
from kldocs.netdoc import prepare_networks
from kldocs.output import OutputFile, WriteResult, check_replaceable, write_outputs
from kldocs.progress import Progress
from kldocs.publication import prepare_summary
from kldocs.registrations import find_registrations_file
from kldocs.resources import example_program
from kldocs.results import find_results_file
from kldocs.summary import network_views


@dataclass
class Built:
    """What a build wrote: one line per document kind, in the order they were made."""

    out_dir: Path
    lines: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        """The last line for the user: where everything is and how long it took."""
        return f"Everything written to {self.out_dir} in {self.seconds:.1f} s"


def build_all(
    folder: Path, out_dir: Path, *, pdf: bool = False, final: bool = False, force: bool = False,
    force_edited: bool = False, progress: Progress | None = None,
) -> Built:
    """Write every document kind the folder's inputs allow into sub-folders of ``out_dir``.

    Raises InputError with every problem of the folder, and OutputExists for
    every file of any kind it may not replace (see
    :func:`kldocs.output.write_outputs` on ``force`` and ``force_edited``),
    before anything is written.
    """
    folder, out_dir = Path(folder), Path(out_dir)
    started = time.monotonic()
    raise_for(check_folder(folder))
    registered = find_registrations_file(folder) is not None
    networks = prepare_networks(folder) if registered else None
    agreements = prepare_agreements(folder, final=final) if registered else None
    summary = None
    if networks is not None and find_results_file(folder):  # the summary tells of the line-up composed here
        views = network_views(networks[0])
        summary = prepare_summary(folder, web=True, networks=lambda *_: views)
    planned = {"invitations": letter_files(folder, "all")}
    if networks is not None:
        planned["networks"] = [f.relpath for f in networks[1]]
    if agreements is not None:
        planned["agreements"] = [f.relpath for f in agreements.files]
    if summary is not None:
        planned["summary"] = [f.relpath for f in summary.files]
    refused: list[str] = []
    for kind, relpaths in planned.items():
        try:
            check_replaceable(out_dir / kind, relpaths, pdf=pdf, force=force, force_edited=force_edited)
        except OutputExists as exc:
            refused += [problem for problem in exc.problems if problem not in refused]
    if refused:  # every kind's files named at once, the advice on what to do last
        advice = [problem for problem in refused if problem.startswith("nothing was written")]
        raise OutputExists([problem for problem in refused if problem not in advice] + advice)

    def write(kind: str, files: Sequence[OutputFile]) -> WriteResult:
        return write_outputs(out_dir / kind, files, pdf=pdf, force=force, force_edited=force_edited,
                             progress=progress)

    built = Built(out_dir.resolve())
    written = make_invitations(folder, out_dir / "invitations", to="all", pdf=pdf, force=force,
                               force_edited=force_edited, progress=progress)
    built.lines.append(f"Invitations: {written.summary()}")
    if networks is None or agreements is None:
        built.lines.append("Networks, agreements and summary: skipped, there are no registrations yet")
    else:
        lineup, network_files = networks
        built.lines.append(f"Networks: {len(lineup.networks)} networks; {write('networks', network_files).summary()}")
        built.lines.append(f"Agreements: {write('agreements', agreements.files).summary()}")
        if summary is None:
            built.lines.append("Summary: skipped, there is no results.yaml yet")
        else:
            built.lines.append(f"Summary: {write('summary', summary.files).summary()}")
    built.seconds = time.monotonic() - started
    return built


def run_demo(out_dir: Path, *, pdf: bool = False, progress: Progress | None = None) -> Built:
    """Build the bundled example programme into ``out_dir``.

    A demo is meant to be run again: files an earlier demo wrote are
    replaced, but a file edited by hand since is still protected.
    """
    with as_file(example_program()) as folder:
        return build_all(Path(folder), out_dir, pdf=pdf, force=True, progress=progress)
