"""How accessible are the PDFs of the bundled example? The pdfua checker's figures, per document kind.

Run:  .venv/bin/python benchmarks/pdf_accessibility.py [--pdfa]

Makes every kind of the bundled example with PDF (as ``kldocs … --pdf``
does: one invitation, one agreement, the network overview and the summary,
and the combined print of three invitations), reads each PDF back with
pikepdf and runs the ``pdfua`` checker (PyPI, from the test extra) over it.
Prints a Markdown table, one row per PDF: tagged (a structure tree and
/MarkInfo /Marked), PDF/UA declared (``pdfuaid:part`` in the XMP), PDF/A,
the catalog's /Lang, the number of bookmarks, the checker's findings
(errors / warnings / notes) and the rules it could not run; then each
finding. With ``--pdfa`` the same documents converted with ``pdfa=True``
are added.
"""

from __future__ import annotations

import argparse
import tempfile
from collections import Counter
from pathlib import Path

import pikepdf
from pdfua import Severity, validate

from kldocs.app import make
from kldocs.engine.pdf import convert_to_pdf

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "fixtures" / "programs" / "staerke-boernefaellesskaber-2021"

KINDS = {
    "invitations": {"to": "Aarhus"},
    "agreements": {"municipalities": ["Aarhus"]},
    "networks": {},
    "summary": {},
}
COMBINED = {"to": "Odense, Ærø, Aarhus", "combined": True}

PDFUAID = "{http://www.aiim.org/pdfua/ns/id/}part"
PDFAID = "{http://www.aiim.org/pdfa/ns/id/}"


def make_pdfs(out: Path) -> list[tuple[str, Path]]:
    """Every kind of the example with PDF, and the combined invitations: (name, PDF) in order."""
    made = []
    for kind, options in KINDS.items():
        written = make(kind, EXAMPLE, out / kind, pdf=True, **options)
        made += [(kind, written.out_dir / name) for name in written.paths if name.endswith(".pdf")]
    written = make("invitations", EXAMPLE, out / "combined", pdf=True, **COMBINED)
    made += [("invitations, combined", written.out_dir / name) for name in written.paths
             if name.endswith("-samlet.pdf")]
    return made


def figures(name: str, path: Path) -> tuple[list[str], Counter[tuple[str, str, str]]]:
    """One table row for the PDF at ``path``, and its findings counted by (severity, rule, message)."""
    with pikepdf.open(path) as pdf:
        root = pdf.Root
        tagged = "/StructTreeRoot" in root and bool(root.get("/MarkInfo", {}).get("/Marked", False))
        with pdf.open_metadata() as meta:
            ua = meta.get(PDFUAID)
            pdfa = f"{meta.get(PDFAID + 'part')}{meta.get(PDFAID + 'conformance', '')}".lower()
        with pdf.open_outline() as outline:
            bookmarks = sum(1 for _ in _walk(outline.root))
        pages = len(pdf.pages)
        lang = str(root.get("/Lang", "–"))
    report = validate(str(path))
    counts = report.count_by_severity()
    found = Counter((f.severity.name.lower(), f.rule_id, f.message) for f in report.findings)
    skipped = ", ".join(o.rule_id for o in report.skipped) or "–"
    row = [
        name, path.name, str(pages), "yes" if tagged else "no", f"yes (part {ua})" if ua else "no",
        f"PDF/A-{pdfa}" if pdfa != "none" else "no", lang, str(bookmarks),
        f"{len(report.findings)} ({counts[Severity.ERROR]} / {counts[Severity.WARNING]} / {counts[Severity.INFO]})",
        skipped,
    ]
    return row, found


def _walk(items: list[pikepdf.OutlineItem]) -> list[pikepdf.OutlineItem]:
    every = []
    for item in items:
        every.append(item)
        every += _walk(item.children)
    return every


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdfa", action="store_true", help="add the same documents converted with pdfa=True")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kldocs-a11y-") as scratch:
        pdfs = make_pdfs(Path(scratch))
        if args.pdfa:
            singles = [(name, path) for name, path in pdfs if "combined" not in name]
            converted = convert_to_pdf([path.with_suffix(".docx") for _, path in singles], Path(scratch, "pdfa"),
                                       pdfa=True)
            pdfs += [(f"{name}, pdfa=True", path) for (name, _), path in zip(singles, converted, strict=True)]
        header = ["kind", "file", "pages", "tagged", "PDF/UA declared", "PDF/A", "/Lang", "bookmarks",
                  "findings (errors / warnings / notes)", "rules not run"]
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
        details = []
        for name, path in pdfs:
            row, found = figures(name, path)
            print("| " + " | ".join(row) + " |")
            details += [f"- {name}: {count} × {severity} {rule}: {message}"
                        for (severity, rule, message), count in sorted(found.items())]
        if details:
            print("\nFindings:")
            print("\n".join(details))


if __name__ == "__main__":
    main()
