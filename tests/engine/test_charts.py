"""Charts: legible bar charts as PNG, the same bytes for the same data."""

import io
import struct

import pytest
from PIL import Image

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
        first = horizontal_bars(LABELS, [6, 5, 5], totals=[29, 17, 22])
        second = horizontal_bars(LABELS, [6, 5, 5], totals=[29, 17, 22])
        assert first == second

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
