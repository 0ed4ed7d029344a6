"""The commit: staged inside the output folder, one run at a time, every file-system refusal one line."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from folderstate import batch, hidden, outputs, problems

from conftest import EXAMPLE_DIR
from kldocs.cli import cli
from kldocs.engine import output
from kldocs.engine.output import LOCK, MANIFEST, STAGING, OutputFile, check_replaceable, read_manifest, write_outputs
from kldocs.errors import InputError, KldocsError, OutputExists

NAMES = ("0101-koebenhavn.docx", "0147-frederiksberg.docx", "bilag/oversigt.docx")


def at(step: str, action, *, relpath: str | None = None):
    """A fault hook that runs ``action`` at the first call of ``step`` (for ``relpath``, when given)."""
    def fault(name: str, path: str | None = None) -> None:
        if name == step and (relpath is None or path == relpath):
            action()
    return fault


def fail(error: BaseException):
    def action() -> None:
        raise error
    return action


@pytest.fixture
def written(tmp_path) -> Path:
    """An output folder with a batch in it (version 1) and a file of the user's beside it."""
    out = tmp_path / "out"
    write_outputs(out, batch("1", NAMES))
    (out / "egne noter.txt").write_text("mine noter")
    return out


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file in the folder, kldocs's own hidden ones too."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# -- where the batch is made ------------------------------------------------------------------------


def test_a_batch_is_made_in_a_hidden_folder_inside_the_output_folder_never_beside_it(tmp_path, monkeypatch):
    out = tmp_path / "out"
    seen: dict[str, list[str]] = {}

    def look() -> None:
        seen["parent"] = sorted(p.name for p in tmp_path.iterdir())
        seen["out"] = sorted(p.name for p in out.iterdir())
        seen["staging"] = sorted(p.relative_to(out / STAGING).as_posix() for p in (out / STAGING).rglob("*"))

    monkeypatch.setattr(output, "_fault", at("manifest", look))
    write_outputs(out, batch("1", NAMES))
    assert seen["parent"] == ["out"]
    assert seen["out"] == sorted([LOCK, STAGING])
    assert seen["staging"] == ["new", "new/0101-koebenhavn.docx", "new/0147-frederiksberg.docx", "new/bilag",
                               "new/bilag/oversigt.docx", "new/manifest.json"]
    assert sorted(p.name for p in out.iterdir()) == ["0101-koebenhavn.docx", "0147-frederiksberg.docx", "bilag",
                                                     MANIFEST]
    assert problems(out) == []


@pytest.mark.parametrize("relpath", [".kldocs-staging/a.docx", ".kldocs.lock", ".KLDOCS-mine.docx"])
def test_names_kldocs_keeps_for_itself_are_no_output_files(tmp_path, relpath):
    with pytest.raises(InputError, match="which kldocs keeps for its own files"):
        write_outputs(tmp_path / "out", [OutputFile(relpath, "summary", None, "", content=b"x")])
    assert list(tmp_path.iterdir()) == []


def test_the_manifest_never_lists_kldocs_own_files_or_paths_outside_the_folder(written):
    manifest = json.loads((written / MANIFEST).read_text())
    (written / STAGING).mkdir()
    (written / STAGING / "x.docx").write_bytes(b"x")
    manifest["files"] += [{"path": ".kldocs-staging/x.docx", "sha256": "0"}, {"path": "../out/egne noter.txt"},
                          {"path": "/etc/hostname"}]
    (written / MANIFEST).write_text(json.dumps(manifest))
    write_outputs(written, batch("2", NAMES[:1]), force=True)
    assert sorted(read_manifest(written) or {}) == sorted(NAMES)


def test_a_staging_folder_without_a_journal_and_a_stale_lock_file_are_cleared_without_a_word(written, caplog):
    (written / STAGING / "new").mkdir(parents=True)
    (written / STAGING / "new" / "0101-koebenhavn.docx").write_bytes(b"half made")
    (written / LOCK).write_text("")
    write_outputs(written, batch("2", NAMES), force=True)
    assert hidden(written) == [] and [r for r in caplog.records if r.name.startswith("kldocs")] == []
    assert problems(written) == ["egne noter.txt: not in the manifest"]


# -- one run at a time -------------------------------------------------------------------------------


def test_a_second_run_into_the_folder_waits_a_moment_then_stops_with_one_line(written, monkeypatch):
    before = snapshot(written)
    monkeypatch.setattr(output, "LOCK_SECONDS", 0.5)
    holder = output._Lock(written)
    holder.acquire(0)
    try:
        started = time.monotonic()
        with pytest.raises(KldocsError) as caught:
            write_outputs(written, batch("2", NAMES), force=True)
        waited = time.monotonic() - started
    finally:
        holder.release()
    assert caught.value.problems == [
        f"{written}: another kldocs run is writing to this folder (waited 0.5 s); run again when it has finished"]
    assert 0.5 <= waited < 3
    assert snapshot(written) == before
    write_outputs(written, batch("2", NAMES), force=True)
    assert hidden(written) == []


def test_a_run_that_ends_within_the_wait_lets_the_next_one_go_on(written):
    holder = output._Lock(written)
    holder.acquire(0)
    threading.Timer(0.3, holder.release).start()
    write_outputs(written, batch("2", NAMES), force=True)
    assert hidden(written) == [] and problems(written) == ["egne noter.txt: not in the manifest"]


SLOW = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from kldocs.cli import _terminate
    import signal
    from kldocs.engine import output

    signal.signal(signal.SIGTERM, _terminate)
    def slow():
        print("rendering", flush=True)
        time.sleep(60)
        return b"x"
    output.write_outputs(Path(sys.argv[1]), [output.OutputFile("a.docx", "summary", None, "", render=slow)])
""")


def test_a_run_in_another_process_holds_the_folder_until_it_ends(tmp_path, monkeypatch):
    out = tmp_path / "out"
    with subprocess.Popen([sys.executable, "-c", SLOW, str(out)], stdout=subprocess.PIPE,
                          stderr=subprocess.DEVNULL, text=True) as process:
        try:
            assert process.stdout is not None and process.stdout.readline().strip() == "rendering"
            monkeypatch.setattr(output, "LOCK_SECONDS", 0.3)
            with pytest.raises(KldocsError, match=f"^{out}: another kldocs run is writing to this folder"):
                write_outputs(out, batch("1", NAMES))
        finally:
            process.terminate()
            process.wait(timeout=30)
    assert not out.exists(), "the other run, stopped, took away the folder it had made"
    write_outputs(out, batch("1", NAMES))
    assert problems(out) == []


# -- the file system says no -------------------------------------------------------------------------


def test_a_full_disk_while_staging_is_one_line_and_the_folder_is_as_it_was(written, monkeypatch):
    before = snapshot(written)
    full = OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(output, "_fault", at("staged", fail(full), relpath="bilag/oversigt.docx"))
    with pytest.raises(KldocsError) as caught:
        write_outputs(written, batch("2", NAMES), force=True)
    assert caught.value.problems == [
        f"{written}: could not write bilag/oversigt.docx (No space left on device); nothing was written"]
    assert snapshot(written) == before


def test_a_move_refused_while_committing_puts_every_file_back(written, monkeypatch):
    before = snapshot(written)
    refused = PermissionError(errno.EACCES, "Permission denied")
    monkeypatch.setattr(output, "_fault", at("install", fail(refused), relpath="bilag/oversigt.docx"))
    with pytest.raises(KldocsError) as caught:
        write_outputs(written, batch("2", [*NAMES, "nyt/bilag.docx"]), force=True)
    assert caught.value.problems == [
        f"{written}: could not move bilag/oversigt.docx into place (Permission denied); nothing was changed"]
    assert snapshot(written) == before


def test_an_output_folder_below_a_file_is_one_line(tmp_path):
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(KldocsError) as caught:
        write_outputs(tmp_path / "notes.txt" / "out", batch("1", NAMES))
    assert caught.value.problems == [
        f"{tmp_path / 'notes.txt' / 'out'}: cannot be made, {tmp_path / 'notes.txt'} is a file; nothing was written"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]
    result = CliRunner().invoke(cli, ["invitations", str(EXAMPLE_DIR), "--to", "Aarhus",
                                      "--out", str(tmp_path / "notes.txt" / "out")])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"Error: {tmp_path / 'notes.txt' / 'out'}: cannot be made, {tmp_path / 'notes.txt'} is a file; "
        "nothing was written"]


@pytest.mark.parametrize("text, reason", [
    ("[" * 100_000 + "]" * 100_000, "it is nested too deeply"),
    ('{"files": [', "it is not JSON: Expecting value at line 1"),
    ("null", "it is not a kldocs manifest: a list of files, each with its path"),
    ('{"files": [{"path": ["a"]}]}', "it is not a kldocs manifest: a list of files, each with its path"),
    ('{"files": [' + "1" * 5000 + "]}", "it is not JSON kldocs can read: Exceeds the limit"),
    (b"\xff\xfe{}", "it is not UTF-8 text"),
], ids=["deep", "cut-short", "null", "path-not-text", "huge-number", "not-utf8"])
def test_a_broken_manifest_is_one_line_and_force_edited_makes_a_whole_one(written, text, reason):
    manifest = written / MANIFEST
    manifest.write_bytes(text if isinstance(text, bytes) else text.encode())
    before = snapshot(written)
    with pytest.raises(OutputExists) as caught:
        write_outputs(written, batch("2", NAMES), force=True)
    assert len(caught.value.found) == 1
    assert caught.value.found[0].startswith(f"{manifest}: cannot be read ({reason}")
    assert caught.value.found[0].endswith(
        "), so kldocs cannot tell whether the 3 files it would replace were edited by hand")
    assert caught.value.advice == ["nothing was written; use --force with --force-edited to replace them all the same"]
    assert snapshot(written) == before
    write_outputs(written, batch("2", NAMES), force=True, force_edited=True)
    assert problems(written) == ["egne noter.txt: not in the manifest"]


def test_a_deeply_nested_manifest_on_the_command_line_is_one_line_and_no_traceback(tmp_path):
    out = tmp_path / "out"
    args = ["invitations", str(EXAMPLE_DIR), "--to", "Aarhus", "--out", str(out)]
    assert CliRunner().invoke(cli, args).exit_code == 0
    (out / MANIFEST).write_text("[" * 100_000)
    result = CliRunner().invoke(cli, [*args, "--force"])
    assert result.exit_code == 1, result.output
    assert result.output.splitlines() == [
        f"Error: {out / MANIFEST}: cannot be read (it is nested too deeply), so kldocs cannot tell whether the "
        "file it would replace was edited by hand",
        "Error: nothing was written; use --force with --force-edited to replace them all the same",
    ]


# -- real file systems: a mount point, read-only, full (where this test may mount a tmpfs) ------------------


def mount(*args: str) -> bool:
    return os.geteuid() == 0 and subprocess.run(["mount", *args], capture_output=True, check=False).returncode == 0


@pytest.fixture
def tmpfs(tmp_path):
    """``mount(folder, options)`` mounts a tmpfs; skipped where this process may not mount."""
    mounted: list[Path] = []

    def make(folder: Path, options: str = "size=1m") -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        if not mount("-t", "tmpfs", "-o", options, "kldocs-test", str(folder)):
            pytest.skip("needs to mount a tmpfs (root in a container)")
        mounted.append(folder)
        return folder

    yield make
    for folder in reversed(mounted):
        subprocess.run(["umount", str(folder)], check=False)


def test_an_output_folder_that_is_a_mount_point_in_a_read_only_folder_works(tmp_path, tmpfs):
    parent = tmpfs(tmp_path / "ro")
    (parent / "out").mkdir()
    assert mount("-o", "remount,ro", str(parent))
    out = tmpfs(parent / "out")
    write_outputs(out, batch("1", NAMES))
    write_outputs(out, batch("2", [*NAMES, "nyt/bilag.docx"]), force=True)
    assert problems(out) == [] and len(outputs(out)) == 5


def test_a_read_only_file_system_is_one_line(tmp_path, tmpfs):
    out = tmpfs(tmp_path / "out")
    write_outputs(out, batch("1", NAMES))
    before = snapshot(out)
    assert mount("-o", "remount,ro", str(out))
    with pytest.raises(KldocsError) as caught:
        write_outputs(out, batch("2", NAMES), force=True)
    assert caught.value.problems == [f"{out}: cannot write to this folder (Read-only file system); nothing was written"]
    with pytest.raises(KldocsError) as caught:
        write_outputs(out / "new", batch("2", NAMES))
    assert caught.value.problems == [f"{out / 'new'}: cannot make this folder (Read-only file system); "
                                     "nothing was written"]
    assert snapshot(out) == before


def test_a_really_full_disk_is_one_line_and_the_folder_is_as_it_was(tmp_path, tmpfs):
    out = tmpfs(tmp_path / "out", "size=256k")
    write_outputs(out, batch("1", NAMES))
    before = snapshot(out)
    big = OutputFile("stor.docx", "summary", None, "", content=os.urandom(1 << 20))
    with pytest.raises(KldocsError) as caught:
        write_outputs(out, [*batch("2", NAMES), big], force=True)
    assert caught.value.problems == [f"{out}: could not write stor.docx (No space left on device); nothing was written"]
    assert snapshot(out) == before


# -- a check before a write sees the folder as the write will ---------------------------------------------


def test_check_replaceable_touches_nothing_when_it_refuses(written):
    before = {p: p.stat().st_mtime_ns for p in [written, *written.rglob("*")]}
    with pytest.raises(OutputExists):
        check_replaceable(written, list(NAMES))
    check_replaceable(written, list(NAMES), force=True)
    assert {p: p.stat().st_mtime_ns for p in [written, *written.rglob("*")]} == before
