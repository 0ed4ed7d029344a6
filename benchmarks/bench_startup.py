"""Benchmark: the whole ``kldocs`` process, this checkout against an earlier revision, side by side.

Both trees run with the same Python and the same installed libraries; the
earlier one is checked out with ``git worktree`` into a temporary folder and
put first on ``PYTHONPATH``. Alternating between the two, each round times

- ``import kldocs.cli`` in a fresh interpreter,
- ``kldocs --help``,
- ``kldocs check`` on the bundled example,
- ``kldocs invitations --to all`` on the bundled example (98 letters, no PDF),

and prints the median of each with the ratio now/before.

Every run uses a cache folder of the benchmark's own (``XDG_CACHE_HOME``
in a temporary folder), warmed by one untimed round, so the figures are
those of a user's second and later runs: a tree that keeps prepared
templates between runs finds them there, and each tree's modules are read
from the bytecode Python wrote in that round (``PYTHONDONTWRITEBYTECODE`` is
dropped for the runs). The last row runs the invitations
with that cache turned off (``KLDOCS_NO_TEMPLATE_CACHE=1``), as a first run.
Last, the floor of the whole process: a bare Python process that writes the
same 98 finished letters (read before the clock starts), timed in the same
rounds, and the invitations' distance from it (issue 16's target: <= 8x).

Usage: python benchmarks/bench_startup.py [--before REV] [--now REV] [--rounds N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "fixtures" / "programs" / "staerke-boernefaellesskaber-2021"

RUNS = {
    "import kldocs.cli": ["-c", "import kldocs.cli"],
    "kldocs --help": ["-m", "kldocs", "--help"],
    "kldocs check (example)": ["-m", "kldocs", "check", "EXAMPLE"],
    "kldocs invitations --to all": ["-m", "kldocs", "invitations", "EXAMPLE", "--to", "all", "--force",
                                    "--out", "OUT"],
    "  the same, no template cache": ["NOCACHE", "-m", "kldocs", "invitations", "EXAMPLE", "--to", "all",
                                      "--force", "--out", "OUT"],
}


def timed(args: list[str], tree: Path, out: Path, cache: Path) -> float:
    """Seconds for one run of ``args`` with ``tree``'s code, templates and example."""
    env = {**os.environ, "PYTHONPATH": str(tree / "src"), "XDG_CACHE_HOME": str(cache)}
    env.pop("KLDOCS_TEMPLATE_CACHE", None)
    env.pop("KLDOCS_NO_TEMPLATE_CACHE", None)
    # As on a user's machine, each tree's bytecode is written by the warm-up round and read after it: with
    # PYTHONDONTWRITEBYTECODE (set on some build machines), every run would compile kldocs' own modules afresh.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if args[0] == "NOCACHE":
        env["KLDOCS_NO_TEMPLATE_CACHE"] = "1"
        args = args[1:]
    example = tree / EXAMPLE.relative_to(ROOT)
    command = [sys.executable, *(str(out) if a == "OUT" else str(example) if a == "EXAMPLE" else a for a in args)]
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


FLOOR = """
import pathlib, sys
out = pathlib.Path(sys.argv[2])
out.mkdir(exist_ok=True)
for name, data in [(p.name, p.read_bytes()) for p in sorted(pathlib.Path(sys.argv[1]).glob("*.docx"))]:
    (out / name).write_bytes(data)
"""
"""A bare Python process that writes the finished files of a folder into another: the whole process's floor."""


def floor(letters: Path, out: Path) -> float:
    """Seconds for a bare Python process to write the letters in ``letters`` into ``out``."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", FLOOR, str(letters), str(out)], check=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default="bf81b98", help="the earlier revision (default: before the house)")
    parser.add_argument("--now", default=None, help="a later revision to compare instead of this checkout")
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kldocs-bench-startup-") as scratch:
        before = Path(scratch) / "before"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(before), args.before],
                       check=True, capture_output=True)
        now = ROOT
        if args.now:
            now = Path(scratch) / "now"
            subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(now), args.now],
                           check=True, capture_output=True)
        for tree in {before, now} - {ROOT}:
            # kldocs.templates lives at the top of a tree; beside its code, it is found before the installed one
            (tree / "src" / "kldocs" / "templates").symlink_to(tree / "templates")
        try:
            trees = {"before": before, "now": now}
            times: dict[tuple[str, str], list[float]] = {}
            cache = Path(scratch) / "cache"
            for round_ in range(args.rounds + 1):  # the first round warms the cache and is not counted
                for label, run in RUNS.items():
                    for name, tree in trees.items() if round_ % 2 else reversed(trees.items()):
                        out = Path(scratch) / f"out-{name}"
                        seconds = timed(run, tree, out, cache)
                        if round_:
                            times.setdefault((label, name), []).append(seconds)
                if round_:
                    letters = Path(scratch) / "out-now"
                    times.setdefault(("floor", "now"), []).append(floor(letters, Path(scratch) / f"floor-{round_}"))
        finally:
            for tree in {before, now} - {ROOT}:
                subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], check=True)
    against = args.now or "this checkout"
    print(f"median of {args.rounds} rounds, {args.before} against {against} ({os.cpu_count()} cores)")
    print(f"{'':<30}{'before s':>10}{'now s':>10}{'now/before':>12}")
    for label in RUNS:
        b = statistics.median(times[(label, "before")])
        n = statistics.median(times[(label, "now")])
        print(f"{label:<30}{b:>10.3f}{n:>10.3f}{n / b:>12.2f}")
    bare = statistics.median(times[("floor", "now")])
    whole = statistics.median(times[("kldocs invitations --to all", "now")])
    print(f"a bare Python process writing the 98 letters: {bare:.3f} s; kldocs invitations --to all is "
          f"{whole / bare:.1f}x that (target <= 8x)")


if __name__ == "__main__":
    main()
