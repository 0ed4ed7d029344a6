"""A template cannot hang kldocs or take all memory: each is refused in one line, within seconds."""

from __future__ import annotations

import datetime as dt
import time
import tracemalloc

import pytest

from docxfactory import docx_bytes, paragraph, text
from kldocs.engine.template import CoreProperties, PreparedTemplate
from kldocs.errors import RenderError

PROPS = CoreProperties("Brev", created=dt.datetime(2021, 6, 14))


def render(tag: str) -> bytes:
    template = PreparedTemplate.from_bytes(docx_bytes(lambda d: paragraph(d, tag)), "brev.docx")
    return template.render({"name": "Aarhus"}, PROPS, record="Aarhus")


@pytest.mark.parametrize(("tag", "says"), [
    ("{{ 'x' * 10**10 }}", "'*' would make a value of 10,000,000,000 items"),
    ("{{ 10 ** 10000000 }}", "'**' with the power 10,000,000"),
    ("{{ 'x' * 10000000 }}", "'*' would make a value of 10,000,000 items"),
    ("{{ [1] * 100000000 }}", "'*' would make a value"),
    ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}", "more than 1,000,000 steps"),
    ("{% for i in range(99999) %}{{ 'x' * 99999 }}{% endfor %}", "more than 10,000,000 characters"),
    ("{{ name|center(1000000000) }}", "the filter 'center' was given the width 1,000,000,000"),
], ids=["repeat-power", "power", "repeat", "list", "nested-range", "output", "center"])
def test_a_template_past_the_limits_is_refused_in_one_line_within_seconds(tag, says):
    started = time.monotonic()
    tracemalloc.start()
    try:
        with pytest.raises(RenderError) as refused:
            render(tag)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert time.monotonic() - started < 10
    assert peak < 500_000_000, f"{peak:,} bytes at the peak"
    assert len(refused.value.problems) == 1 and says in refused.value.problems[0]


def test_what_real_letters_do_stays_within_the_limits():
    data = render("{% for i in range(1000) %}{{ name * 3 }} {{ 2 ** 10 }}|{% endfor %}")
    assert text(data).count("AarhusAarhusAarhus 1024|") == 1000
