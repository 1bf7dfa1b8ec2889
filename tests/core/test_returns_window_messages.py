"""A return outside the years a file part holds is refused in a whole sentence, in the
reader's language (ictreport.core.file_parts.ReturnsFilePart.check_returns)."""

from django.utils import translation

from finance.file_part import FinanceFilePart
from servicedesk.file_part import ServiceDeskFilePart


def test_a_return_before_the_window_names_its_first_year_and_how_many_it_holds():
    part = ServiceDeskFilePart()  # three years: the report's and the two before
    assert part._window_problem(2016, 2019) == (
        "must not be before 2017-18; the file for 2019-20 holds 3 years of returns")
    with translation.override("cy"):
        assert part._window_problem(2016, 2019) == (
            "ni ddylai fod cyn 2017-18; mae'r ffeil ar gyfer 2019-20 yn cynnwys 3 blynedd "
            "o ffurflenni")
    assert part._window_problem(2017, 2019) is None


def test_a_part_of_one_year_asks_for_the_reports_year_in_welsh_too():
    with translation.override("cy"):
        assert FinanceFilePart()._window_problem(2018, 2019) == (
            "rhaid iddo fod yn flwyddyn yr adroddiad, 2019-20")
