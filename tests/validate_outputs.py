"""Validate every Word document a programme folder builds against the OOXML schemas, and print the counts.

Usage: python tests/validate_outputs.py [PROGRAM_DIR ...]   (default: every bundled example)

Builds every document kind (with the agreements both as drafts and final,
and the invitations' combined document) into a temporary folder, validates
each .docx with openxml-audit (the transitional schemas Word writes) and
prints the number of documents and of errors per kind. The test suite runs
the same over every bundled example and expects 0 errors.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from openxml_audit import FileFormat, OpenXmlValidator

from kldocs.app import build_all, make
from kldocs.inputs.folder import Folder

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted(p for p in (ROOT / "fixtures" / "programs").iterdir() if (p / "program.yaml").is_file())


def generated(folder: Path, out: Path) -> Iterator[tuple[str, Path]]:
    """Every .docx a build of ``folder`` writes, by kind, plus final agreements and the combined letters."""
    build_all(folder, out / "build")
    # final agreements for the councils that have approved theirs (every one, where none has yet)
    approved = tuple(r.municipality.name for r in Folder(folder).registrations.items if r.approved)
    make("agreements", folder, out / "final", final=True, municipalities=approved)
    make("invitations", folder, out / "combined", to="Aarhus, Ærø, København", combined=True)
    for path in sorted((out / "build").rglob("*.docx")):
        yield path.parent.name, path
    for path in sorted((out / "final").glob("*.docx")):
        yield "agreements (final)", path
    yield "invitations (combined)", out / "combined" / "invitationer-samlet.docx"


def errors_by_document(folder: Path, out: Path) -> dict[tuple[str, str], list[str]]:
    """The validator's errors for each generated document, keyed by (kind, file name)."""
    validator = OpenXmlValidator(file_format=FileFormat.OFFICE_2019, max_errors=0)
    return {(kind, path.name): [f"{e}" for e in validator.validate(path).errors] for kind, path in generated(folder, out)}


def main(folders: list[Path]) -> int:
    total = 0
    for folder in folders:
        with tempfile.TemporaryDirectory(prefix="kldocs-validate-") as scratch:
            found = errors_by_document(folder, Path(scratch))
        print(f"{folder.name}:")
        kinds = sorted({kind for kind, _ in found})
        for kind in kinds:
            docs = [errors for (k, _), errors in found.items() if k == kind]
            count = sum(len(e) for e in docs)
            total += count
            print(f"  {kind:<24} {len(docs):>4} documents  {count:>4} errors")
        for (kind, name), errors in found.items():
            for error in errors[:3]:
                print(f"    {kind}/{name}: {error}")
    print(f"{total} validator errors in all")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main([Path(a) for a in sys.argv[1:]] or EXAMPLES))
