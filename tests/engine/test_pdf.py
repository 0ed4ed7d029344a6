"""PDF through LibreOffice: one process per core with its own profile, every PDF checked."""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfWriter

from docxfactory import docx_bytes, footer, paragraph
from kldocs.engine.output import OutputFile, document, write_outputs
from kldocs.engine.pdf import SOFFICE_ENV, cache_folder, chunks, convert_to_pdf, find_soffice, page_count, profile_seed
from kldocs.engine.template import CoreProperties, PreparedTemplate
from kldocs.errors import ConversionError

PROPS = CoreProperties("Invitation", created=dt.datetime(2021, 6, 14))


def test_chunks_are_consecutive_and_even():
    paths = [Path(f"{i}.docx") for i in range(7)]
    assert [len(c) for c in chunks(paths, 2)] == [4, 3]
    assert [p for c in chunks(paths, 3) for p in c] == paths
    assert chunks(paths[:1], 4) == [[paths[0]]]


def test_missing_soffice_is_a_clear_error(monkeypatch):
    monkeypatch.delenv(SOFFICE_ENV, raising=False)
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(ConversionError, match=r"LibreOffice \(soffice\) is needed for PDF but was not found"):
        find_soffice()
    monkeypatch.setenv(SOFFICE_ENV, "/no/such/soffice")
    with pytest.raises(ConversionError, match="is not a program that can be run"):
        find_soffice()


@pytest.fixture
def fake_soffice(tmp_path, monkeypatch) -> Path:
    """A stand-in for soffice that logs its arguments and writes a one-page PDF per document."""
    blank = tmp_path / "blank.pdf"
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    with blank.open("wb") as stream:
        writer.write(stream)
    log = tmp_path / "calls.jsonl"
    script = tmp_path / "fake-soffice"
    script.write_text(f"""#!{sys.executable}
import json, shutil, sys
from pathlib import Path
args = sys.argv[1:]
with open({str(log)!r}, "a") as f:
    f.write(json.dumps(args) + "\\n")
outdir = Path(args[args.index("--outdir") + 1])
for doc in args[args.index("--outdir") + 2:]:
    if "nopdf" not in doc:
        shutil.copy({str(blank)!r}, outdir / (Path(doc).stem + ".pdf"))
""")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv(SOFFICE_ENV, str(script))
    return log


def test_one_process_per_chunk_each_with_its_own_profile_and_absolute_paths(tmp_path, fake_soffice, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "docs").mkdir()
    docs = []
    for i in range(5):
        (tmp_path / "docs" / f"d{i}.docx").write_bytes(b"x")
        docs.append(Path("docs") / f"d{i}.docx")
    pdfs = convert_to_pdf(docs, Path("pdf"), processes=2)
    assert pdfs == [(tmp_path / "pdf" / f"d{i}.pdf") for i in range(5)]
    calls = [json.loads(line) for line in fake_soffice.read_text().splitlines()]
    calls = [call for call in calls if not call[-1].endswith("empty.docx")]  # the attempt to set up a profile
    assert len(calls) == 2
    profiles = [next(a for a in call if a.startswith("-env:UserInstallation=file:///")) for call in calls]
    assert len(set(profiles)) == 2
    converted = [a for call in calls for a in call[call.index("--outdir") + 2:]]
    assert sorted(converted) == [str(tmp_path / "docs" / f"d{i}.docx") for i in range(5)]
    assert {call[call.index("--outdir") + 1] for call in calls} == {str(tmp_path / "pdf")}
    assert all(call[:2] == ["--headless", "--invisible"] and "--convert-to" in call for call in calls)


def test_a_profile_that_cannot_be_set_up_leaves_processes_with_empty_ones(tmp_path, fake_soffice, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert profile_seed(os.environ[SOFFICE_ENV]) is None  # the stand-in makes no profile
    assert not list(cache_folder().glob("libreoffice-profile-*"))
    assert not list(cache_folder().glob(".profile-*"))
    doc = tmp_path / "a.docx"
    doc.write_bytes(b"x")
    assert convert_to_pdf([doc], tmp_path / "pdf") == [tmp_path / "pdf" / "a.pdf"]


def test_the_cache_folder_follows_xdg_cache_home(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "c"))
    assert cache_folder() == tmp_path / "c" / "kldocs"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert cache_folder() == Path.home() / ".cache" / "kldocs"


def test_a_missing_pdf_fails_the_batch(tmp_path, fake_soffice):
    docs = [tmp_path / "a.docx", tmp_path / "nopdf.docx"]
    for doc in docs:
        doc.write_bytes(b"x")
    with pytest.raises(ConversionError, match=r"nopdf\.docx: LibreOffice made no PDF of it"):
        convert_to_pdf(docs, tmp_path / "pdf")


def test_a_pdf_that_cannot_be_read_fails_the_batch(tmp_path):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4 nonsense")
    with pytest.raises(ValueError, match="is not a readable PDF"):
        page_count(bad)


def test_a_failed_conversion_leaves_the_output_folder_untouched(tmp_path, fake_soffice):
    prepared = PreparedTemplate.from_bytes(docx_bytes(lambda d: paragraph(d, "{{ x }}")), "t.docx")
    files = [document(prepared, {"x": "1"}, PROPS, relpath=name, kind="invitation", record=name)
             for name in ("a.docx", "nopdf.docx")]
    with pytest.raises(ConversionError):
        write_outputs(tmp_path / "out", files, pdf=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["blank.pdf", "calls.jsonl", "fake-soffice"]


# -- with the real LibreOffice ---------------------------------------------------------------------

def letter(d):
    paragraph(d, "Til {{ name }}", style="Heading 1")
    for i in range(3):
        paragraph(d, f"Afsnit {i + 1}: {{{{ name }}}} deltager i partnerskabet om stærke børnefællesskaber.")
    footer(d, "Side 1")


@pytest.mark.soffice
def test_converts_a_small_batch_with_libreoffice(tmp_path):
    prepared = PreparedTemplate.from_bytes(docx_bytes(letter), "brev.docx")
    names = ["Aabenraa", "Ærø & Langeland", "København", "Lolland <Falster>"]
    files = [document(prepared, {"name": name}, PROPS, relpath=f"{i:04d}-x.docx", kind="invitation",
                      record=name, municipality_code=f"{i:04d}") for i, name in enumerate(names, start=1)]
    out = tmp_path / "out"
    result = write_outputs(out, files, pdf=True)
    assert result.documents == 4 and result.pdfs == 4
    for i, name in enumerate(names, start=1):
        pdf = out / f"{i:04d}-x.pdf"
        assert page_count(pdf) == 1
        text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                       check=True).stdout.split())  # where LibreOffice wraps depends on the fonts
        assert f"Til {name}" in text
        assert "stærke børnefællesskaber" in text
    manifest = json.loads((out / "manifest.json").read_text())
    kinds = {e["path"]: e["kind"] for e in manifest["files"]}
    assert kinds["0001-x.pdf"] == "invitation-pdf" and kinds["0001-x.docx"] == "invitation"
    assert not [p for p in tmp_path.iterdir() if p.name != "out"]


@pytest.mark.soffice
def test_a_profile_is_set_up_once_per_libreoffice_and_copied_for_each_process(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    program = find_soffice()
    seed = profile_seed(program)
    assert seed is not None and seed.parent == tmp_path / "cache" / "kldocs"
    assert (seed / "user" / "registrymodifications.xcu").is_file()
    made = seed.stat().st_mtime_ns
    assert profile_seed(program) == seed and seed.stat().st_mtime_ns == made
    assert [p.name for p in seed.parent.iterdir()] == [seed.name]  # no work folders left behind
    def state() -> dict[str, tuple[int, int]]:
        return {str(f.relative_to(seed)): (f.stat().st_size, f.stat().st_mtime_ns) for f in seed.rglob("*")}

    before = state()
    doc = tmp_path / "a.docx"
    doc.write_bytes(docx_bytes(letter))
    pdf, = convert_to_pdf([doc], tmp_path / "pdf")
    assert page_count(pdf) == 1
    assert state() == before, "LibreOffice worked in a copy, never in the cached profile itself"


@pytest.mark.soffice
def test_libreoffice_that_takes_too_long_is_stopped(tmp_path):
    doc = tmp_path / "a.docx"
    doc.write_bytes(docx_bytes(letter))
    with pytest.raises(ConversionError, match="did not finish converting 1 documents within 1 seconds"):
        convert_to_pdf([doc], tmp_path / "pdf", timeout=0.2)
    assert not (tmp_path / "pdf" / "a.pdf").exists()


def test_missing_libreoffice_is_known_before_any_document_is_rendered(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.delenv(SOFFICE_ENV, raising=False)

    def never() -> bytes:
        raise AssertionError("rendered although PDF cannot be made")

    with pytest.raises(ConversionError, match="not found on the PATH"):
        write_outputs(tmp_path / "out", [OutputFile("a.docx", "summary", None, "", render=never)], pdf=True)
    assert list(tmp_path.iterdir()) == []


def test_write_outputs_without_pdf_never_needs_libreoffice(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.delenv(SOFFICE_ENV, raising=False)
    write_outputs(tmp_path / "out", [OutputFile("a.docx", "summary", None, "", content=b"x")])
    assert (tmp_path / "out" / "a.docx").exists()
    assert os.environ["PATH"] == "/nonexistent"
