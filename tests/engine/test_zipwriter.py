"""The deterministic zip writer: same entries, same bytes; readable by every zip reader."""

from __future__ import annotations

import io
import zipfile
import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kldocs.engine import zipwriter
from kldocs.engine.zipwriter import (
    FIXED_DATE,
    SMALLEST_CHUNK,
    content,
    deflated,
    deflated_in_chunks,
    read_entries,
    stored,
    write_zip,
)


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


def paragraphs(texts: list[str]) -> bytes:
    body = "".join(f'<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>' for text in texts)
    return f"<w:document><w:body>{body}<w:sectPr/></w:body></w:document>".encode()


LETTER = [f"Afsnit {n}: " + "Kommunen inviteres til partnerskabet om trivsel. " * (n % 7 + 1) for n in range(240)]


def test_a_large_part_is_compressed_in_chunks_that_any_inflater_reads_back():
    data = paragraphs(LETTER)
    entry = deflated_in_chunks("word/document.xml", data)
    assert len(zipwriter._chunk_ends(data)) >= 3  # this content is cut, so the test sees chunks
    assert zlib.decompress(entry.data, -zlib.MAX_WBITS) == data
    assert (entry.crc, entry.size) == (zlib.crc32(data), len(data))
    with zipfile.ZipFile(io.BytesIO(write_zip([entry]))) as archive:
        assert archive.testzip() is None
        assert archive.read("word/document.xml") == data


def test_chunks_end_after_a_paragraph_and_hold_at_least_the_smallest_size():
    data = paragraphs(LETTER)
    ends = zipwriter._chunk_ends(data)
    assert all(data[:end].endswith(zipwriter.CHUNK_AT) for end in ends)
    assert all(b - a >= SMALLEST_CHUNK for a, b in zip([0, *ends], ends, strict=False))
    assert ends[-1] < len(data)


def test_a_part_of_one_chunk_is_compressed_whole():
    small = paragraphs(LETTER[:3])
    assert zipwriter._chunk_ends(small) == []
    assert deflated_in_chunks("a.xml", small) == deflated("a.xml", small)
    no_paragraphs = b"<w:styles>" + b"<w:style/>" * 2000 + b"</w:styles>"
    assert deflated_in_chunks("s.xml", no_paragraphs) == deflated("s.xml", no_paragraphs)


def test_a_part_shorter_than_chunked_from_is_compressed_whole_though_it_holds_two_chunks():
    cut = [data for k in range(1, len(LETTER))
           if 2 * SMALLEST_CHUNK <= len(data := paragraphs(LETTER[:k])) < zipwriter.CHUNKED_FROM
           and zipwriter._ends_from(data, 0, {})[0]]
    assert cut  # parts of two chunks' size or more, which read paragraph by paragraph would be cut in two
    for data in cut:
        assert zipwriter._chunk_ends(data) == []
        assert deflated_in_chunks("word/header1.xml", data) == deflated("word/header1.xml", data)


def test_a_changed_paragraph_changes_only_the_chunks_around_it():
    first, other = paragraphs(LETTER), paragraphs(["Kære Ærø Kommune, " * 3, *LETTER[1:]])
    chunks = zipwriter._chunk_ends(first)
    assert set(zipwriter._chunk_ends(other)[1:]) == {end + len(other) - len(first) for end in chunks[1:]}


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, len(LETTER) - 1), min_size=1, max_size=5),
       st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40))
def test_the_same_content_gives_the_same_bytes_alone_or_after_other_content(changed, text):
    letter = list(LETTER)
    for n in changed:
        letter[n] = text + letter[n]
    data = paragraphs(letter)
    in_batch = deflated_in_chunks("word/document.xml", data)  # after earlier examples' chunks were kept
    zipwriter.forget_chunks()
    alone = deflated_in_chunks("word/document.xml", data)
    assert in_batch == alone
    assert zlib.decompress(alone.data, -zlib.MAX_WBITS) == data


def test_kept_chunks_are_forgotten_before_they_hold_too_many_bytes(monkeypatch):
    monkeypatch.setattr(zipwriter, "_MOST_KEPT_BYTES", 20_000)
    zipwriter.forget_chunks()
    for n in range(6):
        data = paragraphs([f"Brev {n} " * 40, *LETTER])
        assert zlib.decompress(deflated_in_chunks("d.xml", data).data, -zlib.MAX_WBITS) == data
        assert 0 < zipwriter._kept_chunks.size <= 20_000
    assert len(zipwriter._kept_chunks) < len(zipwriter._chunk_ends(data)) + 1  # forgotten, not only added to


def same_chunk_after_other_priming() -> tuple[bytes, bytes]:
    """Two parts whose second chunk is the same bytes, after a first chunk that ends differently (same length)."""
    body = paragraphs(LETTER)
    cut = zipwriter._chunk_ends(body)[0]
    before = body[:cut]
    changed = before[: cut - 150] + bytes(b ^ 1 if 0x61 <= b <= 0x7A else b for b in before[cut - 150 : cut - 20]) \
        + before[cut - 20 :]
    assert len(changed) == len(before) and changed != before and changed.endswith(zipwriter.CHUNK_AT)
    return body, changed + body[cut:]


def test_a_chunk_kept_after_one_priming_is_not_used_after_another():
    one, other = same_chunk_after_other_priming()
    assert zipwriter._chunk_ends(one) == zipwriter._chunk_ends(other)  # the same cuts, the same second chunk
    zipwriter.forget_chunks()
    first, second = deflated_in_chunks("d.xml", one), deflated_in_chunks("d.xml", other)
    assert zlib.decompress(first.data, -zlib.MAX_WBITS) == one
    assert zlib.decompress(second.data, -zlib.MAX_WBITS) == other
    with zipfile.ZipFile(io.BytesIO(write_zip([second]))) as archive:
        assert archive.testzip() is None


def test_a_chunk_kept_at_one_level_is_not_used_at_another():
    data = paragraphs(LETTER)
    zipwriter.forget_chunks()
    fast, small = deflated_in_chunks("d.xml", data, level=1), deflated_in_chunks("d.xml", data, level=9)
    zipwriter.forget_chunks()
    assert small == deflated_in_chunks("d.xml", data, level=9) != fast


EDIT = st.tuples(st.floats(0, 1), st.integers(0, 600),
                 st.binary(max_size=40) | st.sampled_from([b"</w:p>", b"</w:p></w:tc>", b"<w:p>x</w:p>" * 5, b""]))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(EDIT, min_size=1, max_size=3), min_size=1, max_size=5), st.booleans())
def test_a_part_compressed_after_its_last_version_has_the_bytes_it_has_alone(versions, cells):
    """Each version (a few stretches of the letter replaced) is what it is compressed afresh, with its own chunks."""
    base = paragraphs(LETTER[:60])
    if cells:  # paragraphs ending table cells, where no chunk ends
        base = base.replace(b"</w:p><w:p>", b"</w:p></w:tc><w:p>", 20)
    zipwriter.forget_chunks()
    for edits in versions:
        data = base
        for where, length, text in edits:
            at = int(where * len(data))
            data = data[:at] + text + data[at + length:]
        last = zipwriter._last_chunked.get(("word/document.xml", zipwriter.COMPRESSION_LEVEL))
        assert zipwriter._chunks(data, last)[0] == zipwriter._chunks(data, None)[0]  # the same ends, read or not
        after_last = deflated_in_chunks("word/document.xml", data)
        zipwriter.forget_chunks()
        alone = deflated_in_chunks("word/document.xml", data)
        assert after_last == alone
        assert zlib.decompress(alone.data, -zlib.MAX_WBITS) == data


def test_a_part_compressed_after_its_last_version_reuses_the_chunks_they_share(monkeypatch):
    first, other = paragraphs(LETTER), paragraphs(["Kære Ærø Kommune, " * 3, *LETTER[1:]])
    zipwriter.forget_chunks()
    deflated_in_chunks("word/document.xml", first)
    compressed = []
    real = zlib.compressobj
    monkeypatch.setattr(zlib, "compressobj", lambda *args, **kw: compressed.append(1) or real(*args, **kw))
    entry = deflated_in_chunks("word/document.xml", other)
    assert len(compressed) == 1 < len(zipwriter._chunk_ends(other))  # only the chunk that changed
    assert zlib.decompress(entry.data, -zlib.MAX_WBITS) == other


def test_a_chunk_end_that_a_table_cell_now_follows_is_no_longer_an_end():
    """The bytes after a kept chunk's end decide it too, even where the last version had fewer of them."""
    body = paragraphs(LETTER[:60])
    end = zipwriter._chunk_ends(body)[-1]
    before, after = body[:end] + b"</w", body[:end] + b"</w:tc></w:body>"
    assert end in zipwriter._chunk_ends(before) and end not in zipwriter._chunk_ends(after)
    zipwriter.forget_chunks()
    deflated_in_chunks("word/document.xml", before)
    after_last = deflated_in_chunks("word/document.xml", after)
    zipwriter.forget_chunks()
    assert after_last == deflated_in_chunks("word/document.xml", after)
