"""A headline's trend as the small chart an overview card draws."""

from decimal import Decimal

from ictreport.core.sections import Headline
from ictreport.reports.dashboard import card_figure, trend_chart


def test_a_single_year_has_no_trend_to_draw():
    assert trend_chart(Headline("Calls", 19094, trend=(("2019/20", 19094),)), key="k") is None
    assert trend_chart(Headline("Calls", 19094), key="k") is None


def test_trend_chart_keeps_the_years_in_order_and_says_each_value():
    headline = Headline("Variance", Decimal("83194"), format="money",
                        trend=(("2018/19", Decimal("-1200.50")), ("2019/20", Decimal("83194"))))
    chart = trend_chart(headline, key="trend-finance-1")
    assert chart.categories == ("2018/19", "2019/20")
    assert chart.series[0].values == (Decimal("-1200.50"), Decimal("83194"))
    assert chart.format == "money"
    assert chart.alt == "Variance by year, oldest first: 2018/19: -£1,200.50; 2019/20: £83,194."
    assert chart.table.rows[1].cells == ("2019/20", Decimal("83194"))


def test_card_figure_is_small_and_has_no_toolbar():
    headline = Headline("Share", 20, format="percent", trend=(("2018/19", 18), ("2019/20", 20)))
    figure = card_figure(trend_chart(headline, key="k"))
    assert figure["layout"]["height"] == 140
    assert figure["layout"]["showlegend"] is False
    assert figure["layout"]["yaxis"]["ticksuffix"] == "%"
    assert figure["layout"]["yaxis"]["rangemode"] == "tozero"
    assert figure["config"] == {"displayModeBar": False}
    assert figure["data"][0]["y"] == [18, 20]
