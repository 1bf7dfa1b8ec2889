"""Data entry: one admin page enters a quarter's budget and spend for every line, and
every rule is refused at the field that breaks it, through the real admin forms."""

from decimal import Decimal

import pytest

from finance.models import BudgetLine, CommentaryThreshold, FinanceReturn, LineFigure
from ictreport.core.periods import Quarter
from tests.factories import FinancialYearFactory, OrganisationFactory
from tests.finance.factories import BudgetLineFactory, record

pytestmark = pytest.mark.django_db

ADD = "/en/admin/finance/financereturn/add/"


@pytest.fixture
def lines(gwent):
    FinancialYearFactory(start_year=2019)
    return [BudgetLineFactory(organisation=gwent, name=name, position=n)
            for n, name in enumerate(["SRS Collaboration", "Airwave", "DSD"], start=1)]


def post_data(organisation, rows, *, year=2019, quarter=Quarter.Q1, initial=0,
              fill_in_use=True, **fields):
    """The page as posted. Every line in use must be given, so with ``fill_in_use`` the
    organisation's lines in use that ``rows`` leave out are appended, with figures."""
    rows = list(rows)
    if fill_in_use:
        given = {r["line"] for r in rows}
        rows += [row(line, "1000", "250") for line in
                 BudgetLine.objects.filter(organisation=organisation, active=True)
                 if line.pk not in given]
    data = {
        "organisation": organisation.pk, "year": year, "quarter": int(quarter),
        "stated_budget": "", "stated_expenditure": "", "stated_variance": "",
        "lines-TOTAL_FORMS": len(rows), "lines-INITIAL_FORMS": initial,
        "lines-MIN_NUM_FORMS": 0, "lines-MAX_NUM_FORMS": 1000,
    }
    for index, given in enumerate(rows):
        given = {"commentary": "", "discrepancy": "", **given}
        data.update({f"lines-{index}-{key}": value for key, value in given.items()})
    data.update(fields)
    return data


def row(line, budget="100000", expenditure="25000", **extra):
    return {"line": line.pk, "budget": budget, "expenditure": expenditure, **extra}


def field_errors(response):
    """Every error on the page: {"return.<field>" or "lines[i].<field>": [messages]}."""
    errors = {f"return.{k}": v for k, v in response.context["adminform"].form.errors.items()}
    formset = response.context["inline_admin_formsets"][0].formset
    for index, form in enumerate(formset.forms):
        errors.update({f"lines[{index}].{k}": v for k, v in form.errors.items()})
    if formset.non_form_errors():
        errors["lines"] = list(formset.non_form_errors())
    return errors


def test_one_page_enters_every_lines_quarter(staff_client, gwent, lines):
    response = staff_client.post(ADD, post_data(gwent, [
        row(lines[0], "4706996", "1000000.50"), row(lines[1], "584472", "150000"),
        row(lines[2], "1511953", "600000", commentary="Responsibilities moved to the DSD."),
    ]))
    assert response.status_code == 302
    finance_return = FinanceReturn.objects.get()
    assert (finance_return.organisation, finance_return.year_id, finance_return.quarter) == (
        gwent, 2019, Quarter.Q1)
    assert list(finance_return.lines.values_list("line__name", "budget", "expenditure")) == [
        ("SRS Collaboration", Decimal("4706996"), Decimal("1000000.50")),
        ("Airwave", Decimal("584472"), Decimal("150000")),
        ("DSD", Decimal("1511953"), Decimal("600000")),
    ]


def test_new_return_offers_every_line_in_use_with_its_latest_budget(staff_client, gwent,
                                                                    lines):
    lines[1].active = False
    lines[1].save()
    record(gwent, 2019, Quarter.Q1, {"SRS Collaboration": ("4706996", "1"), "DSD": ("5", "1")})
    record(gwent, 2019, Quarter.Q2, {"SRS Collaboration": ("4800000", "1")})
    response = staff_client.get(f"{ADD}?organisation={gwent.pk}&year=2019&quarter=3")
    formset = response.context["inline_admin_formsets"][0].formset
    assert [form.initial for form in formset.forms] == [
        {"line": lines[0].pk, "budget": Decimal("4800000")},
        {"line": lines[2].pk, "budget": Decimal("5")},
    ]
    assert response.context["adminform"].form.initial["quarter"] == 3


def test_first_quarter_starts_with_empty_budgets(staff_client, gwent, lines):
    response = staff_client.get(f"{ADD}?organisation={gwent.pk}&year=2019&quarter=1")
    formset = response.context["inline_admin_formsets"][0].formset
    assert [form.initial.get("budget") for form in formset.forms] == [None, None, None]


def test_only_the_organisations_lines_are_offered(staff_client, gwent, lines):
    other = BudgetLineFactory(organisation=OrganisationFactory(), name="Elsewhere")
    response = staff_client.get(f"{ADD}?organisation={gwent.pk}")
    choices = response.context["inline_admin_formsets"][0].formset.forms[0].fields["line"]
    assert other not in choices.queryset and lines[0] in choices.queryset


@pytest.mark.parametrize(("change", "error"), [
    ({"expenditure": "-0.01"}, ("lines[1].expenditure", "Enter an amount of £0 or more.")),
    ({"budget": "-5"}, ("lines[1].budget", "Enter an amount of £0 or more.")),
    ({"budget": "lots"}, ("lines[1].budget",
                          "Airwave, Annual budget (£): enter a number in plain figures, "
                          "such as 1234.5 or 1,234.5 (no letters, spaces or exponents; "
                          "commas only between thousands).")),
    ({"expenditure": "10.001"},
     ("lines[1].expenditure", "Ensure that there are no more than 2 decimal places.")),
    ({"expenditure": ""}, ("lines[1].expenditure",
                           "Airwave, Expenditure (£): enter a figure; enter 0 if there were "
                           "none this quarter.")),
])
def test_bad_figure_is_refused_at_its_field(staff_client, gwent, lines, change, error):
    rows = [row(lines[0]), {**row(lines[1]), **change}]
    response = staff_client.post(ADD, post_data(gwent, rows))
    assert response.status_code == 200
    field, message = error
    assert field_errors(response) == {field: [message]}
    assert not FinanceReturn.objects.exists() and not LineFigure.objects.exists()


def test_a_line_twice_is_refused(staff_client, gwent, lines):
    response = staff_client.post(ADD, post_data(gwent, [row(lines[0]), row(lines[0])]))
    assert field_errors(response)["lines"] == [
        "A budget line can be given only once in a return; remove the repeated row."]
    assert not FinanceReturn.objects.exists()


def test_another_organisations_line_is_refused_at_the_line(staff_client, gwent, lines):
    elsewhere = BudgetLineFactory(organisation=OrganisationFactory(name="Newport"))
    response = staff_client.post(ADD, post_data(gwent, [row(lines[0]), row(elsewhere)]))
    assert field_errors(response) == {"lines[1].line": [
        "This budget line belongs to another organisation; choose one of Gwent Police's "
        "lines."]}
    assert not FinanceReturn.objects.exists()


def test_quarter_refused_in_a_year_holding_a_full_year_return(staff_client, gwent, lines):
    record(gwent, 2019, Quarter.FULL_YEAR, {"Airwave": ("1", "1")})
    response = staff_client.post(ADD, post_data(gwent, [row(lines[0])], quarter=Quarter.Q2))
    assert field_errors(response) == {"return.quarter": [
        "This year already has a full-year return; it cannot also have quarterly ones."]}
    assert FinanceReturn.objects.count() == 1


def test_full_year_refused_in_a_year_holding_quarters(staff_client, gwent, lines):
    record(gwent, 2019, Quarter.Q1, {"Airwave": ("1", "1")})
    response = staff_client.post(ADD, post_data(gwent, [row(lines[0])],
                                                quarter=Quarter.FULL_YEAR))
    assert field_errors(response) == {"return.quarter": [
        "This year already has quarterly returns; it cannot also have a full-year one."]}


def test_second_return_for_a_period_refused(staff_client, gwent, lines):
    record(gwent, 2019, Quarter.Q1, {"Airwave": ("1", "1")})
    response = staff_client.post(ADD, post_data(gwent, [row(lines[0])], quarter=Quarter.Q1))
    assert field_errors(response) == {"return.__all__": [
        "This organisation already has a return for that period."]}
    assert FinanceReturn.objects.count() == 1


def test_stated_totals_refused_on_a_quarter(staff_client, gwent, lines):
    response = staff_client.post(ADD, post_data(gwent, [row(lines[0])], quarter=Quarter.Q1,
                                                stated_budget="100000"))
    assert field_errors(response) == {"return.stated_budget": [
        "Only a full-year return, copied from a document, states the document's totals; "
        "leave this empty for a quarter."]}


def test_stated_totals_kept_on_a_full_year(staff_client, gwent, lines):
    response = staff_client.post(ADD, post_data(
        gwent, [row(lines[0])], quarter=Quarter.FULL_YEAR, stated_budget="100000",
        stated_expenditure="25001", stated_variance="-74999"))
    assert response.status_code == 302
    assert FinanceReturn.objects.get().stated_variance == Decimal(-74999)


def test_negative_stated_budget_refused(staff_client, gwent, lines):
    response = staff_client.post(ADD, post_data(gwent, [row(lines[0])],
                                                quarter=Quarter.FULL_YEAR, stated_budget="-1"))
    assert field_errors(response) == {"return.stated_budget": ["Enter an amount of £0 or more."]}


def test_change_page_revises_lines_and_removes_one_no_longer_in_use(staff_client, gwent,
                                                                    lines):
    finance_return = record(gwent, 2019, Quarter.Q1,
                            {"SRS Collaboration": ("100", "10"), "Airwave": ("200", "20")})
    BudgetLine.objects.filter(pk__in=[lines[1].pk, lines[2].pk]).update(active=False)
    srs, airwave = finance_return.lines.order_by("line__position")
    url = f"/en/admin/finance/financereturn/{finance_return.pk}/change/"
    data = post_data(gwent, [
        {**row(lines[0], "150", "10"), "id": srs.pk, "finance_return": finance_return.pk},
        {**row(lines[1], "200", "20"), "id": airwave.pk, "finance_return": finance_return.pk,
         "DELETE": "on"},
    ], initial=2, version=FinanceReturn.objects.get().version)
    assert staff_client.post(url, data).status_code == 302
    assert list(finance_return.lines.values_list("line__name", "budget")) == [
        ("SRS Collaboration", Decimal(150))]


def test_a_line_in_use_cannot_be_removed(staff_client, gwent, lines):
    finance_return = record(gwent, 2019, Quarter.Q1, {
        "SRS Collaboration": ("100", "10"), "Airwave": ("200", "20"), "DSD": ("1", "1")})
    figures = list(finance_return.lines.order_by("line__position"))
    url = f"/en/admin/finance/financereturn/{finance_return.pk}/change/"
    data = post_data(gwent, [
        {**row(line, "1", "1"), "id": figure.pk, "finance_return": finance_return.pk}
        for line, figure in zip(lines, figures, strict=True)
    ], initial=3, version=FinanceReturn.objects.get().version)
    data["lines-1-DELETE"] = "on"
    response = staff_client.post(url, data)
    assert field_errors(response) == {"lines": [
        "Airwave: its figures cannot be removed; enter 0 where there were none this "
        "quarter."]}
    assert finance_return.lines.count() == 3


def test_change_page_says_what_blocks_submission(staff_client, gwent):
    finance_return = record(gwent, 2019, Quarter.FULL_YEAR, {"DSD": ("1511953", "2338490")})
    page = staff_client.get(f"/en/admin/finance/financereturn/{finance_return.pk}/change/")
    assert "DSD: a variance of -£826,537 passes the commentary threshold" in (
        page.content.decode().replace("&#x27;", "'"))


def test_return_list_links_each_organisations_next_quarter(staff_client, gwent):
    FinancialYearFactory(start_year=2020)
    record(gwent, 2019, Quarter.Q4, {"A": ("1", "1")})
    newport = OrganisationFactory(name="Newport City Council", slug="newport")
    response = staff_client.get("/en/admin/finance/financereturn/")
    page = response.content.decode()
    assert f"{ADD}?organisation={gwent.pk}&amp;year=2020&amp;quarter=1" in page
    assert f"{ADD}?organisation={newport.pk}\"" in page
    assert "Enter a return for Newport City Council" in page


def test_threshold_needs_a_percentage_or_an_amount(staff_client, gwent):
    response = staff_client.post("/en/admin/finance/commentarythreshold/add/",
                                 {"organisation": gwent.pk, "percent": "", "amount": ""})
    assert response.context["adminform"].form.errors == {
        "__all__": ["Set a percentage, an amount, or both."]}
    assert not CommentaryThreshold.objects.exists()


def test_threshold_percentage_is_at_most_100(staff_client, gwent):
    response = staff_client.post("/en/admin/finance/commentarythreshold/add/",
                                 {"organisation": gwent.pk, "percent": "101", "amount": ""})
    assert response.context["adminform"].form.errors == {
        "percent": ["Ensure this value is less than or equal to 100."]}


def test_threshold_is_set_in_the_admin(staff_client, gwent):
    response = staff_client.post("/en/admin/finance/commentarythreshold/add/",
                                 {"organisation": gwent.pk, "percent": "2.5", "amount": ""})
    assert response.status_code == 302
    threshold = CommentaryThreshold.objects.get(organisation=gwent)
    assert (threshold.percent, threshold.amount) == (Decimal("2.5"), None)


def test_budget_line_names_are_unique_per_organisation(staff_client, gwent, lines):
    response = staff_client.post("/en/admin/finance/budgetline/add/", {
        "organisation": gwent.pk, "name": "Airwave", "position": 9, "active": "on"})
    assert response.context["adminform"].form.errors == {
        "__all__": ["This organisation already has a budget line with that name."]}
    elsewhere = OrganisationFactory()
    response = staff_client.post("/en/admin/finance/budgetline/add/", {
        "organisation": elsewhere.pk, "name": "Airwave", "position": 1, "active": "on"})
    assert response.status_code == 302
    assert BudgetLine.objects.filter(name="Airwave").count() == 2


def test_change_page_offers_a_line_in_use_the_return_lacks_with_its_budget(staff_client, gwent,
                                                                          lines):
    record(gwent, 2019, Quarter.Q1, {"SRS Collaboration": ("100", "10"), "DSD": ("7", "1")})
    second = record(gwent, 2019, Quarter.Q2, {"SRS Collaboration": ("100", "10")})
    response = staff_client.get(f"/en/admin/finance/financereturn/{second.pk}/change/")
    formset = response.context["inline_admin_formsets"][0].formset
    assert [form.initial for form in formset.extra_forms] == [
        {"line": lines[1].pk, "budget": None}, {"line": lines[2].pk, "budget": Decimal("7")}]
