"""Safe file names: built from codes and slugs, and never leading out of the output folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kldocs.danish.filenames import (
    MAX_SLUG,
    Inside,
    check_relpath,
    municipality_filename,
    safe_filename,
    safe_join,
    slugify,
)
from kldocs.errors import InputError
from kldocs.reference.municipalities import registry


@pytest.mark.parametrize(("name", "slug"), [
    ("København", "koebenhavn"),
    ("Lyngby-Taarbæk", "lyngby-taarbaek"),
    ("Ærø", "aeroe"),
    ("Høje-Taastrup", "hoeje-taastrup"),
    ("Aabenraa", "aabenraa"),
    ("Frederiksberg  Kommune", "frederiksberg-kommune"),
    ("Ålborg/../etc", "aalborg-etc"),
    ("Café Müller", "cafe-mueller"),
    ("..", ""),
])
def test_slugify_spells_danish_letters_the_danish_way(name, slug):
    assert slugify(name) == slug


def test_slugify_treats_decomposed_and_composed_letters_alike():
    assert slugify("A\u030arhus") == slugify("\u00c5rhus") == "aarhus"


def test_slugs_are_bounded_and_cut_at_a_hyphen():
    slug = slugify("meget " * 40)
    assert len(slug) <= MAX_SLUG
    assert not slug.endswith("-")
    assert slug.startswith("meget-meget")


def test_every_municipality_gets_a_distinct_safe_name():
    names = [municipality_filename(m.code, m.name, ".docx") for m in registry().all]
    assert len(set(names)) == 98
    assert "0101-koebenhavn.docx" in names
    assert "0492-aeroe.docx" in names
    for name in names:
        assert check_relpath(name) == []
        assert name.isascii()


@pytest.mark.parametrize("code", ["abc", "0", "10000", "-1", "1e3", "１２"])
def test_bad_codes_are_refused(code):
    with pytest.raises(ValueError):
        municipality_filename(code, "X", ".docx")


@pytest.mark.parametrize("suffix", ["docx", ".DOCX", "./x", ".docx/.."])
def test_bad_suffixes_are_refused(suffix):
    with pytest.raises(ValueError):
        municipality_filename(101, "København", suffix)


def test_reserved_windows_names_are_avoided():
    assert safe_filename("CON", ".docx") == "con-fil.docx"
    assert safe_filename("lpt1", ".pdf") == "lpt1-fil.pdf"
    assert safe_filename("Netværk – oversigt", ".docx") == "netvaerk-oversigt.docx"
    with pytest.raises(ValueError):
        safe_filename("???", ".docx")


@pytest.mark.parametrize("relpath", [
    "../x.docx", "a/../../x.docx", "/etc/passwd", "C:/x.docx", "a//b.docx", "./x.docx",
    "a\\..\\x.docx", "nul.docx", "x.docx.", "x\x00.docx", "a:b.docx", "", "x" * 300 + ".docx",
    "A\u030arhus.docx",
])
def test_safe_join_refuses_paths_that_could_escape_or_break(tmp_path, relpath):
    with pytest.raises(InputError):
        safe_join(tmp_path, relpath)


def test_safe_join_accepts_plain_relative_paths(tmp_path):
    assert safe_join(tmp_path, "pdf/0101-koebenhavn.pdf") == tmp_path.resolve() / "pdf" / "0101-koebenhavn.pdf"


def test_safe_join_refuses_a_symlink_leading_outside(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    os.symlink(outside, out / "link")
    with pytest.raises(InputError, match="leads outside"):
        safe_join(out, "link/x.docx")
    assert safe_join(Path(out), "x.docx").parent == out.resolve()


def test_many_paths_in_one_folder_are_judged_as_one_at_a_time(tmp_path):
    """Inside resolves each folder once; every path is still judged as resolving it whole would."""
    outside = tmp_path / "outside"
    (outside / "deeper").mkdir(parents=True)
    out = tmp_path / "out"
    (out / "a" / "b").mkdir(parents=True)
    os.symlink(outside, out / "away")  # a folder link leading out
    os.symlink(out / "a", out / "here")  # a folder link staying in
    os.symlink(outside / "file.docx", out / "a" / "leak.docx")  # a file link leading out
    os.symlink(out / "a" / "b", out / "a" / "b" / "loop")  # a link round in a circle, still inside
    os.symlink("../../away/deeper", out / "a" / "b" / "relative")  # a relative link through another link
    os.symlink(out / "a" / "b" / "gone.docx", out / "a" / "dangling.docx")  # a link to nothing, inside
    relpaths = ["x.docx", "a/x.docx", "a/b/x.docx", "away/x.docx", "away/deeper/x.docx", "here/x.docx",
                "here/b/x.docx", "a/leak.docx", "here/leak.docx", "a/b/loop/x.docx", "a/b/loop/loop/x.docx",
                "a/b/relative/x.docx", "a/dangling.docx", "new/folder/x.docx"]
    inside = Inside(out)
    for relpath in relpaths * 2:  # the second time from what it keeps
        stays = (out.resolve() / relpath).resolve().is_relative_to(out.resolve())
        if stays:
            assert inside.join(relpath) == safe_join(out, relpath) == out.resolve() / relpath, relpath
        else:
            with pytest.raises(InputError, match="leads outside"):
                inside.join(relpath)
    assert [r for r in relpaths if not (out.resolve() / r).resolve().is_relative_to(out.resolve())] == [
        "away/x.docx", "away/deeper/x.docx", "a/leak.docx", "here/leak.docx", "a/b/relative/x.docx"]


@pytest.mark.parametrize("relpath", ["circle/x.docx", "x.docx", "here/x.docx"])
def test_links_that_go_round_in_a_circle_are_refused(tmp_path, relpath):
    out = tmp_path / "out"
    out.mkdir()
    os.symlink(out / "circle", out / "circle")
    os.symlink(out / "x.docx", out / "x.docx")
    os.symlink(out / "circle", out / "here")
    with pytest.raises(InputError, match="go round in a circle"):
        Inside(out).join(relpath)
