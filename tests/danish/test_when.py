import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from docxfactory import as_read
from kldocs.danish.formatting import format_date
from kldocs.danish.when import EXAMPLES, FORMS, IN_SHORT, When, in_calendar_order


class DescribeParsingIso:
    @pytest.mark.parametrize(
        ("text", "kind", "start", "end"),
        [
            ("2021-06-14", "date", dt.date(2021, 6, 14), dt.date(2021, 6, 14)),
            ("2021-08-16 12:00", "datetime", dt.date(2021, 8, 16), dt.date(2021, 8, 16)),
            ("2025-05-05T12:00", "datetime", dt.date(2025, 5, 5), dt.date(2025, 5, 5)),
            ("2021-08-16T9.30", "datetime", dt.date(2021, 8, 16), dt.date(2021, 8, 16)),
            ("2025-05-05/2025-06-30", "range", dt.date(2025, 5, 5), dt.date(2025, 6, 30)),
            ("2025-05/2025-06", "range", dt.date(2025, 5, 1), dt.date(2025, 6, 30)),
            ("2026-W12", "week", dt.date(2026, 3, 16), dt.date(2026, 3, 22)),
            ("2026w53", "week", dt.date(2026, 12, 28), dt.date(2027, 1, 3)),  # numbered in its Thursday's year
            ("2021-08", "month", dt.date(2021, 8, 1), dt.date(2021, 8, 31)),
            ("2024-02", "month", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
            ("2017-Q4", "quarter", dt.date(2017, 10, 1), dt.date(2017, 12, 31)),
            ("2018-q1", "quarter", dt.date(2018, 1, 1), dt.date(2018, 3, 31)),
            ("2025-H2", "half", dt.date(2025, 7, 1), dt.date(2025, 12, 31)),
            ("2026-h1", "half", dt.date(2026, 1, 1), dt.date(2026, 6, 30)),
            ("2025", "year", dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
        ],
    )
    def it_reads_every_iso_form(self, text, kind, start, end):
        when = When.parse(text)
        assert (when.kind, when.start, when.end) == (kind, start, end)

    def it_reads_a_year_that_yaml_gave_as_a_number(self):
        assert When.parse(2025) == When.parse("2025")

    def it_keeps_the_time_of_day(self):
        when = When.parse("2021-08-16 12:00")
        assert when.as_datetime() == dt.datetime(2021, 8, 16, 12, 0)
        assert str(when) == "2021-08-16 12:00"

    @pytest.mark.parametrize(
        ("text", "written"),
        [("2025-05-05T12:00", "2025-05-05 12:00"), ("2025-05-05/2025-06-30", "2025-05-05/2025-06-30"),
         ("2025q4", "2025-Q4"), ("2025-h2", "2025-H2"), ("2025", "2025"), ("2026-w5", "2026-W05")],
    )
    def it_writes_itself_back_in_iso(self, text, written):
        assert str(When.parse(text)) == written
        assert When.parse(str(When.parse(text))) == When.parse(text)


class DescribeParsingDanish:
    @pytest.mark.parametrize(
        ("text", "iso"),
        [
            ("5. maj 2025", "2025-05-05"),
            ("den 5. maj 2025", "2025-05-05"),
            ("fredag den 5. maj 2017", "2017-05-05"),
            ("5. maj 2025 kl. 12.00", "2025-05-05 12:00"),
            ("16. august 2021 kl.12.00", "2021-08-16 12:00"),  # as the seed's time plan writes it
            ("mandag den 16. august 2021 kl. 12.00", "2021-08-16 12:00"),
            ("5. maj 2025 kl. 9", "2025-05-05 09:00"),
            ("2026-12-03 kl. 13.00", "2026-12-03 13:00"),  # ISO day, Danish time: as a consultant wrote it
            ("2026-12-03, kl. 9:30", "2026-12-03 09:30"),
            ("5. maj – 30. juni 2025", "2025-05-05/2025-06-30"),
            ("5. maj 2025 – 30. juni 2025", "2025-05-05/2025-06-30"),
            ("5.–7. maj 2025", "2025-05-05/2025-05-07"),
            ("5. maj - 30. juni 2025", "2025-05-05/2025-06-30"),
            ("15. december – 15. januar 2026", "2025-12-15/2026-01-15"),
            ("maj – juni 2025", "2025-05/2025-06"),
            ("maj 2025", "2025-05"),
            ("uge 12 2026", "2026-W12"),
            ("Uge 12, 2026", "2026-W12"),
            ("uge 1 i 2027", "2027-W01"),
            ("August 2021", "2021-08"),
            ("sep. 2025", "2025-09"),
            ("4. kvartal 2017", "2017-Q4"),
            ("andet halvår 2025", "2025-H2"),
            ("Første halvår 2026", "2026-H1"),
            ("2. halvår 2025", "2025-H2"),
            ("2021 – andet halvår", "2021-H2"),  # the heading of a half-year in kldocs' time plans
            ("2025", "2025"),
            ("  5.\u00a0maj   2025 ", "2025-05-05"),
            # a plan in quarters, weeks and years, as a three-year partnership writes it
            ("første kvartal 2027", "2027-Q1"),
            ("Fjerde kvartal 2027", "2027-Q4"),
            ("1. kvt. 2027", "2027-Q1"),
            ("Q1 2027", "2027-Q1"),
            ("1.–2. kvartal 2027", "2027-Q1/2027-Q2"),
            ("1. kvartal 2027 – 2. kvartal 2027", "2027-Q1/2027-Q2"),
            ("første – andet kvartal 2027", "2027-Q1/2027-Q2"),
            ("4. kvartal 2027 – 1. kvartal 2028", "2027-Q4/2028-Q1"),
            ("første – andet halvår 2027", "2027-H1/2027-H2"),
            ("uge 10–12 2029", "2029-W10/2029-W12"),
            ("uge 10 – uge 12 2029", "2029-W10/2029-W12"),
            ("2027–2029", "2027/2029"),
            ("2027-2029", "2027/2029"),
        ],
    )
    def it_reads_the_danish_kldocs_prints(self, text, iso):
        assert str(When.parse(text)) == iso

    @pytest.mark.parametrize("text", EXAMPLES)
    def it_reads_back_what_it_writes(self, text):
        when = When.parse(text)
        assert When.parse(format_date(when)) == when

    @pytest.mark.parametrize(
        "iso",
        ["2025-05-05", "2025-05-05 12:00", "2025-05-05/2025-06-30", "2025-12-15/2026-01-15", "2025-05/2025-06",
         "2025-05", "2026-W12", "2026-W53", "2025-Q4", "2025-H1", "2025-H2", "2025", "2027-Q1/2027-Q2",
         "2027-Q4/2028-Q1", "2027-H1/2027-H2", "2029-W10/2029-W12", "2026-W52/2027-W02", "2027/2029"],
    )
    def it_reads_its_own_danish_of_every_form(self, iso):
        when = When.parse(iso)
        assert When.parse(format_date(when)) == when

    @pytest.mark.parametrize(("iso", "danish"), [
        ("2027-Q1/2027-Q2", "1.–2. kvartal 2027"), ("2029-W10/2029-W12", "uge 10–12 2029"),
        ("2027/2029", "2027–2029"), ("2027-H1/2027-H2", "første halvår – andet halvår 2027"),
        ("2027-Q4/2028-Q1", "4. kvartal 2027 – 1. kvartal 2028"),
    ])
    def it_writes_a_span_of_quarters_weeks_or_years_as_danes_do(self, iso, danish):
        assert as_read(format_date(When.parse(iso))) == danish


class DescribeThePartsOfAMonthOrYearAndTheSeasons:
    """``primo marts 2027``, ``ultimo 2026``, ``efteråret 2026``: as KL's letters say a time (trial 17)."""

    @pytest.mark.parametrize(("text", "start", "end", "written"), [
        ("primo marts 2027", "2027-03-01", "2027-03-10", "primo marts 2027"),
        ("medio juni 2026", "2026-06-11", "2026-06-20", "medio juni 2026"),
        ("Ultimo februar 2028", "2028-02-21", "2028-02-29", "ultimo februar 2028"),
        ("ultimo 2026", "2026-12-01", "2026-12-31", "ultimo 2026"),
        ("primo 2027", "2027-01-01", "2027-01-31", "primo 2027"),
        ("medio 2027", "2027-06-01", "2027-07-31", "medio 2027"),
        ("efteråret 2026", "2026-09-01", "2026-11-30", "efteråret 2026"),
        ("i efteråret 2021", "2021-09-01", "2021-11-30", "efteråret 2021"),  # as the seed's letter says it
        ("forår 2027", "2027-03-01", "2027-05-31", "foråret 2027"),
        ("sommeren 2026", "2026-06-01", "2026-08-31", "sommeren 2026"),
        ("vinteren 2026/27", "2026-12-01", "2027-02-28", "vinteren 2026/27"),
        ("vinter 2027/2028", "2027-12-01", "2028-02-29", "vinteren 2027/28"),
    ])
    def it_reads_them_with_their_days_and_writes_them_as_a_letter_does(self, text, start, end, written):
        when = When.parse(text)
        assert (when.start.isoformat(), when.end.isoformat()) == (start, end)
        assert format_date(when) == str(when) == written
        assert When.parse(written) == when == When.parse(str(when))  # as a manifest or a JSON dump keeps it

    def it_leaves_out_the_year_a_time_plans_heading_gives(self):
        assert format_date("primo marts 2027", omit_year=2027) == "primo marts"
        assert format_date("efteråret 2026", omit_year=2026) == "efteråret"
        assert format_date("ultimo 2026", omit_year=2026) == "ultimo året"
        assert format_date("vinteren 2026/27", omit_year=2026) == "vinteren 2026/27"  # in two years: both said

    def it_sorts_them_by_their_end(self):
        texts = ["ultimo marts 2027", "efteråret 2026", "primo marts 2027", "15. marts 2027", "vinteren 2026/27"]
        ordered = sorted((When.parse(t) for t in texts), key=lambda w: w.sort_key)
        assert [format_date(w) for w in ordered] == ["efteråret 2026", "vinteren 2026/27", "primo marts 2027",
                                                     "15.\u00a0marts 2027", "ultimo marts 2027"]

    @pytest.mark.parametrize(("text", "says"), [
        ("vinteren 2027", "a winter runs from December into the next year; write both, as in 'vinteren 2027/28'"),
        ("vinteren 2026/28", "a winter runs from December 2026 into 2027; write 'vinteren 2026/27'"),
        ("efteråret 2026/27", "efteråret lies in one year; write 'efteråret 2026'"),
    ])
    def it_refuses_a_winter_without_its_two_years_and_another_season_with_them(self, text, says):
        with pytest.raises(ValueError, match=re.escape(says)):
            When.parse(text)

    def it_suggests_the_word_meant(self):
        with pytest.raises(ValueError, match=re.escape("(did you mean 'ultimo'?)")):
            When.parse("ultmo 2026")


class DescribeRefusing:
    @pytest.mark.parametrize(
        "text", ["2021-13", "2021-02-30", "2021-08-16 25:00", "30. februar 2025", "5. maj 2025 kl. 24.30"]
    )
    def it_refuses_dates_that_do_not_exist(self, text):
        with pytest.raises(ValueError, match="not a real date"):
            When.parse(text)

    @pytest.mark.parametrize("text", ["16/8 2021", "2021-Q5", "2025-H3", "snart", "5 maj 2025", ""])
    def it_gives_an_example_of_every_form(self, text):
        with pytest.raises(ValueError) as info:
            When.parse(text)
        message = str(info.value)
        assert IN_SHORT in message
        for example in ["5. maj 2025", "5. maj 2025 kl. 12.00", "2025-05-05T12:00", "5. maj – 30. juni 2025",
                        "2025-05-05/2025-06-30", "uge 12 2026", "2026-W12", "maj 2025", "primo marts 2027",
                        "4. kvartal 2025", "2025-Q4", "efteråret 2025", "andet halvår 2025", " 2025, "]:
            assert example in message
        assert "\n" not in message and len(message) < 350  # one line a terminal shows (trial 17: 450 characters)

    def it_describes_every_form_in_the_schema(self):
        for example in ["2025-05", "medio juni 2026", "ultimo 2026", "vinteren 2026/27", "2025-H2", "(2025)"]:
            assert example in FORMS

    @pytest.mark.parametrize(("text", "weeks"), [("uge 53 2027", 52), ("2027-W00", 52), ("2026-W54", 53)])
    def it_refuses_a_week_the_year_does_not_have(self, text, weeks):
        with pytest.raises(ValueError, match=rf"is not a week: \d{{4}} has weeks 1 to {weeks}"):
            When.parse(text)

    def it_asks_for_the_year_of_a_week(self):
        with pytest.raises(ValueError, match="gives no year; write it as in 'uge 12 2026'"):
            When.parse("uge 12")

    def it_suggests_the_month_meant(self):
        with pytest.raises(ValueError, match=r"^'14\. septembr 2021' is not a date \(did you mean 'september'\?\)"):
            When.parse("14. septembr 2021")

    @pytest.mark.parametrize(("text", "example"), [("august", "maj 2025"), ("16. august kl. 12.00", "5. maj 2025")])
    def it_asks_for_the_year(self, text, example):
        with pytest.raises(ValueError, match=f"gives no year; write it as in '{example}'"):
            When.parse(text)

    def it_checks_the_weekday(self):
        with pytest.raises(ValueError, match=r"5\. maj 2017 is a fredag, not a lørdag"):
            When.parse("lørdag den 5. maj 2017")

    @pytest.mark.parametrize("text", ["30. juni – 5. maj 2025", "2025-06-30/2025-05-05", "1. juli – 1. februar 2026"])
    def it_refuses_a_range_that_ends_before_it_starts(self, text):
        with pytest.raises(ValueError, match="ends before it starts"):
            When.parse(text)

    @pytest.mark.parametrize(("text", "once"), [("2026-2026", "2026"), ("maj – maj 2025", "2025-05"),
                                                ("2025-05-05/2025-05-05", "2025-05-05"),
                                                ("uge 10–10 2029", "2029-W10")])
    def it_refuses_a_range_with_the_same_two_ends(self, text, once):
        with pytest.raises(ValueError, match=f"the range starts and ends in {once}; write it once"):
            When.parse(text)

    @pytest.mark.parametrize("text", ["andet halvår 2025 – 2026", "maj – 30. juni 2025", "2025-05-05/2025-06"])
    def it_refuses_a_range_between_different_kinds(self, text):
        with pytest.raises(ValueError, match="a range runs between two of a kind"):
            When.parse(text)

    def it_refuses_what_is_not_text(self):
        with pytest.raises(ValueError, match="is not a date"):
            When.parse(True)

    def it_accepts_dates_and_datetimes(self):
        assert When.parse(dt.date(2021, 1, 2)).kind == "date"
        assert When.parse(dt.datetime(2021, 1, 2, 3, 4)).kind == "datetime"


class DescribeOrder:
    def it_puts_a_month_after_the_days_in_it_since_it_is_done_by_its_end(self):
        items = [When.parse(t) for t in ["2021-09-14", "2021-08", "2021-08-16 12:00", "2021-Q3"]]
        ordered = [str(w) for w in sorted(items, key=lambda w: w.sort_key)]
        assert ordered == ["2021-08-16 12:00", "2021-08", "2021-09-14", "2021-Q3"]

    def it_sorts_every_kind_by_its_end_and_the_more_precise_first(self):
        texts = ["2025", "2025-H2", "2025-Q4", "2025-12", "2025-12-01/2025-12-31", "2025-12-31", "2025-12-31 09:00",
                 "2025-H1", "2025-05-05/2025-06-30"]
        ordered = [str(w) for w in sorted((When.parse(t) for t in texts), key=lambda w: w.sort_key)]
        assert ordered == ["2025-05-05/2025-06-30", "2025-H1", "2025-12-31 09:00", "2025-12-31",
                           "2025-12-01/2025-12-31", "2025-12", "2025-Q4", "2025-H2", "2025"]

    @pytest.mark.parametrize(("first", "then", "precedes"), [
        ("2025-09-24", "2025-09-25", True),
        ("2025-09-25 10:00", "2025-09-25 14:00", True),
        ("2025-09-25 14:00", "2025-09-25 10:00", False),
        ("2025-09-25", "2025-09-25 14:00", False),  # the whole day is not over before its afternoon
        ("2025-09-25 10:00", "2025-09-25", False),
        ("2025-Q3", "2025-09-25", False),  # a span and a day within it: neither
        ("2025-09-25", "2025-Q3", False),
        ("2025-Q3", "2025-10-01", True),
        ("2025-05-05/2025-06-30", "2025-Q2", False),  # overlapping spans: neither
        ("2025-05-05/2025-06-30", "2025-H2", True),
        ("2025-09-25", "2025-09-25", False),
    ])
    def it_precedes_what_begins_after_it_is_over(self, first, then, precedes):
        assert When.parse(first).precedes(When.parse(then)) is precedes

    def it_puts_in_calendar_order_only_what_the_calendar_orders(self):
        def order(*texts):
            return [str(w) for w in in_calendar_order([When.parse(t) for t in texts], lambda w: w)]

        assert order("2025-09-25", "2025-Q3", "2025-10-08") == ["2025-09-25", "2025-Q3", "2025-10-08"]
        assert order("2025-Q3", "2025-09-25") == ["2025-Q3", "2025-09-25"]
        assert order("2026-01-13", "2025-09-25 14:00", "2025-09-25 10:00") == [
            "2025-09-25 10:00", "2025-09-25 14:00", "2026-01-13"]
        # each in turn is the first as given that nothing left is over before
        assert order("2025-09-25", "2025-Q3", "2025-07-01") == ["2025-Q3", "2025-07-01", "2025-09-25"]

    @given(st.lists(st.sampled_from(["2025-07-01", "2025-09-25", "2025-09-25 10:00", "2025-09-25 14:00", "2025-Q3",
                                     "2025-Q4", "2025-09", "2025-H2", "2025-09-20/2025-10-10", "2026"]), max_size=8))
    def it_orders_any_plan_so_that_none_comes_after_one_it_is_over_before(self, texts):
        items = [When.parse(t) for t in texts]
        ordered = in_calendar_order(items, lambda w: w)
        assert sorted(map(str, ordered)) == sorted(map(str, items))
        assert not any(ordered[j].precedes(ordered[i]) for i in range(len(ordered)) for j in range(i + 1, len(ordered)))
        if not any(items[j].precedes(items[i]) for i in range(len(items)) for j in range(i + 1, len(items))):
            assert ordered == items  # a plan in calendar order is left as it is

    def it_knows_the_half_year(self):
        assert When.parse("2021-06-30").half == 1
        assert When.parse("2021-07").half == 2
        assert When.parse("2021-Q3").half == 2
        assert When.parse("2025-H2").half == 2
        assert When.parse("5. maj – 30. september 2025").half == 1  # a span is in the half it starts in

    def it_knows_whether_it_lies_in_a_year(self):
        assert When.parse("5. maj – 30. juni 2025").within_year(2025)
        assert not When.parse("15. december 2025 – 15. januar 2026").within_year(2025)
        assert When.parse("2025").within_year(2025)

    @pytest.mark.parametrize("text", ["2025-05", "2025-Q4", "2025-H2", "2025", "2025-05-05/2025-06-30"])
    def it_is_a_day_only_when_it_is_one(self, text):
        with pytest.raises(ValueError, match="not a day"):
            When.parse(text).as_date()
