"""No LibreOffice outlives its run: every soffice runs in a process group of its own, killed whole at the end.

Each test marks the processes it starts with an environment variable of its
own, and looks in /proc for any that are left.
"""

from __future__ import annotations

import datetime as dt
import signal
import stat
import subprocess
import sys
import tempfile
import textwrap
import time
import uuid
from pathlib import Path

import pytest
from folderstate import hidden, kill_all, processes_marked, wait_until_gone
from pypdf import PdfWriter

from conftest import EXAMPLE_DIR
from docxfactory import docx_bytes, paragraph
from kldocs.engine import pdf
from kldocs.engine.output import STAGING, document, write_outputs
from kldocs.engine.pdf import SOFFICE_ENV, convert_to_pdf, profile_seed
from kldocs.engine.template import CoreProperties, PreparedTemplate
from kldocs.errors import ConversionError

MARK = "KLDOCS_TEST_MARK"


@pytest.fixture
def mark(monkeypatch) -> str:
    """A mark every process this test starts inherits; whatever is left of them is killed afterwards."""
    value = f"test-{uuid.uuid4()}"
    monkeypatch.setenv(MARK, value)
    yield value
    kill_all(value)


@pytest.fixture
def scratch(tmp_path, monkeypatch) -> Path:
    """The temporary folder of this test, where convert_to_pdf keeps profiles and logs."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", None)  # read again from TMPDIR
    return folder


@pytest.fixture
def fake_soffice(tmp_path, monkeypatch) -> Path:
    """A stand-in for soffice that leaves a child of its own running, and then hangs, or (``FAKE=finish``) ends.

    Ending, it writes a one-page PDF of each document and leaves its child
    behind, as a LibreOffice that forked a helper might.
    """
    blank = tmp_path / "blank.pdf"
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    with blank.open("wb") as stream:
        writer.write(stream)
    script = tmp_path / "fake-soffice"
    script.write_text(textwrap.dedent(f"""\
        #!{sys.executable}
        import os, shutil, subprocess, sys, time
        from pathlib import Path
        args = sys.argv[1:]
        subprocess.Popen(["sleep", "600"])
        if os.environ.get("FAKE") == "finish":
            outdir = Path(args[args.index("--outdir") + 1])
            for doc in args[args.index("--outdir") + 2:]:
                shutil.copy({str(blank)!r}, outdir / (Path(doc).stem + ".pdf"))
            sys.exit(0)
        time.sleep(600)
    """))
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv(SOFFICE_ENV, str(script))
    return script


@pytest.fixture
def no_profile(monkeypatch) -> None:
    """No profile is set up (that has a test of its own)."""
    monkeypatch.setattr(pdf, "profile_seed", lambda program: None)


def documents(folder: Path, count: int = 3) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = folder / f"d{i}.docx"
        path.write_bytes(b"x")
        paths.append(path)
    return paths


@pytest.mark.usefixtures("no_profile")
def test_libreoffice_out_of_time_is_killed_with_every_process_it_started(tmp_path, fake_soffice, mark, scratch):
    with pytest.raises(ConversionError, match="did not finish converting 3 documents within 1 seconds"):
        convert_to_pdf(documents(tmp_path / "docs"), tmp_path / "pdf", processes=2, timeout=0.5)
    assert wait_until_gone(mark) == []
    assert list(scratch.iterdir()) == []


@pytest.mark.usefixtures("no_profile")
@pytest.mark.parametrize("interruption", [KeyboardInterrupt, SystemExit], ids=["Ctrl-C", "exit"])
def test_an_interruption_while_converting_kills_every_libreoffice(tmp_path, fake_soffice, mark, scratch, interruption):
    def progress(phase: str, done: int, total: int) -> None:
        if len([p for p in processes_marked(mark) if " sleep " in p]) == 2:  # both started, each with its child
            raise interruption

    with pytest.raises(interruption):
        convert_to_pdf(documents(tmp_path / "docs"), tmp_path / "pdf", processes=2, timeout=30, progress=progress)
    assert wait_until_gone(mark) == []
    assert list(scratch.iterdir()) == []


@pytest.mark.usefixtures("no_profile")
def test_what_a_finished_libreoffice_left_running_is_killed_too(tmp_path, fake_soffice, mark, scratch, monkeypatch):
    monkeypatch.setenv("FAKE", "finish")
    pdfs = convert_to_pdf(documents(tmp_path / "docs"), tmp_path / "pdf", processes=2)
    assert [p.name for p in pdfs] == ["d0.pdf", "d1.pdf", "d2.pdf"]
    assert wait_until_gone(mark) == []


def test_setting_up_a_profile_that_hangs_is_given_up_and_killed(tmp_path, fake_soffice, mark, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(pdf, "STARTUP_SECONDS", 0.5)
    started = time.monotonic()
    assert profile_seed(str(fake_soffice)) is None
    assert time.monotonic() - started < 10
    assert wait_until_gone(mark) == []


@pytest.mark.usefixtures("no_profile")
def test_a_failed_batch_with_pdf_leaves_no_libreoffice_and_no_staging_folder(tmp_path, fake_soffice, mark, scratch):
    prepared = PreparedTemplate.from_bytes(docx_bytes(lambda d: paragraph(d, "{{ x }}")), "t.docx")
    properties = CoreProperties("Brev", created=dt.datetime(2021, 6, 14))
    files = [document(prepared, {"x": str(i)}, properties, relpath=f"{i}.docx", kind="invitation", record=str(i))
             for i in range(3)]
    out = tmp_path / "out"
    with pytest.raises(ConversionError):
        write_outputs(out, files, pdf=True, pdf_timeout=0.5)
    assert wait_until_gone(mark) == []
    assert not out.exists() and list(scratch.iterdir()) == []


# -- with the real LibreOffice, in a real run of the command line ------------------------------------------

RUN = textwrap.dedent("""
    import sys
    from kldocs.cli import main
    sys.argv = ["kldocs", "invitations", sys.argv[1], "--to", "Region Midtjylland", "--out", sys.argv[2], "--pdf"]
    main()
""")


@pytest.mark.soffice
@pytest.mark.parametrize(("signum", "code", "line"), [
    (signal.SIGTERM, 143, "Stopped (SIGTERM); nothing more was written"),
    (signal.SIGINT, 130, "Interrupted (Ctrl-C); nothing more was written"),
], ids=["SIGTERM", "SIGINT"])
def test_a_signal_while_libreoffice_converts_leaves_no_libreoffice_and_no_staging_folder(
        tmp_path, mark, scratch, signum, code, line):
    out = tmp_path / "out"
    (out / "egne noter.txt").parent.mkdir()
    (out / "egne noter.txt").write_text("mine noter")
    with subprocess.Popen([sys.executable, "-c", RUN, str(EXAMPLE_DIR), str(out)], cwd=tmp_path,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as process:
        deadline = time.monotonic() + 120
        while not [p for p in processes_marked(mark) if " soffice.bin " in p and STAGING in p]:
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "LibreOffice never began to convert"
            time.sleep(0.05)
        assert (out / STAGING).is_dir()
        process.send_signal(signum)
        _, stderr = process.communicate(timeout=60)
    assert process.returncode == code, stderr
    assert stderr.strip().splitlines() == [line]
    assert wait_until_gone(mark) == []
    assert sorted(p.name for p in out.iterdir()) == ["egne noter.txt"] and hidden(out) == []
    assert list(scratch.iterdir()) == []
