"""Every document kind of a programme folder in one go: ``kldocs build`` and ``kldocs demo``.

The whole folder is checked first, so a mistake anywhere stops the run
before any file is written. Then each kind is written into its own folder
under the output folder — each of them all or nothing, with its own
manifest — in the order a partnership needs them: invitations, networks,
agreements, summary. Kinds whose inputs are not there yet (no
registrations, no ``results.yaml``) are skipped and said so.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from importlib.resources import as_file
from pathlib import Path

from kldocs.agreements import make_agreements
from kldocs.check import check_folder, raise_for
from kldocs.invitations import make_invitations
from kldocs.netdoc import make_networks
from kldocs.progress import Progress
from kldocs.publication import make_summary
from kldocs.registrations import find_registrations_file
from kldocs.resources import example_program
from kldocs.results import find_results_file

FOLDERS = {"invitations": "invitations", "networks": "networks", "agreements": "agreements", "summary": "summary"}
"""The folder under the output folder that each document kind is written to."""


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

    Raises InputError with every problem of the folder before anything is
    written; see :func:`kldocs.output.write_outputs` for how existing files
    are protected (``force``, ``force_edited``).
    """
    folder, out_dir = Path(folder), Path(out_dir)
    started = time.monotonic()
    raise_for(check_folder(folder))
    built = Built(out_dir.resolve())
    written = make_invitations(folder, out_dir / FOLDERS["invitations"], to="all", pdf=pdf, force=force,
                               force_edited=force_edited, progress=progress)
    built.lines.append(f"Invitations: {written.summary()}")
    if find_registrations_file(folder) is None:
        built.lines.append("Networks, agreements and summary: skipped, there are no registrations yet")
    else:
        networks = make_networks(folder, out_dir / FOLDERS["networks"], pdf=pdf, force=force,
                                 force_edited=force_edited, progress=progress)
        built.lines.append(f"Networks: {len(networks.lineup.networks)} networks; {networks.result.summary()}")
        agreements = make_agreements(folder, out_dir / FOLDERS["agreements"], final=final, pdf=pdf, force=force,
                                     force_edited=force_edited, progress=progress)
        built.lines.append(f"Agreements: {agreements.summary()}")
        if find_results_file(folder) is None:
            built.lines.append("Summary: skipped, there is no results.yaml yet")
        else:
            summary = make_summary(folder, out_dir / FOLDERS["summary"], web=True, pdf=pdf, force=force,
                                   force_edited=force_edited, progress=progress)
            built.lines.append(f"Summary: {summary.summary()}")
    built.seconds = time.monotonic() - started
    return built


def run_demo(out_dir: Path, *, pdf: bool = False, progress: Progress | None = None) -> Built:
    """Build the bundled example programme into ``out_dir``.

    A demo is meant to be run again: files an earlier demo wrote are
    replaced, but a file edited by hand since is still protected.
    """
    with as_file(example_program()) as folder:
        return build_all(Path(folder), out_dir, pdf=pdf, force=True, progress=progress)
