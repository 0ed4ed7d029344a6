"""The deterministic zip writer: same entries, same bytes; readable by every zip reader."""

from __future__ import annotations

import io
import zipfile

import pytest

from kldocs.engine.zipwriter import FIXED_DATE, content, deflated, read_entries, stored, write_zip


def sample() -> list:
    return [deflated("[Content_Types].xml", b"<Types/>" * 20), stored("media/x.bin", b"\x00\x01" * 10),
            deflated("word/døkument.xml", "æøå ".encode() * 100)]


def test_written_zip_is_read_back_by_zipfile_with_the_same_content():
    data = write_zip(sample())
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        assert archive.namelist() == ["[Content_Types].xml", "media/x.bin", "word/døkument.xml"]
        assert archive.read("word/døkument.xml") == "æøå ".encode() * 100
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_same_entries_give_the_same_bytes():
    assert write_zip(sample()) == write_zip(sample())


def test_entries_used_again_at_other_offsets_give_what_fresh_entries_give():
    kept = sample()
    write_zip(kept)  # their headers made once, at these offsets
    moved = [deflated("docProps/core.xml", b"<cp:coreProperties/>" * 7), *kept]
    assert write_zip(moved) == write_zip([deflated("docProps/core.xml", b"<cp:coreProperties/>" * 7), *sample()])
    with zipfile.ZipFile(io.BytesIO(write_zip(moved))) as archive:
        assert archive.testzip() is None
        assert archive.read("media/x.bin") == b"\x00\x01" * 10


def test_entries_read_back_keep_their_compressed_bytes():
    original = write_zip(sample())
    entries = read_entries(original)
    assert [e.data for e in entries] == [e.data for e in sample()]
    assert write_zip(entries) == original
    assert content(entries[2]) == "æøå ".encode() * 100


def test_reads_a_zip_written_by_python_with_timestamps_and_rewrites_it_fixed():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.xml", b"<a/>" * 50)
        archive.writestr("b.bin", b"raw", compress_type=zipfile.ZIP_STORED)
        archive.writestr("c.bz", b"bzip2 " * 30, compress_type=zipfile.ZIP_BZIP2)
    entries = read_entries(buffer.getvalue())
    rewritten = write_zip(entries)
    with zipfile.ZipFile(io.BytesIO(rewritten)) as archive:
        assert archive.read("a.xml") == b"<a/>" * 50
        assert archive.read("b.bin") == b"raw"
        assert archive.read("c.bz") == b"bzip2 " * 30
        assert archive.getinfo("c.bz").compress_type == zipfile.ZIP_DEFLATED
    assert FIXED_DATE == 33


def test_duplicate_names_are_refused():
    with pytest.raises(ValueError, match="duplicate"):
        write_zip([stored("a", b"1"), stored("a", b"2")])


def test_not_a_zip_is_refused():
    with pytest.raises(zipfile.BadZipFile):
        read_entries(b"this is no zip")
