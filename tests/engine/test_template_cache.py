"""Prepared templates are kept between runs in the user's cache, and a kept entry is trusted only when it is sound."""

from __future__ import annotations

import json
import marshal
import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from conftest import EXAMPLE_DIR
from docxfactory import docx_bytes, footer, header, paragraph
from kldocs.engine import template as template_module
from kldocs.engine import templatecache
from kldocs.engine.template import CoreProperties, PreparedTemplate, cache_key
from kldocs.errors import TemplateError
from kldocs.resources import (
    NO_CACHE_ENV,
    NO_TEMPLATE_CACHE_ENV,
    TEMPLATE_CACHE_ENV,
    kept_in,
    read_cached,
    template_cache,
    write_cached,
)

PROPS = CoreProperties("Brev", created=__import__("datetime").datetime(2021, 6, 14))
CONTEXT = {"name": "Ærø & Als", "case": "21/123"}


def letter() -> bytes:
    def build(d):
        paragraph(d, "Kære {{ name }}")
        header(d, "Sags ID: {{ case }}")
        footer(d, "Side")

    return docx_bytes(build)


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    """A template cache of this test's own, with nothing prepared in this process yet."""
    folder = tmp_path / "templates"
    monkeypatch.setenv(TEMPLATE_CACHE_ENV, str(folder))
    monkeypatch.delenv(NO_TEMPLATE_CACHE_ENV, raising=False)
    template_module._prepared.cache_clear()
    yield folder
    template_module._prepared.cache_clear()


def fresh(data: bytes, name: str = "letter.docx") -> PreparedTemplate:
    """The template prepared as a new run would: nothing kept in this process."""
    template_module._prepared.cache_clear()
    return PreparedTemplate.from_bytes(data, name)


class DescribeTheCacheFolder:
    def it_is_in_the_users_cache_by_default(self, monkeypatch, tmp_path):
        monkeypatch.delenv(TEMPLATE_CACHE_ENV, raising=False)
        monkeypatch.delenv(NO_TEMPLATE_CACHE_ENV, raising=False)
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
        assert template_cache() == tmp_path / "kldocs" / "templates"

    def it_can_be_put_elsewhere_or_turned_off(self, monkeypatch, tmp_path):
        monkeypatch.setenv(TEMPLATE_CACHE_ENV, str(tmp_path / "mine"))
        assert template_cache() == tmp_path / "mine"
        monkeypatch.setenv(NO_TEMPLATE_CACHE_ENV, "1")
        assert template_cache() is None
        monkeypatch.setenv(NO_TEMPLATE_CACHE_ENV, "0")
        assert template_cache() == tmp_path / "mine"

    def it_is_turned_off_with_every_cache(self, monkeypatch, tmp_path):
        monkeypatch.setenv(TEMPLATE_CACHE_ENV, str(tmp_path / "mine"))
        monkeypatch.delenv(NO_TEMPLATE_CACHE_ENV, raising=False)
        monkeypatch.setenv(NO_CACHE_ENV, "1")
        assert template_cache() is None and kept_in("charts") is None
        monkeypatch.setenv(NO_CACHE_ENV, "0")
        assert template_cache() == tmp_path / "mine" and kept_in("charts") is not None


class DescribeAKeptTemplate:
    def it_is_kept_under_the_key_of_its_bytes_readable_by_the_user_only(self, cache):
        data = letter()
        fresh(data)
        (entry,) = cache.iterdir()
        assert entry.name == cache_key(data)
        assert cache.stat().st_mode & 0o077 == 0
        assert read_cached(cache, entry.name) is not None

    def it_renders_the_same_bytes_as_a_template_prepared_afresh(self, cache, monkeypatch):
        data = letter()
        first = fresh(data).render(CONTEXT, PROPS)
        kept = fresh(data)  # from the cache now
        assert kept.render(CONTEXT, PROPS) == first
        monkeypatch.setenv(NO_TEMPLATE_CACHE_ENV, "1")
        uncached = fresh(data)
        assert uncached.render(CONTEXT, PROPS) == first
        assert (kept.variables, kept.optional, kept.accesses) == (
            uncached.variables, uncached.optional, uncached.accesses)

    def it_is_not_prepared_again_when_it_is_kept(self, cache, monkeypatch):
        data = letter()
        fresh(data)
        calls = []
        original = PreparedTemplate._analyse
        monkeypatch.setattr(PreparedTemplate, "_analyse",
                            classmethod(lambda cls, d, n: calls.append(n) or original.__func__(cls, d, n)))
        fresh(data)
        assert calls == []

    def its_key_changes_with_the_bytes_and_with_kldocs_version(self, cache, monkeypatch):
        data = letter()
        key = cache_key(data)
        assert cache_key(data + b"\0") != key
        monkeypatch.setattr("kldocs.__version__", "999.0")
        templatecache.code_version.cache_clear()
        try:
            assert cache_key(data) != key
        finally:
            templatecache.code_version.cache_clear()

    def it_is_not_kept_when_the_cache_is_turned_off(self, cache, monkeypatch):
        monkeypatch.setenv(NO_TEMPLATE_CACHE_ENV, "1")
        fresh(letter())
        assert not cache.exists()

    def it_is_never_kept_when_it_has_problems(self, cache):
        data = docx_bytes(lambda d: paragraph(d, "Kære {{ name"))
        with pytest.raises(TemplateError):
            fresh(data)
        assert not cache.exists() or list(cache.iterdir()) == []


def damaged(entry: bytes) -> list[bytes]:
    """``entry`` cut short, with a byte changed, emptied, and of another format."""
    flipped = bytearray(entry)
    flipped[len(entry) // 2] ^= 0xFF
    return [entry[: len(entry) // 2], bytes(flipped), b"", b"kldocs-cache 9\n" + entry[15:]]


class DescribeADoubtfulEntry:
    @pytest.mark.parametrize("how", range(4), ids=["truncated", "flipped", "empty", "other-format"])
    def it_is_prepared_afresh_and_replaced(self, cache, how):
        data = letter()
        expected = fresh(data).render(CONTEXT, PROPS)
        path = cache / cache_key(data)
        sound = path.read_bytes()
        path.write_bytes(damaged(sound)[how])
        assert read_cached(cache, path.name) is None
        assert fresh(data).render(CONTEXT, PROPS) == expected
        assert path.read_bytes() == sound

    @pytest.mark.parametrize("payload", [
        b"not marshal at all",
        marshal.dumps(["a", "list"]),
        marshal.dumps({"key": "another key"}),
    ], ids=["not-marshal", "not-a-dict", "wrong-key"])
    def it_is_prepared_afresh_when_its_content_is_not_what_was_kept(self, cache, payload):
        data = letter()
        expected = fresh(data).render(CONTEXT, PROPS)
        write_cached(cache, cache_key(data), payload)
        assert fresh(data).render(CONTEXT, PROPS) == expected
        assert marshal.loads(read_cached(cache, cache_key(data)))["key"] == cache_key(data)

    @pytest.mark.parametrize("spoil", [
        lambda c: (c[0], c[1], "not code", *c[3:]),
        lambda c: c[:5],  # as the format before drawings were known
        lambda c: (*c[:5], "yes"),
    ], ids=["code", "no-drawings", "drawings-not-bool"])
    def it_is_prepared_afresh_when_a_fact_has_the_wrong_shape(self, cache, spoil, monkeypatch):
        data = letter()
        expected = fresh(data).render(CONTEXT, PROPS)
        key = cache_key(data)
        facts = marshal.loads(read_cached(cache, key))
        facts["compiled"] = [spoil(c) for c in facts["compiled"]]
        write_cached(cache, key, marshal.dumps(facts))
        calls = []
        original = PreparedTemplate._analyse
        monkeypatch.setattr(PreparedTemplate, "_analyse",
                            classmethod(lambda cls, d, n: calls.append(n) or original.__func__(cls, d, n)))
        assert fresh(data).render(CONTEXT, PROPS) == expected
        assert len(calls) == 1

    def it_is_not_read_from_a_folder_others_may_write_to(self, cache):
        data = letter()
        fresh(data)
        os.chmod(cache, 0o777)
        try:
            assert read_cached(cache, cache_key(data)) is None
        finally:
            os.chmod(cache, 0o700)


class DescribeWritingAtOnce:
    def it_never_shows_a_reader_half_an_entry(self, tmp_path):
        folder = tmp_path / "c"
        payloads = [bytes([n]) * 200_000 for n in range(1, 5)]
        seen: list[bytes | None] = []
        stop = threading.Event()

        def write(payload: bytes) -> None:
            for _ in range(20):
                write_cached(folder, "k", payload)

        def read() -> None:
            while not stop.is_set():
                seen.append(read_cached(folder, "k"))

        reader = threading.Thread(target=read)
        reader.start()
        writers = [threading.Thread(target=write, args=(p,)) for p in payloads]
        for w in writers:
            w.start()
        for w in writers:
            w.join()
        stop.set()
        reader.join()
        assert {s for s in seen if s is not None} <= set(payloads)
        assert read_cached(folder, "k") in payloads
        assert [p.name for p in folder.iterdir()] == ["k"]


LOADED = textwrap.dedent("""
    import json, sys
    from kldocs.cli import cli
    try:
        cli(sys.argv[1:], prog_name="kldocs")
    except SystemExit as exc:
        code = exc.code
    print(json.dumps([code, sorted({m.split(".")[0] for m in sys.modules} & {"docx", "docxtpl"})]), file=sys.stderr)
""")


def test_a_second_run_imports_neither_docxtpl_nor_python_docx(tmp_path):
    env = {**os.environ, TEMPLATE_CACHE_ENV: str(tmp_path / "cache")}
    env.pop(NO_TEMPLATE_CACHE_ENV, None)
    args = ["invitations", str(EXAMPLE_DIR), "--to", "all", "--force", "--out", str(tmp_path / "out")]
    runs = []
    for _ in range(2):
        result = subprocess.run([sys.executable, "-c", LOADED, *args], capture_output=True, text=True, env=env,
                                cwd=tmp_path, check=False)
        runs.append(json.loads(result.stderr.strip().splitlines()[-1]))
    assert runs[0] == [0, ["docx", "docxtpl"]]  # the first run prepares the template: docxtpl pre-processes it
    assert runs[1] == [0, []]
    assert len(list((tmp_path / "out").glob("*.docx"))) == 98


def test_an_entry_someone_else_may_write_to_is_not_trusted(tmp_path):
    from kldocs.resources import read_cached, write_cached

    folder = tmp_path / "cache"
    write_cached(folder, "k", b"payload")
    assert read_cached(folder, "k") == b"payload"
    (folder / "k").chmod(0o666)
    assert read_cached(folder, "k") is None


def test_an_entry_that_is_a_link_is_not_followed(tmp_path):
    from kldocs.resources import read_cached, write_cached

    folder = tmp_path / "cache"
    write_cached(folder, "real", b"payload")
    (folder / "k").symlink_to(folder / "real")
    assert read_cached(folder, "real") == b"payload"
    assert read_cached(folder, "k") is None


def test_entries_untouched_for_long_are_removed_when_one_is_written(tmp_path):
    import os
    import time

    from kldocs.resources import STALE_DAYS, read_cached, write_cached

    folder = tmp_path / "cache"
    write_cached(folder, "old", b"old")
    write_cached(folder, "recent", b"recent")
    long_ago = time.time() - (STALE_DAYS + 1) * 86400
    os.utime(folder / "old", (long_ago, long_ago))
    write_cached(folder, "new", b"new")
    assert not (folder / "old").exists()
    assert read_cached(folder, "recent") == b"recent" and read_cached(folder, "new") == b"new"
