"""A deterministic zip writer for Word packages.

A ``.docx`` is a zip. To render many documents from one template cheaply and
reproducibly, kldocs reads the template's entries once as their
already-compressed bytes (:func:`read_entries`), compresses only the parts a
record changes (:func:`deflated`), and writes every package with
:func:`write_zip`: entries in the given order, each stamped with the same
fixed date (1 January 1980, the earliest a zip can hold), no extra fields and
no comments, so the same entries always give the same bytes.
"""

from __future__ import annotations

import functools
import io
import struct
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

STORED = zipfile.ZIP_STORED
DEFLATED = zipfile.ZIP_DEFLATED

FIXED_TIME = 0
"""The DOS time field of every entry: 00:00:00."""
FIXED_DATE = (0 << 9) | (1 << 5) | 1
"""The DOS date field of every entry: 1980-01-01."""

COMPRESSION_LEVEL = 3
"""zlib level for parts compressed per record: twice as fast as the default 6, output about 8 % larger."""

_LOCAL = struct.Struct("<4s5H3L2H")
_CENTRAL = struct.Struct("<4s6H3L5HL")
"""A central directory record but for its last field, the offset of the entry's local header."""
_OFFSET = struct.Struct("<L")
_END = struct.Struct("<4s4H2LH")
_UTF8_FLAG = 0x0800
_LIMIT = 0xFFFFFFFF


@dataclass(frozen=True)
class Entry:
    """One member of a zip, held as the bytes that go into the file.

    ``data`` is already compressed with ``method`` (stored or deflated);
    ``crc`` and ``size`` describe the uncompressed content.
    """

    name: str
    data: bytes
    crc: int
    size: int
    method: int = DEFLATED

    @functools.cached_property
    def headers(self) -> tuple[bytes, bytes, bytes]:
        """The entry's local header with its name, its central record up to the offset, and its name, as bytes.

        Made once for each entry: a template's parts that no record changes
        are the same entries in every document of a batch.
        """
        name = self.name.encode("utf-8")
        flags = 0 if name.isascii() else _UTF8_FLAG
        if max(len(self.data), self.size) >= _LIMIT:
            raise ValueError(f"zip entry {self.name!r} is too large")
        local = _LOCAL.pack(b"PK\x03\x04", 20, flags, self.method, FIXED_TIME, FIXED_DATE,
                            self.crc, len(self.data), self.size, len(name), 0)
        central = _CENTRAL.pack(b"PK\x01\x02", 20, 20, flags, self.method, FIXED_TIME, FIXED_DATE,
                                self.crc, len(self.data), self.size, len(name), 0, 0, 0, 0, 0)
        return local + name, central, name


def deflated(name: str, content: bytes, level: int = COMPRESSION_LEVEL) -> Entry:
    """An entry holding ``content`` compressed with raw deflate, as zip files store it."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, -zlib.MAX_WBITS)
    data = compressor.compress(content) + compressor.flush()
    return Entry(name, data, zlib.crc32(content), len(content), DEFLATED)


CHUNK_AT = b"</w:p>"
"""Where a large part may be cut into separately compressed chunks: after a paragraph."""
CHUNK_SELECTOR = 15
"""A paragraph ends a chunk when its length (without :data:`CHUNK_AT`) has these bits clear: one in sixteen."""
SMALLEST_CHUNK = 1024
"""A chunk is at least this many bytes (but for the last): smaller ones would cost more in size than they save.

The chunk a letter changes is compressed for every letter, at about 10 µs a call and 8 µs a kilobyte in a batch
(zlib's code and tables are cold by then, so three times its speed in a loop of its own): with 2048, the
invitation's was 3.9 KB, with 1024 it is 2.4 KB, which made rendering a letter 5 % faster (215 against 228 µs,
medians of six alternating runs) for 29 bytes more in its 18 KB (its document.xml 3.5 % larger than compressed
whole, against 2.9 %)."""
CHUNKED_FROM = 4096
"""A part shorter than this is compressed whole, as before chunks could start at 1 KB: cut in two, each half would
cost a compression call of its own where whole it costs one."""
PRIMING = 256
"""How many bytes before a chunk its compressor is primed with: most of what a fresh one would lose."""
_MOST_KEPT_BYTES = 1 << 20
"""How many bytes of chunks, their keys and compressed bytes are kept before all are forgotten."""


class _KeptChunks:
    """Compressed chunks, by level, the bytes before them their compressor was primed with, and the chunk itself.

    All are forgotten when what is kept (keys and compressed bytes) would
    pass :data:`_MOST_KEPT_BYTES`: a chunk has no largest size.
    """

    def __init__(self) -> None:
        self._chunks: dict[tuple[int, bytes, bytes], bytes] = {}
        self.size = 0

    def __len__(self) -> int:
        return len(self._chunks)

    def get(self, key: tuple[int, bytes, bytes]) -> bytes | None:
        return self._chunks.get(key)

    def keep(self, key: tuple[int, bytes, bytes], compressed: bytes) -> None:
        size = len(key[1]) + len(key[2]) + len(compressed)
        if self.size + size > _MOST_KEPT_BYTES:
            self.clear()
        self._chunks[key] = compressed
        self.size += size

    def clear(self) -> None:
        self._chunks.clear()
        self.size = 0


_kept_chunks = _KeptChunks()
_CELL_END = b"</w:tc>"
"""What follows the last paragraph of a table cell."""
_SYNC_FLUSH_END = b"\x03\x00"
"""An empty last block (fixed Huffman codes), which ends a stream of chunks each ended by a sync flush."""


def deflated_in_chunks(name: str, content: bytes, level: int = COMPRESSION_LEVEL) -> Entry:
    """:func:`deflated`, with a large part compressed as chunks, each chunk once in a batch.

    The letters of a batch differ in a few paragraphs, so most of their
    chunks are the same as an earlier letter's, and their compressed bytes
    are reused. Where a chunk ends is decided by the content alone: after a
    paragraph (:data:`CHUNK_AT`) whose length has the bits of
    :data:`CHUNK_SELECTOR` clear, once the chunk holds
    :data:`SMALLEST_CHUNK` bytes. So a change to one paragraph moves at most
    the ends of its own chunk, and the same content always gives the same
    bytes, in a batch or alone. Each chunk is compressed by a fresh compressor
    primed with the :data:`PRIMING` bytes before it (as pigz primes its blocks
    with the 32 KB before), which it may refer back to, and ended with a sync
    flush (which ends on a byte); the stream is ended with an empty last block.
    So it is one standard deflate stream, and a change reaches the next chunk
    only when it lies within :data:`PRIMING` bytes of its chunk's end.
    Measured on the example's documents, it is on average 3.5 % (the
    invitations, the description) to 6 % (the agreements, 14 % at most)
    larger than one compressed whole, 14 % for the summary
    and 43 % for the network line-up, whose tables are much alike from one to
    the next (unprimed it was 5–80 %; primed with 4 KB, 0–36 %, but a change
    then reached two chunks in most invitations, which made them slower to
    compress than whole).
    A part shorter than :data:`CHUNKED_FROM`, or of one chunk, is compressed
    whole, as :func:`deflated` does.

    The part of the same name compressed last (:class:`_Chunked`) is compared
    with this one from both ends: the chunks that lie, with their priming,
    in what the two share at the start or at the end are that part's, and
    only the paragraphs between are read for where chunks end (see
    :func:`_chunks`): the same ends and bytes as reading it all, for less.
    """
    if len(content) < CHUNKED_FROM:
        return deflated(name, content, level)
    last = _last_chunked.get((name, level))
    if last is not None and last.content == content:
        return last.entry
    bounds, reused = _chunks(content, last)
    if len(bounds) == 1:
        entry = deflated(name, content, level)
    else:
        pieces = []
        texts = [content[start:end] for start, end in bounds]
        for number, (start, _) in enumerate(bounds):
            compressed = reused.get(number)
            if compressed is None:
                key = (level, content[max(0, start - PRIMING):start], texts[number])
                compressed = _kept_chunks.get(key)
                if compressed is None:
                    compressor = (zlib.compressobj(level, zlib.DEFLATED, -zlib.MAX_WBITS, zdict=key[1]) if start
                                  else zlib.compressobj(level, zlib.DEFLATED, -zlib.MAX_WBITS))
                    compressed = compressor.compress(key[2]) + compressor.flush(zlib.Z_SYNC_FLUSH)
                    _kept_chunks.keep(key, compressed)
            pieces.append(compressed)
        entry = Entry(name, b"".join(pieces) + _SYNC_FLUSH_END, zlib.crc32(content), len(content), DEFLATED)
        if len(_last_chunked) >= _MOST_LAST_CHUNKED:
            _last_chunked.clear()
        _last_chunked[name, level] = _Chunked(content, bounds, texts, pieces, entry)
    return entry


@dataclass(frozen=True)
class _Chunked:
    """A part as :func:`deflated_in_chunks` last compressed it in chunks: its content, chunks and entry."""

    content: bytes
    bounds: list[tuple[int, int]]
    """Where each chunk starts and ends."""
    texts: list[bytes]
    """Each chunk's bytes."""
    pieces: list[bytes]
    """Each chunk compressed."""
    entry: Entry


_last_chunked: dict[tuple[str, int], _Chunked] = {}
"""The part of each name (and level) compressed last in chunks in this process."""
_MOST_LAST_CHUNKED = 32
"""How many names :data:`_last_chunked` keeps before it forgets them all."""


def forget_chunks() -> None:
    """Forget every chunk kept and every part last compressed in chunks: what follows is compressed afresh."""
    _kept_chunks.clear()
    _last_chunked.clear()


def _chunks(content: bytes, last: _Chunked | None) -> tuple[list[tuple[int, int]], dict[int, bytes]]:
    """Where the chunks of ``content`` start and end, and the compressed bytes of those that ``last`` holds as they are.

    ``last``'s chunks are compared with ``content`` from the start, each
    with the bytes after its end that decide that its end is one, and from
    the end: those found at the start (and their ends) are this content's.
    From the last of them on, paragraphs are read as :func:`_chunk_ends`
    reads them, until an end falls where one of the chunks found at the end
    starts: from there on the content, a chunk's start and so every later
    choice are the same, and the rest of ``last``'s ends are this content's,
    moved by the difference in length. A chunk found at the start, or at the
    end with the bytes it is primed with, has ``last``'s compressed bytes.
    """
    size = len(content)
    if last is None:
        ends = _chunk_ends(content)
        return list(zip([0, *ends], [*ends, size], strict=True)), {}
    before, old, texts = last.content, last.bounds, last.texts
    shift = size - len(before)
    look = len(_CELL_END)
    head = 0  # how many of last's chunks (but its last) begin this content, their ends decided alike
    while head < len(old) - 1:
        start, end = old[head]
        if (end + look > len(before) or not content.startswith(texts[head], start)
                or not content.startswith(before[end : end + look], end)):
            break
        head += 1
    floor = old[head - 1][1] if head else 0  # where reading resumes
    tail = len(old)  # the first of last's chunks of those that end this content as they ended it
    while tail > head + 1:
        start, end = old[tail - 1]
        if start + shift < floor or not content.endswith(texts[tail - 1], 0, end + shift):
            break
        tail -= 1
    resumes = {start + shift: number for number, (start, _) in enumerate(old) if number >= tail}
    ends = [end for _, end in old[:head]]
    read, resumed = _ends_from(content, floor, resumes)
    ends += read
    if resumed is not None:
        ends += [end + shift for _, end in old[resumed:-1]]
    bounds = list(zip([0, *ends], [*ends, size], strict=True))
    reused = {number: last.pieces[number] for number in range(head) if bounds[number] == old[number]}
    if tail < len(old):
        first = old[tail][0]  # primed with the bytes before it (every chunk but the first is longer than that)
        primed_alike = first >= PRIMING and first - PRIMING + shift >= 0 and content.startswith(
            before[first - PRIMING : first], first - PRIMING + shift)
        for number in range(len(bounds) - 1, -1, -1):
            start, end = bounds[number]
            resumed = resumes.get(start)
            if resumed is None or old[resumed][1] + shift != end or (resumed == tail and not primed_alike):
                break
            reused[number] = last.pieces[resumed]
    return bounds, reused


def _chunk_ends(content: bytes) -> list[int]:
    """Where the chunks of ``content`` end but for the last (see :func:`deflated_in_chunks`); empty for one chunk.

    A chunk does not end with a table cell (a paragraph followed by
    :data:`_CELL_END`): a table's rows are much alike, and compressed apart
    they would lose much of what they share.
    """
    if len(content) < CHUNKED_FROM:
        return []
    return _ends_from(content, 0, {})[0]


def _ends_from(content: bytes, floor: int, resumes: dict[int, int]) -> tuple[list[int], int | None]:
    """The chunk ends :func:`_chunk_ends` finds after ``floor`` (a chunk's start), read paragraph by paragraph.

    Reading stops at an end that is a key of ``resumes``; its value is given
    with the ends (None when reading went on to the last paragraph).
    """
    size = len(content)
    step = len(CHUNK_AT)
    ends: list[int] = []
    start = end = floor
    find = content.find
    at = find(CHUNK_AT, end)
    while at >= 0:  # the text after the last paragraph end is no paragraph
        length = at - end
        end = at + step
        if (not length & CHUNK_SELECTOR and end - start >= SMALLEST_CHUNK and end < size
                and not content.startswith(_CELL_END, end)):
            ends.append(end)
            start = end
            resumed = resumes.get(end)
            if resumed is not None:
                return ends, resumed
        at = find(CHUNK_AT, end)
    return ends, None


def stored(name: str, content: bytes) -> Entry:
    """An entry holding ``content`` uncompressed (for media that deflate cannot shrink)."""
    return Entry(name, content, zlib.crc32(content), len(content), STORED)


def read_entries(data: bytes) -> list[Entry]:
    """The entries of the zip in ``data``, in the order of its central directory.

    Deflated and stored members keep their compressed bytes untouched; a
    member compressed any other way is decompressed and deflated afresh.
    Raises :class:`zipfile.BadZipFile` for anything that is not a readable zip.
    """
    entries: list[Entry] = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            if info.flag_bits & 0x1:
                raise zipfile.BadZipFile(f"{info.filename} is encrypted")
            if info.compress_type in (STORED, DEFLATED):
                offset = info.header_offset
                header = _LOCAL.unpack_from(data, offset)
                if header[0] != b"PK\x03\x04":
                    raise zipfile.BadZipFile(f"bad local header for {info.filename}")
                start = offset + _LOCAL.size + header[9] + header[10]
                raw = data[start : start + info.compress_size]
                if len(raw) != info.compress_size:
                    raise zipfile.BadZipFile(f"{info.filename} is truncated")
                entries.append(Entry(info.filename, raw, info.CRC, info.file_size, info.compress_type))
            else:
                entries.append(deflated(info.filename, archive.read(info)))
    return entries


def content(entry: Entry) -> bytes:
    """The uncompressed bytes of ``entry``."""
    if entry.method == STORED:
        return entry.data
    return zlib.decompress(entry.data, -zlib.MAX_WBITS)


def write_zip(entries: Iterable[Entry]) -> bytes:
    """The bytes of a zip holding ``entries`` in the given order, with fixed timestamps.

    Raises :class:`ValueError` for a duplicate name or a member too large for
    a zip without the ZIP64 extension (Word packages never come close).
    """
    out: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    seen: set[str] = set()
    for entry in entries:
        if entry.name in seen:
            raise ValueError(f"duplicate zip entry {entry.name!r}")
        seen.add(entry.name)
        local, record, name = entry.headers
        if offset >= _LIMIT:
            raise ValueError(f"zip entry {entry.name!r} is too large")
        central += (record, _OFFSET.pack(offset), name)
        out += (local, entry.data)
        offset += len(local) + len(entry.data)
    directory = b"".join(central)
    count = len(central) // 3
    if count > 0xFFFF or offset >= _LIMIT:
        raise ValueError("too many or too large zip entries")
    end = _END.pack(b"PK\x05\x06", 0, 0, count, count, len(directory), offset, 0)
    return b"".join(out) + directory + end
