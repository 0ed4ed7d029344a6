import datetime as dt

import pytest

from kldocs.danish.when import When


class DescribeParsing:
    @pytest.mark.parametrize(
        ("text", "kind", "start", "end"),
        [
            ("2021-06-14", "date", dt.date(2021, 6, 14), dt.date(2021, 6, 14)),
            ("2021-08-16 12:00", "datetime", dt.date(2021, 8, 16), dt.date(2021, 8, 16)),
            ("2021-08-16T9.30", "datetime", dt.date(2021, 8, 16), dt.date(2021, 8, 16)),
            ("2021-08", "month", dt.date(2021, 8, 1), dt.date(2021, 8, 31)),
            ("2024-02", "month", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
            ("2017-Q4", "quarter", dt.date(2017, 10, 1), dt.date(2017, 12, 31)),
            ("2018-q1", "quarter", dt.date(2018, 1, 1), dt.date(2018, 3, 31)),
        ],
    )
    def it_reads_every_form_a_time_plan_uses(self, text, kind, start, end):
        when = When.parse(text)
        assert (when.kind, when.start, when.end) == (kind, start, end)

    def it_keeps_the_time_of_day(self):
        when = When.parse("2021-08-16 12:00")
        assert when.as_datetime() == dt.datetime(2021, 8, 16, 12, 0)
        assert str(when) == "2021-08-16 12:00"

    @pytest.mark.parametrize("text", ["2021-13", "2021-02-30", "2021-08-16 25:00"])
    def it_refuses_dates_that_do_not_exist(self, text):
        with pytest.raises(ValueError, match="not a real date"):
            When.parse(text)

    @pytest.mark.parametrize("text", ["16/8 2021", "august", "2021-Q5", ""])
    def it_explains_the_forms_it_accepts(self, text):
        with pytest.raises(ValueError, match="YYYY-MM-DD"):
            When.parse(text)

    def it_accepts_dates_and_datetimes(self):
        assert When.parse(dt.date(2021, 1, 2)).kind == "date"
        assert When.parse(dt.datetime(2021, 1, 2, 3, 4)).kind == "datetime"


class DescribeOrder:
    def it_puts_a_month_after_the_days_in_it_since_it_is_done_by_its_end(self):
        items = [When.parse(t) for t in ["2021-09-14", "2021-08", "2021-08-16 12:00", "2021-Q3"]]
        ordered = [str(w) for w in sorted(items, key=lambda w: w.sort_key)]
        assert ordered == ["2021-08-16 12:00", "2021-08", "2021-09-14", "2021-Q3"]

    def it_knows_the_half_year(self):
        assert When.parse("2021-06-30").half == 1
        assert When.parse("2021-07").half == 2
        assert When.parse("2021-Q3").half == 2
