"""Writing a batch: all or nothing, never over hand edits, reproducible, with a manifest."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import time
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from docxfactory import docx_bytes, paragraph, text_lines
from kldocs import __version__
from kldocs.danish.filenames import municipality_filename
from kldocs.engine import output
from kldocs.engine.output import (
    MANIFEST,
    Batch,
    OutputFile,
    Written,
    data_hash,
    document,
    manifest_json,
    read_manifest,
    write_batches,
    write_outputs,
)
from kldocs.engine.template import CoreProperties, PreparedTemplate
from kldocs.errors import InputError, OutputExists, RenderError
from kldocs.reference.municipalities import registry

PROPS = CoreProperties("Invitation", created=dt.datetime(2021, 6, 14))


@pytest.fixture(scope="module")
def template() -> PreparedTemplate:
    return PreparedTemplate.from_bytes(
        docx_bytes(lambda d: (paragraph(d, "Til {{ municipality }}"), paragraph(d, "Fra {{ sender }}"))),
        "invitation.docx")


def batch(template: PreparedTemplate, *, fail_at: int | None = None, sender: str = "KL") -> list[OutputFile]:
    files = []
    for index, m in enumerate(registry().all, start=1):
        context = {"municipality": m.official_name, "sender": sender}
        spec = document(template, context, PROPS, relpath=municipality_filename(m.code, m.name, ".docx"),
                        kind="invitation", record=f"{m.code4} {m.name}", municipality_code=m.code4)
        if index == fail_at:
            def boom(label: str = f"{m.code4} {m.name}") -> bytes:
                raise RenderError(f"invitation.docx, body, {label}: something in the data does not fit")
            spec = OutputFile(spec.relpath, spec.kind, spec.template, spec.data_hash, spec.municipality_code,
                              render=boom)
        files.append(spec)
    return files


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_writes_every_file_and_a_manifest(tmp_path, template):
    out = tmp_path / "out" / "invitationer"
    result = write_outputs(out, batch(template))
    assert result.documents == 98 and result.pdfs == 0
    assert result.summary().startswith(f"98 documents written to {out} in ")
    assert text_lines((out / "0101-koebenhavn.docx").read_bytes()) == ["Til Københavns Kommune", "Fra KL"]
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert len(manifest["files"]) == 98
    entry = manifest["files"][0]
    assert entry == {
        "path": "0101-koebenhavn.docx", "kind": "invitation", "municipality_code": "0101",
        "template": "invitation.docx",
        "data_hash": data_hash({"municipality": "Københavns Kommune", "sender": "KL"}),
        "sha256": entry["sha256"],
    }
    assert entry["sha256"] == hashlib.sha256((out / "0101-koebenhavn.docx").read_bytes()).hexdigest()
    assert sorted(p.name for p in out.parent.iterdir()) == ["invitationer"], "no temporary folder is left behind"


@pytest.mark.parametrize("counts, said", [
    ((1, 0, 0), "1 document"),
    ((98, 98, 0), "98 documents and 98 PDFs"),
    ((1, 1, 5), "1 document, 1 PDF and 5 other files"),
    ((1, 0, 1), "1 document and 1 other file"),
    ((0, 0, 2), "0 documents and 2 other files"),
])
def test_the_summary_line_counts_documents_pdfs_and_other_files_apart(counts, said):
    documents, pdfs, others = counts
    result = Written(Path("out"), (), documents, pdfs, 1.25, others=others)
    assert result.summary() == f"{said} written to out in 1.2 s"


def test_two_runs_give_byte_identical_files_and_manifest(tmp_path, template):
    write_outputs(tmp_path / "a", batch(template))
    write_outputs(tmp_path / "b", batch(template))
    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b")


def test_a_failure_at_record_50_of_98_leaves_the_output_folder_unchanged(tmp_path, template):
    out = tmp_path / "out"
    write_outputs(out, batch(template))
    (out / "egne noter.txt").write_text("mine noter")
    before = snapshot(out)
    with pytest.raises(RenderError, match="something in the data does not fit"):
        write_outputs(out, batch(template, fail_at=50, sender="Ny afsender"), force=True)
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_failure_in_a_new_folder_creates_nothing(tmp_path, template):
    with pytest.raises(RenderError):
        write_outputs(tmp_path / "out", batch(template, fail_at=50))
    assert list(tmp_path.iterdir()) == []


def test_missing_variable_stops_the_batch_before_anything_is_written(tmp_path, template):
    files = batch(template)
    files[30] = document(template, {"municipality": "Aarhus Kommune"}, PROPS, relpath=files[30].relpath,
                         kind="invitation", record="0751 Aarhus")
    with pytest.raises(RenderError) as caught:
        write_outputs(tmp_path / "out", files)
    assert caught.value.problems == [
        "invitation.docx, 0751 Aarhus: the template uses 'sender', which the data of this record does not have"
    ]
    assert not (tmp_path / "out").exists()


def test_existing_files_are_not_overwritten_without_force(tmp_path, template):
    out = tmp_path / "out"
    write_outputs(out, batch(template))
    before = snapshot(out)
    with pytest.raises(OutputExists, match=r"98 of the files already exist .* Use --force"):
        write_outputs(out, batch(template, sender="Ny"))
    assert snapshot(out) == before
    write_outputs(out, batch(template, sender="Ny"), force=True)
    assert text_lines((out / "0101-koebenhavn.docx").read_bytes())[1] == "Fra Ny"


def test_a_folder_holding_only_its_lock_is_not_looked_through_file_by_file(tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    (out / output.LOCK).touch()  # as a first run into it finds it, once locked
    monkeypatch.setattr(output, "_exists", lambda path: pytest.fail(f"looked at {path}"))
    output._check_overwrites(out, ["0101-koebenhavn.docx", "bilag/oversigt.docx"], False, False)
    (out / "0101-koebenhavn.docx").touch()
    monkeypatch.undo()
    with pytest.raises(OutputExists, match="1 of the files already exists "):
        output._check_overwrites(out, ["0101-koebenhavn.docx", "bilag/oversigt.docx"], False, False)


def test_a_document_replaced_without_its_pdf_is_refused_while_its_old_pdf_stands(tmp_path):
    out = tmp_path / "out"
    first = [OutputFile("0851-aalborg.docx", "agreement", None, "a", content=b"draft"),
             OutputFile("0851-aalborg.pdf", "agreement-pdf", None, "a", content=b"%PDF draft"),
             OutputFile("0101-koebenhavn.docx", "agreement", None, "b", content=b"draft")]
    write_outputs(out, first)
    before = snapshot(out)
    final = [OutputFile("0851-aalborg.docx", "agreement", None, "c", content=b"final")]
    with pytest.raises(OutputExists) as caught:  # the PDF would say UDKAST beside a final agreement
        write_outputs(out, final, force=True)
    assert caught.value.problems == [
        f"{out}: 1 PDF (0851-aalborg.pdf) was made from a document this run replaces, and would no longer match it: "
        "add --pdf to write it again, or move it out of the folder",
        "nothing was written",
    ]
    assert snapshot(out) == before
    write_outputs(out, [OutputFile("0101-koebenhavn.docx", "agreement", None, "d", content=b"final")], force=True)
    (out / "0851-aalborg.pdf").unlink()  # moved away by the user: the document may be replaced
    write_outputs(out, final, force=True)
    assert (out / "0851-aalborg.docx").read_bytes() == b"final"


def test_folders_refused_for_different_reasons_each_get_their_advice(tmp_path):
    edited, stale = tmp_path / "agreements", tmp_path / "invitations"
    write_outputs(edited, [OutputFile("0751-aarhus.docx", "agreement", None, "a", content=b"draft")])
    (edited / "0751-aarhus.docx").write_bytes(b"signed by hand")
    write_outputs(stale, [OutputFile("0751-aarhus.docx", "invitation", None, "a", content=b"letter"),
                          OutputFile("0751-aarhus.pdf", "invitation-pdf", None, "a", content=b"%PDF")])
    again = [OutputFile("0751-aarhus.docx", "x", None, "b", content=b"new")]
    with pytest.raises(OutputExists) as caught:
        write_batches([Batch(edited, again), Batch(stale, again)], force=True)
    assert caught.value.problems == [  # each folder's own way out, on its own line, and the advice once
        f"{edited / '0751-aarhus.docx'}: was changed since kldocs wrote it (edited by hand?)",
        f"{stale}: 1 PDF (0751-aarhus.pdf) was made from a document this run replaces, and would no longer match it: "
        "add --pdf to write it again, or move it out of the folder",
        "nothing was written; use --force with --force-edited to replace them all the same",
    ]


def test_an_e_mail_draft_attaching_a_replaced_document_is_refused_too(tmp_path):
    out = tmp_path / "out"
    write_outputs(out, [OutputFile("0751-aarhus.docx", "invitation", None, "a", content=b"letter of 14 June"),
                        OutputFile("0751-aarhus.eml", "invitation-eml", None, "a", content=b"mail attaching it")])
    with pytest.raises(OutputExists) as caught:
        write_outputs(out, [OutputFile("0751-aarhus.docx", "invitation", None, "b", content=b"letter of 21 June")],
                      force=True)
    assert caught.value.problems == [
        f"{out}: 1 e-mail draft (0751-aarhus.eml) was made from a document this run replaces, and would no longer "
        "match it: add --eml to write it again, or move it out of the folder",
        "nothing was written",
    ]


def test_a_pdf_the_command_makes_itself_counts_as_made_again(tmp_path):
    # e-mail drafts attach their PDFs, so the command converts them itself and gives them to the batch as files
    out = tmp_path / "out"
    files = [OutputFile("0851-aalborg.docx", "invitation", None, "a", content=b"letter"),
             OutputFile("0851-aalborg.pdf", "invitation-pdf", None, "a", content=b"%PDF"),
             OutputFile("0851-aalborg.eml", "invitation-eml", None, "a", content=b"mail")]
    write_outputs(out, files)
    write_outputs(out, files, force=True)
    assert (out / "0851-aalborg.pdf").read_bytes() == b"%PDF"


def test_a_file_edited_by_hand_needs_force_edited(tmp_path, template):
    out = tmp_path / "out"
    write_outputs(out, batch(template))
    edited = out / "0751-aarhus.docx"
    edited.write_bytes(edited.read_bytes() + b"signed")
    before = snapshot(out)
    with pytest.raises(OutputExists) as caught:
        write_outputs(out, batch(template, sender="Ny"), force=True)
    assert caught.value.problems == [
        f"{edited}: was changed since kldocs wrote it (edited by hand?)",
        "nothing was written; use --force with --force-edited to replace them all the same",
    ]
    assert snapshot(out) == before
    write_outputs(out, batch(template, sender="Ny"), force=True, force_edited=True)
    assert text_lines(edited.read_bytes())[1] == "Fra Ny"


def test_a_file_kldocs_did_not_write_needs_force_edited(tmp_path, template):
    out = tmp_path / "out"
    out.mkdir()
    (out / "0101-koebenhavn.docx").write_bytes(b"someone else's file")
    with pytest.raises(OutputExists, match=r"is not in manifest\.json"):
        write_outputs(out, batch(template), force=True)
    assert (out / "0101-koebenhavn.docx").read_bytes() == b"someone else's file"


def test_manifest_keeps_entries_of_other_files_still_there(tmp_path, template):
    out = tmp_path / "out"
    extra = OutputFile("oversigt.docx", "networks", None, data_hash([1, 2]), content=b"x")
    write_outputs(out, [extra])
    first_two = batch(template)[:2]
    write_outputs(out, first_two)
    manifest = read_manifest(out)
    assert manifest is not None
    assert sorted(manifest) == sorted([first_two[0].relpath, first_two[1].relpath, "oversigt.docx"])
    (out / "oversigt.docx").unlink()
    write_outputs(out, first_two, force=True)
    assert "oversigt.docx" not in (read_manifest(out) or {})


@pytest.mark.parametrize("relpath", ["../escape.docx", "/tmp/x.docx", "a/../../x.docx", "con.docx", MANIFEST])
def test_unsafe_paths_are_refused_before_anything_is_written(tmp_path, relpath):
    with pytest.raises(InputError):
        write_outputs(tmp_path / "out", [OutputFile(relpath, "summary", None, "", content=b"x")])
    assert list(tmp_path.iterdir()) == []


def test_the_same_path_twice_is_refused(tmp_path):
    files = [OutputFile("A.docx", "summary", None, "", content=b"1"), OutputFile("a.docx", "summary", None, "",
                                                                                   content=b"2")]
    with pytest.raises(InputError, match="written twice"):
        write_outputs(tmp_path / "out", files)


def test_progress_is_reported_per_document(tmp_path, template):
    calls = []
    write_outputs(tmp_path / "out", batch(template)[:3], progress=lambda *a: calls.append(a))
    assert calls == [("Rendering", 1, 3), ("Rendering", 2, 3), ("Rendering", 3, 3)]


def test_files_go_into_subfolders(tmp_path):
    write_outputs(tmp_path / "out", [OutputFile("pdf/a.txt", "summary", None, "", content=b"1")])
    assert (tmp_path / "out" / "pdf" / "a.txt").read_bytes() == b"1"


def test_data_hash_is_canonical():
    assert data_hash({"b": 1, "a": [1, 2]}) == data_hash({"a": [1, 2], "b": 1})
    assert data_hash({"d": dt.date(2021, 6, 14), "x": Decimal("1.50"), "s": {3, 1}}) == data_hash(
        {"s": {1, 3}, "x": Decimal("1.50"), "d": dt.date(2021, 6, 14)})
    assert data_hash({"a": 1}) != data_hash({"a": 2})
    assert data_hash(registry().lookup("Aarhus")) == data_hash(registry().lookup("751"))
    assert len(data_hash(None)) == 64


def test_an_output_folder_that_is_a_file_is_refused(tmp_path):
    (tmp_path / "out").write_text("x")
    with pytest.raises(InputError, match="is a file; expected a folder"):
        write_outputs(tmp_path / "out", [OutputFile("a.docx", "summary", None, "", content=b"x")])


def test_an_output_file_has_content_or_a_renderer_not_both():
    with pytest.raises(ValueError):
        OutputFile("a.docx", "summary", None, "")
    with pytest.raises(ValueError):
        OutputFile("a.docx", "summary", None, "", content=b"x", render=lambda: b"y")


JSON_VALUES = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
                           max_leaves=8)


@given(st.lists(st.dictionaries(st.text(min_size=1).filter(lambda k: k != "path"), JSON_VALUES, max_size=4)
                .flatmap(lambda rest: st.builds(lambda path: {"path": path, **rest}, st.text())), max_size=5))
def test_the_manifest_written_an_entry_at_a_time_is_the_json_of_the_whole(entries):
    whole = {"generator": f"kldocs {__version__}", "files": sorted(entries, key=lambda e: e["path"])}
    assert manifest_json(entries) == json.dumps(whole, ensure_ascii=False, indent=2) + "\n"


@given(st.lists(st.text(), max_size=5), st.lists(st.text(), max_size=3), st.booleans(), st.integers(0, 2500))
def test_a_commits_journal_written_a_thousand_names_at_a_time_is_the_json_of_the_whole(files, folders, forward,
                                                                                          many):
    files += [f"{n:05d}-kommune.docx" for n in range(many)]  # past one piece, or two
    journal = output._Journal(tuple(files), frozenset(files[::2]), tuple(folders), forward)
    whole = {"generator": f"kldocs {__version__}", "direction": "forward" if forward else "back",
             "files": files, "replaced": sorted(set(files[::2])), "folders": folders}
    assert "".join(output.journal_pieces(journal)) == json.dumps(whole, ensure_ascii=False, indent=1)


def aged(folder: Path, seconds: float = 3600) -> None:
    """Every file in ``folder`` last modified ``seconds`` ago, as files written in an earlier session are."""
    moment = time.time() - seconds
    for path in folder.iterdir():
        os.utime(path, (moment, moment))


def test_the_files_to_replace_are_read_once_though_checked_before_and_after_locking(tmp_path, template,
                                                                                      monkeypatch):
    out = tmp_path / "out"
    write_outputs(out, batch(template))
    aged(out)
    read: list[str] = []
    digest = output._digest

    def counting(stream):
        read.append(stream.name)
        return digest(stream)

    monkeypatch.setattr(output, "_digest", counting)
    write_outputs(out, batch(template, sender="Ny"), force=True)
    assert len(read) == len(set(read)) == 98


def test_a_file_written_just_now_is_read_again_after_locking(tmp_path, template):
    """Its times may not change with an edit made within the file system's clock tick: its hash is not kept."""
    hashed: output.Hashed = {}
    path = tmp_path / "brev.docx"
    path.write_bytes(b"one")
    output._unchanged_sha256(path, hashed)
    assert hashed == {}
    aged(tmp_path)
    output._unchanged_sha256(path, hashed)
    assert list(hashed) == [os.path.abspath(path)]


@pytest.mark.parametrize("edit", ["appended", "same size, times put back"])
def test_a_file_edited_while_the_run_waits_for_the_lock_is_found_by_the_second_check(tmp_path, template,
                                                                                     monkeypatch, edit):
    out = tmp_path / "out"
    write_outputs(out, batch(template))
    aged(out)
    edited = out / "0751-aarhus.docx"
    before = edited.stat()

    def edit_when_locked(step: str, relpath: str | None = None) -> None:
        if step == "locked":
            data = edited.read_bytes()
            if edit == "appended":
                edited.write_bytes(data + b"signed")
            else:  # one byte changed and the modification time put back: only the change time tells
                edited.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))
                os.utime(edited, ns=(before.st_atime_ns, before.st_mtime_ns))

    monkeypatch.setattr(output, "_fault", edit_when_locked)
    with pytest.raises(OutputExists) as caught:
        write_outputs(out, batch(template, sender="Ny"), force=True)
    assert caught.value.problems[0] == f"{edited}: was changed since kldocs wrote it (edited by hand?)"


def test_a_manifest_entry_reads_as_the_dict_the_manifest_holds():
    spec = OutputFile("0101-koebenhavn.docx", "invitation", "invitation.docx", "d" * 64, "0101", render=lambda: b"")
    entry = output._Entry(spec, spec.relpath, spec.kind, "5e" * 32)
    assert list(entry.items()) == [("path", "0101-koebenhavn.docx"), ("kind", "invitation"),
                                   ("municipality_code", "0101"), ("template", "invitation.docx"),
                                   ("data_hash", "d" * 64), ("sha256", "5e" * 32)]
    assert output.manifest_json([entry]) == output.manifest_json([dict(entry)])
    with pytest.raises(KeyError):
        entry["size"]


class DescribeFilesWrittenAgainAsTheyAre:
    """A file the batch writes as it is (same kind, template and data, as kldocs wrote it) is no replacement."""

    @staticmethod
    def letter(data_hash: str, content: bytes) -> OutputFile:
        return OutputFile("0751-aarhus.docx", "invitation", "invitation.docx", data_hash, content=content)

    @pytest.fixture
    def converted(self, monkeypatch):
        """PDFs "converted" by copying: each PDF is its document's bytes after a PDF header."""
        from kldocs.engine import pdf

        def convert(documents, folder, **_):
            for path in documents:
                path.with_suffix(".pdf").write_bytes(b"%PDF " + path.read_bytes())

        monkeypatch.setattr(pdf, "find_soffice", lambda: "soffice")
        monkeypatch.setattr(pdf, "convert_to_pdf", convert)

    def it_needs_no_force_and_leaves_the_pdf_beside_it_standing(self, tmp_path, converted):
        out = tmp_path / "out"
        write_outputs(out, [self.letter("a", b"letter")], pdf=True)
        write_outputs(out, [self.letter("a", b"letter")])  # neither --force, nor --pdf for the PDF it matches
        write_outputs(out, [self.letter("a", b"letter")], pdf=True)  # its PDF kept: the same document's
        assert (out / "0751-aarhus.pdf").read_bytes() == b"%PDF letter"
        assert set(read_manifest(out)) == {"0751-aarhus.docx", "0751-aarhus.pdf"}

    def it_is_refused_once_rendered_when_it_comes_out_otherwise(self, tmp_path, converted):
        # the same data through a template edited since (or another kldocs): another document, the old PDF stale
        out = tmp_path / "out"
        write_outputs(out, [self.letter("a", b"letter")], pdf=True)
        before = snapshot(out)
        with pytest.raises(OutputExists) as caught:
            write_outputs(out, [self.letter("a", b"another letter")])
        assert caught.value.problems == [
            f"{out}: 1 of the files already exists (0751-aarhus.docx); nothing was written. Use --force to replace it"]
        with pytest.raises(OutputExists) as caught:
            write_outputs(out, [self.letter("a", b"another letter")], force=True)
        assert caught.value.problems == [
            f"{out}: 1 PDF (0751-aarhus.pdf) was made from a document this run replaces, and would no longer match it: "
            "add --pdf to write it again, or move it out of the folder",
            "nothing was written",
        ]
        assert snapshot(out) == before
        write_outputs(out, [self.letter("a", b"another letter")], pdf=True, force=True)
        assert (out / "0751-aarhus.pdf").read_bytes() == b"%PDF another letter"

    def it_is_the_same_bytes_from_data_of_another_hash(self, tmp_path, converted):
        """An edit to program.yaml that changes nothing in a letter (a network weight) changes no letter."""
        out = tmp_path / "out"
        write_outputs(out, [self.letter("a", b"letter")], pdf=True)
        first = snapshot(out)
        write_outputs(out, [self.letter("b", b"letter")], pdf=True)
        assert read_manifest(out)["0751-aarhus.docx"]["data_hash"] == "b"
        assert {name: data for name, data in snapshot(out).items() if name != "manifest.json"} == {
            name: data for name, data in first.items() if name != "manifest.json"}
        with pytest.raises(OutputExists):  # what changes the letter still needs --force
            write_outputs(out, [self.letter("c", b"another letter")], pdf=True)

    @pytest.mark.parametrize("changed", ["kind", "template", "edited", "pdf edited"])
    def it_is_one_of_the_same_kind_and_template_as_kldocs_wrote_it(self, tmp_path, converted, changed):
        out = tmp_path / "out"
        write_outputs(out, [self.letter("a", b"letter")], pdf=True)
        again = self.letter("a", b"letter")
        if changed in ("kind", "template"):
            again = dataclasses.replace(again, **{changed: "other"})
        elif changed == "edited":
            (out / "0751-aarhus.docx").write_bytes(b"letter, signed")
        else:
            (out / "0751-aarhus.pdf").write_bytes(b"%PDF letter, signed")
        with pytest.raises(OutputExists):
            write_outputs(out, [again], pdf=True)

    @pytest.fixture
    def dated(self, monkeypatch):
        """PDFs converted as LibreOffice does, each dated when made: the documents each conversion was given."""
        from kldocs.engine import pdf

        given: list[list[str]] = []

        def convert(documents, folder, **options):
            given.append([path.name for path in documents])
            for path in documents:
                form = b"<pdfaid:part>2</pdfaid:part> " if options.get("pdfa") else b""
                path.with_suffix(".pdf").write_bytes(b"%PDF " + form + path.read_bytes() + b" %d" % len(given))

        monkeypatch.setattr(pdf, "find_soffice", lambda: "soffice")
        monkeypatch.setattr(pdf, "convert_to_pdf", convert)
        return given

    def it_keeps_the_pdf_of_a_document_that_came_out_as_it_was_and_converts_none(self, tmp_path, dated):
        out = tmp_path / "out"
        letters = [self.letter("a", b"letter"), OutputFile("0101-koebenhavn.docx", "invitation", "invitation.docx",
                                                           "b", content=b"brev")]
        write_outputs(out, letters, pdf=True)
        first = snapshot(out)
        written = write_outputs(out, letters, pdf=True)
        assert dated == [["0751-aarhus.docx", "0101-koebenhavn.docx"]]  # converted once, in the first run
        assert snapshot(out) == first and (written.documents, written.pdfs, written.kept) == (2, 2, (2, 0))
        assert written.summary().startswith("2 documents written to ")
        assert written.summary().endswith(" s; 2 PDFs kept as they were")
        assert written.paths == ("0751-aarhus.docx", "0751-aarhus.pdf", "0101-koebenhavn.docx", "0101-koebenhavn.pdf")
        changed = [letters[0], dataclasses.replace(letters[1], data_hash="c", content=b"nyt brev")]
        write_outputs(out, changed, pdf=True, force=True)
        assert dated[1] == ["0101-koebenhavn.docx"]  # only the document that changed
        assert (out / "0101-koebenhavn.pdf").read_bytes() == b"%PDF nyt brev 2"
        assert (out / "0751-aarhus.pdf").read_bytes() == b"%PDF letter 1"

    def it_takes_a_pdf_a_for_another_file_than_a_plain_pdf(self, tmp_path, dated):
        out = tmp_path / "out"
        write_outputs(out, [self.letter("a", b"letter")], pdf=True)
        with pytest.raises(OutputExists) as caught:
            write_outputs(out, [self.letter("a", b"letter")], pdf=True, pdfa=True)
        assert "(0751-aarhus.pdf)" in caught.value.problems[0]
        assert caught.value.problems[1] == f"{out}: 1 PDF there (0751-aarhus.pdf) is a plain PDF, and this run " \
                                           "makes PDF/A"
        write_outputs(out, [self.letter("a", b"letter")], pdf=True, pdfa=True, force=True)
        assert read_manifest(out)["0751-aarhus.pdf"]["form"] == "pdfa"
        assert "form" not in read_manifest(out)["0751-aarhus.docx"]
        write_outputs(out, [self.letter("a", b"letter")], pdf=True, pdfa=True)
        assert len(dated) == 2 and (out / "0751-aarhus.pdf").read_bytes() == b"%PDF <pdfaid:part>2</pdfaid:part> letter 2"

    def it_reads_the_form_of_a_pdf_listed_without_one_from_the_pdf(self, tmp_path, dated):
        """A manifest of a kldocs that did not record forms: a PDF/A says it is one in its metadata."""
        out = tmp_path / "out"
        write_outputs(out, [self.letter("a", b"letter")], pdf=True, pdfa=True)
        manifest = out / "manifest.json"
        manifest.write_text(manifest.read_text(encoding="utf-8").replace(',\n      "form": "pdfa"', ""), encoding="utf-8")
        assert '"form"' not in manifest.read_text(encoding="utf-8")
        write_outputs(out, [self.letter("a", b"letter")], pdf=True, pdfa=True)
        assert len(dated) == 1  # taken for the PDF/A it is: kept, not converted again
        with pytest.raises(OutputExists):
            write_outputs(out, [self.letter("a", b"letter")], pdf=True)

    @staticmethod
    def made(pdf: bytes, draft: bytes, form: str = "", data: str = "a") -> list[OutputFile]:
        """A document with the PDF and the e-mail draft its command made (for --eml), as kinds.RecordKind does."""
        return [OutputFile("0751-aarhus.docx", "invitation", "invitation.docx", data, content=b"letter"),
                OutputFile("0751-aarhus.pdf", "invitation-pdf", "invitation.docx", data, content=pdf, form=form),
                OutputFile("0751-aarhus.eml", "invitation-eml", "invitation.docx", data, content=draft,
                           form=form or "pdf")]

    def it_makes_a_draft_again_whose_own_data_changed_though_its_letter_did_not(self, tmp_path):
        """A new e-mail address in recipients.csv: the letter does not print it, the draft is sent to it."""
        out = tmp_path / "out"
        write_outputs(out, self.made(b"%PDF made at 10.00", b"To: old@aarhus.example"))
        first = snapshot(out)
        again = self.made(b"%PDF made at 10.05", b"To: new@aarhus.example", data="b")
        with pytest.raises(OutputExists) as caught:
            write_outputs(out, again)
        assert "(0751-aarhus.eml)" in caught.value.problems[0] and snapshot(out) == first
        written = write_outputs(out, again, force=True)
        assert (out / "0751-aarhus.eml").read_bytes() == b"To: new@aarhus.example"
        assert (out / "0751-aarhus.pdf").read_bytes() == b"%PDF made at 10.05"  # the PDF the draft attaches
        assert written.kept == (0, 0)

    def it_names_every_file_a_refused_run_replaces_though_it_refuses_before_rendering(self, tmp_path):
        """A meeting moved, written again with --eml: the draft's data changed, and so did its letter."""
        out = tmp_path / "out"
        write_outputs(out, self.made(b"%PDF made at 10.00", b"To: old@aarhus.example"))
        first = snapshot(out)
        again = self.made(b"%PDF made at 10.05", b"To: new@aarhus.example", data="b")
        again[0] = dataclasses.replace(again[0], content=b"another letter")
        with pytest.raises(OutputExists) as caught:
            write_outputs(out, again)
        assert "3 of the files already exist (0751-aarhus.docx, 0751-aarhus.pdf, 0751-aarhus.eml)" in \
            caught.value.problems[0]
        assert snapshot(out) == first
        again[0] = dataclasses.replace(again[0], content=b"letter")  # the letter as it was: the draft alone
        with pytest.raises(OutputExists) as caught:
            write_outputs(out, again)
        assert "1 of the files already exists (0751-aarhus.eml)" in caught.value.problems[0]

    def it_renders_no_combined_document_to_name_what_a_refused_run_replaces(self, tmp_path):
        """The combined document counts its letters' pages with LibreOffice: 8.5 s for 98 letters (review 20)."""
        out = tmp_path / "out"
        combined = OutputFile("alle.docx", "invitation-combined", "invitation.docx", "a", content=b"all")
        write_outputs(out, [*self.made(b"%PDF", b"To: old@aarhus.example"), combined])

        def converted() -> bytes:
            raise AssertionError("the combined document was rendered for the refusal")

        again = [*self.made(b"%PDF", b"To: new@aarhus.example", data="b"),
                 dataclasses.replace(combined, content=None, render=converted)]
        with pytest.raises(OutputExists) as caught:
            write_outputs(out, again)
        assert "(0751-aarhus.eml)" in caught.value.problems[0]

    def it_records_the_data_a_kept_pdf_is_made_from_now(self, tmp_path, dated):
        out = tmp_path / "out"
        write_outputs(out, [self.letter("a", b"letter")], pdf=True)
        write_outputs(out, [self.letter("b", b"letter")], pdf=True)  # a change the letter does not print
        manifest = read_manifest(out)
        assert manifest["0751-aarhus.pdf"]["data_hash"] == manifest["0751-aarhus.docx"]["data_hash"] == "b"
        assert len(dated) == 1

    def it_keeps_the_pdf_and_draft_a_command_made_again_of_a_document_that_came_out_as_it_was(self, tmp_path):
        out = tmp_path / "out"
        write_outputs(out, self.made(b"%PDF made at 10.00", b"draft with the PDF of 10.00"))
        first = snapshot(out)
        written = write_outputs(out, self.made(b"%PDF made at 10.05", b"draft with the PDF of 10.05"))
        assert snapshot(out) == first and (written.pdfs, written.drafts) == (1, 1)
        assert written.summary().endswith(" s; 1 PDF and 1 e-mail draft kept as they were")
        with pytest.raises(OutputExists):  # a PDF/A, and a draft attaching it, replace the plain ones
            write_outputs(out, self.made(b"%PDF/A", b"draft with the PDF/A", form="pdfa"))
        with pytest.raises(OutputExists):  # nor is a PDF kept whose document came out otherwise
            write_outputs(out, [dataclasses.replace(self.made(b"", b"")[0], content=b"another letter"),
                                *self.made(b"%PDF made at 10.05", b"draft with the PDF of 10.05")[1:]])
        assert snapshot(out) == first


def test_the_manifest_names_the_partnership_its_files_were_written_for(tmp_path):
    from kldocs.engine.output import another_partnership, manifest_source

    out, source = tmp_path / "out", {"title": "Partnerskab om æ, ø og å", "folder": "/partnerskaber/a"}
    write_batches([Batch(out, [OutputFile("a.docx", "invitation", None, "a", content=b"a")], source=source)])
    assert manifest_source(out) == source
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["program"] == source
    assert another_partnership(out, source) is None
    assert another_partnership(out, {**source, "folder": "/flyttet"}) is None  # moved
    assert another_partnership(out, {**source, "title": "Rettet titel"}) is None  # retitled where it is
    assert str(another_partnership(out, {"title": "B", "folder": "/b"})) == (
        f"{out / 'manifest.json'}: its files were written for another partnership, 'Partnerskab om æ, ø og å' "
        "(from /partnerskaber/a)")
    write_outputs(out, [OutputFile("b.docx", "invitation", None, "b", content=b"b")])  # a writer that names none
    assert manifest_source(out) is None and another_partnership(out, {"title": "B", "folder": "/b"}) is None


def test_a_copy_of_the_same_title_beside_the_folder_is_another_partnership(tmp_path):
    from kldocs.engine.output import another_partnership

    (tmp_path / "a").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "a")
    out, source = tmp_path / "out", {"title": "Partnerskab", "folder": str(tmp_path / "a")}
    write_batches([Batch(out, [OutputFile("a.docx", "invitation", None, "a", content=b"a")], source=source)])
    assert another_partnership(out, {**source, "folder": str(tmp_path / "link")}) is None  # the same folder
    assert str(another_partnership(out, {**source, "folder": str(tmp_path / "kopi")})) == (
        f"{out / 'manifest.json'}: its files were written for the partnership in {tmp_path / 'a'}, of the same "
        "title but another folder (a copy of it?)")
    (tmp_path / "a").rename(tmp_path / "flyttet")
    assert another_partnership(out, {**source, "folder": str(tmp_path / "flyttet")}) is None  # moved


def test_it_writes_into_another_partnerships_folder_only_when_told_to_mix_them(tmp_path):
    from kldocs.engine.output import manifest_source

    out, a, b = tmp_path / "out", {"title": "A", "folder": "/a"}, {"title": "B", "folder": "/b"}
    write_batches([Batch(out, [OutputFile("a.docx", "invitation", None, "a", content=b"a")], source=a)])
    before = snapshot(out)
    letter = OutputFile("b.docx", "invitation", None, "b", content=b"b")
    with pytest.raises(OutputExists) as caught:
        write_batches([Batch(out, [letter], source=b)])
    assert caught.value.problems == [
        f"{out / 'manifest.json'}: its files were written for another partnership, 'A' (from /a)",
        f"give each partnership a folder of its own, such as --out {tmp_path / 'b' / 'out'} (with kldocs build and "
        f"kldocs status, --out {tmp_path / 'b'}, which keeps each kind in a folder there); or move the other's "
        f"documents out of {out}", "nothing was written"]
    with pytest.raises(OutputExists):  # --force replaces a partnership's own files; it does not mix two
        write_batches([Batch(out, [letter], source=b)], force=True, force_edited=True)
    assert snapshot(out) == before
    write_batches([Batch(out, [letter], source=b)], force_another=True)
    assert manifest_source(out) == b and (out / "b.docx").read_bytes() == b"b"


def test_a_file_written_now_under_a_new_name_of_its_municipality_names_the_old_one_left(tmp_path):
    """Nordfyn and Vesthimmerland lost their register's genitive s: the files of an earlier run stay beside."""
    out = tmp_path / "out"

    def letter(name: str, kind: str = "invitation") -> OutputFile:
        return OutputFile(name, kind, "invitation.docx", "a", content=b"letter", municipality_code="0820")

    write_outputs(out, [letter("0820-vesthimmerlands.docx"), letter("0825-laesoe-tilmelding-2021-08-09.docx",
                                                                     "reminder")])
    written = write_outputs(out, [letter("0820-vesthimmerland.docx"),
                                  letter("0825-laesoe-tilmelding-2021-08-16.docx", "reminder")])
    assert written.notes == (f"{out / '0820-vesthimmerlands.docx'} is an earlier name of 0820-vesthimmerland.docx, "
                             "written now; it was left as it was: delete it",)  # not the reminder of another day
    (out / "0820-vesthimmerlands.docx").unlink()
    assert write_outputs(out, [letter("0820-vesthimmerland.docx")]).notes == ()
