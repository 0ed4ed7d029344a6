"""Charts: legible bar charts as PNG, the same bytes for the same data."""

import hashlib
import importlib.util
import io
import os
import struct
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from PIL import Image

from kldocs import resources
from kldocs.engine import charts
from kldocs.engine.charts import DPI, WIDTH_MM, Chart, horizontal_bars


def chunks(png: bytes) -> list[bytes]:
    """The chunk types of a PNG file, in order."""
    types, pos = [], 8
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos:pos + 4])
        types.append(png[pos + 4:pos + 8])
        pos += 12 + length
    return types


LABELS = ["Hovedstaden", "Sjælland", "Syddanmark"]


class DescribeHorizontalBars:
    def it_draws_the_same_bytes_twice(self):
        spec = (tuple(LABELS), (6, 5, 5), (29, 17, 22), ("6", "5", "5"), "Antal kommuner", False)
        assert charts._bars(*spec) == charts._bars(*spec)  # drawn twice: neither kept in the process nor on disk

    def it_draws_from_matplotlibs_defaults_whatever_a_matplotlibrc_says(self, tmp_path, monkeypatch):
        spec = (tuple(LABELS), (6, 5, 5), None, ("6", "5", "5"), "", False)
        plain = charts._bars(*spec)
        (tmp_path / "matplotlibrc").write_text("savefig.bbox: tight\nsavefig.pad_inches: 2\nfigure.facecolor: red\n")
        monkeypatch.chdir(tmp_path)  # a matplotlibrc in the current folder is read when matplotlib is imported
        child = ("import sys; from kldocs.engine import charts; "
                 f"sys.stdout.buffer.write(charts._bars(*{spec!r}))")
        drawn = subprocess.run([sys.executable, "-c", child], capture_output=True, check=True).stdout
        assert drawn == plain

    def it_differs_when_the_data_does(self):
        assert horizontal_bars(LABELS, [6, 5, 5]) != horizontal_bars(LABELS, [6, 5, 4])

    def it_carries_no_time_or_software_stamp(self):
        png = horizontal_bars(LABELS, [6, 5, 5], labels_above=True)
        assert b"tIME" not in chunks(png)
        assert b"Software" not in png and b"matplotlib" not in png.lower()

    def it_is_drawn_for_the_text_width_at_print_resolution(self):
        png = horizontal_bars(LABELS, [6, 5, 5])
        with Image.open(io.BytesIO(png)) as image:
            assert image.format == "PNG"
            assert abs(image.width - WIDTH_MM / 25.4 * DPI) <= 1

    def it_grows_taller_with_more_bars(self):
        few = Chart("a", horizontal_bars(LABELS[:2], [1, 2]), "", "")
        many = Chart("b", horizontal_bars(LABELS * 3, [1, 2, 3] * 3), "", "")
        assert many.size[1] > few.size[1]
        assert few.size[0] == many.size[0]

    def it_refuses_labels_and_values_that_do_not_match(self):
        with pytest.raises(ValueError, match="as many labels as values"):
            horizontal_bars(LABELS, [1, 2])
        with pytest.raises(ValueError, match="at least one bar"):
            horizontal_bars([], [])

    def it_draws_a_title_with_a_character_its_font_lacks_without_a_warning(self, monkeypatch):
        monkeypatch.setenv("KLDOCS_NO_CACHE", "1")
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # a warning would fail the test
            assert horizontal_bars(["Fællesskab \N{WOMAN} og \N{SMILING FACE WITH SMILING EYES}"], [3]).startswith(
                b"\x89PNG")

    def it_draws_bars_of_nothing(self):
        png = horizontal_bars(LABELS, [0, 0, 0])
        assert png.startswith(b"\x89PNG")


class DescribeChart:
    def it_reads_its_size_from_the_png_header(self):
        chart = Chart("x", horizontal_bars(LABELS, [1, 2, 3]), "alt", "caption")
        with Image.open(io.BytesIO(chart.png)) as image:
            assert chart.size == image.size

    def it_makes_a_data_uri(self):
        chart = Chart("x", horizontal_bars(LABELS, [1, 2, 3]), "alt", "caption")
        assert chart.data_uri.startswith("data:image/png;base64,iVBORw0KGgo")


class DescribeKeptCharts:
    """A chart drawn once is kept between runs, and read back while its data and the drawing code are the same."""

    @pytest.fixture
    def cache(self, tmp_path, monkeypatch):
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
        monkeypatch.delenv("KLDOCS_NO_CACHE", raising=False)
        charts._kept_bars.cache_clear()  # each test starts as a new run does
        yield tmp_path / "kldocs" / "charts"
        charts._kept_bars.cache_clear()

    @pytest.fixture
    def drawn(self, monkeypatch):
        """The specs drawn (not read back) in the test."""
        calls = []
        draw = charts._bars

        def counting(*spec):
            calls.append(spec)
            return draw(*spec)

        monkeypatch.setattr(charts, "_bars", counting)
        return calls

    def it_reads_back_what_it_drew_in_an_earlier_run(self, cache, drawn):
        first = horizontal_bars(LABELS, [6, 5, 5], totals=[29, 17, 22])
        charts._kept_bars.cache_clear()  # the next run
        assert horizontal_bars(LABELS, [6, 5, 5], totals=[29, 17, 22]) == first
        assert len(drawn) == 1 and len(list(cache.iterdir())) == 1

    def it_draws_other_data_afresh(self, cache, drawn):
        horizontal_bars(LABELS, [6, 5, 5])
        horizontal_bars(LABELS, [6, 5, 4])
        horizontal_bars(LABELS, [6, 5, 4], xlabel="Antal kommuner")
        assert len(drawn) == 3 and len(list(cache.iterdir())) == 3

    def it_draws_afresh_when_the_drawing_code_or_a_library_changes(self, cache, drawn, monkeypatch):
        horizontal_bars(LABELS, [6, 5, 5])
        charts._kept_bars.cache_clear()
        monkeypatch.setattr(charts, "drawing_version", lambda: "matplotlib upgraded")
        horizontal_bars(LABELS, [6, 5, 5])
        assert len(drawn) == 2

    def it_gives_another_drawing_version_when_a_stamped_file_changes(self, tmp_path, monkeypatch):
        module = tmp_path / "charts.py"
        module.write_text("# drawing code\n")
        monkeypatch.setattr(charts, "_DRAWING", (str(module),))
        charts.drawing_version.cache_clear()
        try:
            first = charts.drawing_version()
            module.write_text("# drawing code, edited\n")
            charts.drawing_version.cache_clear()
            assert charts.drawing_version() != first
        finally:
            charts.drawing_version.cache_clear()

    def it_stamps_the_drawing_code_and_the_libraries_it_draws_with(self):
        assert charts._DRAWING == ("charts.py", "../networks/chart.py")
        here = Path(charts.__file__).resolve().parent
        assert all((here / name).is_file() for name in charts._DRAWING)
        for package, names in charts._LIBRARIES.items():
            spec = importlib.util.find_spec(package)
            assert spec is not None and spec.origin
            assert all((Path(spec.origin).parent / name).is_file() for name in names), package

    @pytest.mark.parametrize("damage", ["cut", "flipped", "not a png"])
    def it_draws_afresh_in_place_of_a_damaged_or_foreign_entry(self, cache, drawn, damage):
        first = horizontal_bars(LABELS, [6, 5, 5])
        (entry,) = cache.iterdir()
        data = entry.read_bytes()
        if damage == "cut":
            entry.write_bytes(data[: len(data) // 2])
        elif damage == "flipped":
            entry.write_bytes(data[:-10] + bytes([data[-10] ^ 1]) + data[-9:])
        else:  # well framed, but not a picture
            payload = b"<html>not a chart</html>"
            entry.write_bytes(data[: len(resources._MAGIC)] + hashlib.sha256(payload).digest() + payload)
        charts._kept_bars.cache_clear()
        assert horizontal_bars(LABELS, [6, 5, 5]) == first
        assert len(drawn) == 2
        assert entry.read_bytes() == data  # replaced by the chart drawn again

    def it_keeps_nothing_with_the_cache_turned_off(self, cache, drawn, monkeypatch):
        monkeypatch.setenv("KLDOCS_NO_CACHE", "1")
        horizontal_bars(LABELS, [6, 5, 5])
        charts._kept_bars.cache_clear()
        horizontal_bars(LABELS, [6, 5, 5])
        assert len(drawn) == 2 and not cache.exists()

    def it_neither_imports_matplotlib_nor_draws_when_every_chart_is_kept(self, tmp_path, example_dir):
        """`kldocs check` on an unchanged folder: the networks' heat map and the summary's bars are read back."""
        child = (
            "import sys; from kldocs.cli import main\n"
            "sys.argv = ['kldocs', 'check', sys.argv[1]]\n"
            "try:\n    main()\nexcept SystemExit as exit:\n    assert not exit.code, exit.code\n"
            "print('matplotlib' in sys.modules)\n"
        )
        env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
        env.pop("KLDOCS_NO_CACHE", None)
        runs = [subprocess.run([sys.executable, "-c", child, str(example_dir)], env=env, capture_output=True,
                               text=True, check=True).stdout.splitlines()[-1] for _ in range(2)]
        assert runs == ["True", "False"]  # the first run draws
        assert len(list((tmp_path / "kldocs" / "charts").iterdir())) == 3  # the heat map and two bar charts
