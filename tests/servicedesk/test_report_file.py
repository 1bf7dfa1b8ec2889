"""The service desk's part of the whole-report file: checked whole, written whole,
read back exactly as written."""

from decimal import Decimal

import pytest
import yaml
from django.core.management import CommandError, call_command

from ictreport.core.files import read_report_file, write_report_file
from ictreport.core.models import AnnualReport, Organisation
from ictreport.core.periods import Quarter
from servicedesk.models import (
    Channel,
    ChannelCalls,
    ServiceDeskReturn,
    ServiceLevelResult,
    ServiceTier,
)
from tests.conftest import SHIPPED_REPORT
from tests.factories import AnnualReportFactory, FinancialYearFactory
from tests.servicedesk.factories import (
    ChannelFactory,
    ServiceLevelResultFactory,
    ServiceTierFactory,
    desk_return,
)
from tests.shared_data import ShippedReportOnce

pytestmark = pytest.mark.django_db


def shipped_data():
    return yaml.safe_load(SHIPPED_REPORT.read_text(encoding="utf-8"))


def snapshot():
    """Everything the section holds, to show a refused file changed nothing."""
    return (
        sorted(ServiceDeskReturn.objects.values_list(
            "organisation_id", "year_id", "quarter", "first_contact_closed",
            "first_contact_measured", "first_contact_target")),
        sorted(ChannelCalls.objects.values_list("desk_return_id", "channel__name", "calls")),
        sorted(ServiceLevelResult.objects.values_list("desk_return_id", "tier__name",
                                                      "breaches")),
        sorted(Channel.objects.values_list("name", "self_service", "position")),
        sorted(ServiceTier.objects.values_list("name", "availability_target")),
    )


def import_problems(tmp_path, capsys, data):
    """Import ``data`` through the command; it must fail. Its problems, one a line."""
    path = tmp_path / "report.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_report", str(path))
    return [line.split(": ", 1)[1] for line in capsys.readouterr().err.splitlines()]


@pytest.fixture
def held(shipped_report):
    return snapshot()


def mutated(change):
    data = shipped_data()
    change(data["servicedesk"])
    return data


def test_a_duplicate_quarter_is_named(gwent, tmp_path, capsys):
    def twice(part):
        part["returns"] = [{"year": "2019-20", "period": "Q1"},
                           {"year": "2019-20", "period": "Q2"},
                           {"year": "2019-20", "period": "Q1"}]
    assert import_problems(tmp_path, capsys, mutated(twice)) == [
        "servicedesk.returns[2].period: 2019-20 Q1 is already given at servicedesk.returns[0]"]
    assert snapshot() == ([], [], [], [], [])


def test_a_year_with_full_year_and_quarterly_figures_is_named(gwent, tmp_path, capsys):
    def mixed(part):
        part["returns"].append({"year": "2019-20", "period": "Q4", "calls": []})
    assert import_problems(tmp_path, capsys, mutated(mixed)) == [
        "servicedesk.returns[3].period: 2019-20 cannot have both a full-year return and "
        "quarterly ones (see servicedesk.returns[2])"]
    assert not AnnualReport.objects.exists()


@pytest.mark.django_db(transaction=True)  # flush cannot run inside the test's transaction
def test_round_trip_keeps_quarters_targets_and_service_levels(gwent):
    """export → import into an empty database → export gives the same file."""
    phone = ChannelFactory(name="Telephone", position=0)
    web = ChannelFactory(name="Self Service", self_service=True, position=1)
    gold = ServiceTierFactory(name="Gold", position=0, availability_target=Decimal("99.90"),
                              resolution_hours=4, resolution_target=Decimal("95"))
    ServiceTierFactory(name="Bronze", position=1)
    desk_return(gwent, 2019, calls={phone: 1000, web: 250}, closed=600, measured=1100)
    for quarter in (Quarter.Q1, Quarter.Q2):
        held = desk_return(gwent, 2020, quarter, calls={phone: 300}, closed=100, measured=300,
                           target=Decimal("62.5"))
        ServiceLevelResultFactory(desk_return=held, tier=gold, availability=Decimal("99.95"),
                                  resolved_in_time=Decimal("96.25"), breaches=quarter.value)
    desk_return(gwent, 2021, Quarter.Q1)  # after the report's year: not in its file
    report = AnnualReportFactory(organisation=gwent,
                                 year=FinancialYearFactory(start_year=2020))

    first = write_report_file(report)
    part = yaml.safe_load(first)["servicedesk"]
    assert [(r["year"], r["period"]) for r in part["returns"]] == [
        ("2019-20", "full-year"), ("2020-21", "Q1"), ("2020-21", "Q2")]
    assert part["returns"][1]["service_levels"] == [
        {"tier": "Gold", "availability": 99.95, "resolved_in_time": 96.25, "breaches": 1}]
    assert part["returns"][1]["first_contact"] == {"closed": 100, "measured": 300,
                                                   "target": 62.5}

    call_command("flush", interactive=False)
    Organisation.objects.create(name="Gwent Police", slug="gwent-police")
    assert write_report_file(read_report_file(first)) == first


def test_a_report_without_service_desk_returns_writes_no_part(gwent):
    ChannelFactory(name="Telephone")
    report = AnnualReportFactory(organisation=gwent)
    assert "servicedesk" not in yaml.safe_load(write_report_file(report))


def row_cells(html, header):
    """The data cells' text of every table row headed ``header``."""
    rows, start = [], html.find(f'<th scope="row">{header}</th>')
    while start != -1:
        row = html[start:html.index("</tr>", start)]
        rows.append([cell.split(">", 1)[1].split("<", 1)[0] for cell in row.split("<td")[1:]])
        start = html.find(f'<th scope="row">{header}</th>', start + 1)
    return rows


class TestTheShippedReport(ShippedReportOnce):
    def test_shipped_file_holds_three_full_years(self, shipped_report):
        returns = ServiceDeskReturn.objects.filter(organisation=shipped_report.organisation)
        assert list(returns.order_by("year_id").values_list("year_id", "quarter")) == [
            (2017, Quarter.FULL_YEAR), (2018, Quarter.FULL_YEAR), (2019, Quarter.FULL_YEAR)]
        assert list(Channel.objects.values_list("name", "self_service")) == [
            ("Telephone", False), ("Self Service", True)]
        assert list(ServiceTier.objects.values_list("name", flat=True)) == [
            "Platinum", "Gold", "Silver", "Bronze"]
        assert not ServiceLevelResult.objects.exists()

    def test_importing_again_changes_nothing_and_writes_no_history(self, shipped_report):
        before = snapshot()
        history = ServiceDeskReturn.history.count(), ChannelCalls.history.count()
        call_command("import_report", str(SHIPPED_REPORT))
        assert snapshot() == before
        assert (ServiceDeskReturn.history.count(), ChannelCalls.history.count()) == history

    def test_figures_the_file_no_longer_lists_are_removed(self, shipped_report, tmp_path):
        def drop(part):
            latest = part["returns"][2]
            latest["calls"] = latest["calls"][:1]
            del latest["first_contact"]
        path = tmp_path / "report.yaml"
        path.write_text(yaml.safe_dump(mutated(drop), sort_keys=False), encoding="utf-8")
        call_command("import_report", str(path))
        latest = ServiceDeskReturn.objects.get(year_id=2019)
        assert [c.channel.name for c in latest.channel_calls.all()] == ["Telephone"]
        assert latest.first_contact_measured is None
        assert ServiceDeskReturn.objects.count() == 3  # returns it does not list stay

    def test_a_negative_figure_is_named(self, held, tmp_path, capsys):
        data = mutated(lambda part: part["returns"][0]["calls"][1].update(calls=-5078))
        assert import_problems(tmp_path, capsys, data) == [
            "servicedesk.returns[0].calls[1].calls: must be a number ≥ 0"]
        assert snapshot() == held

    def test_a_non_numeric_figure_is_named(self, held, tmp_path, capsys):
        data = mutated(lambda part: part["returns"][2]["first_contact"].update(closed="many"))
        assert import_problems(tmp_path, capsys, data) == [
            "servicedesk.returns[2].first_contact.closed: must be a whole number"]
        assert snapshot() == held

    def test_a_percentage_over_100_is_named(self, held, tmp_path, capsys):
        data = mutated(lambda part: part["tiers"][1].update(availability_target=100.5))
        assert import_problems(tmp_path, capsys, data) == [
            "servicedesk.tiers[1].availability_target: must be a number ≤ 100"]
        assert snapshot() == held

    def test_a_missing_key_is_named(self, held, tmp_path, capsys):
        data = mutated(lambda part: part["returns"][1]["calls"][0].pop("calls"))
        assert import_problems(tmp_path, capsys, data) == [
            "servicedesk.returns[1].calls[0].calls: is required"]
        assert snapshot() == held

    def test_quarters_for_a_year_held_as_a_full_year_are_named(self, held, tmp_path, capsys):
        def quarterly(part):
            part["returns"][2]["period"] = "Q1"
        assert import_problems(tmp_path, capsys, mutated(quarterly)) == [
            "servicedesk.returns[2].period: 2019-20 already holds a full-year return in the "
            "database; a year holds either one full-year return or quarterly ones"]
        assert snapshot() == held

    def test_first_contact_rules_are_named(self, held, tmp_path, capsys):
        def broken(part):
            part["returns"][0]["first_contact"] = {"closed": 20962, "measured": 20961}
            part["returns"][1]["first_contact"] = {"closed": 14189}
        assert import_problems(tmp_path, capsys, mutated(broken)) == [
            "servicedesk.returns[0].first_contact.closed: must not be more than measured (20,961)",
            "servicedesk.returns[1].first_contact.measured: is required when closed is given",
        ]
        assert snapshot() == held

    def test_unknown_and_repeated_channels_are_named(self, held, tmp_path, capsys):
        def broken(part):
            part["returns"][0]["calls"][1]["channel"] = "Telephone"
            part["returns"][1]["calls"][1]["channel"] = "Carrier pigeon"
        assert import_problems(tmp_path, capsys, mutated(broken)) == [
            "servicedesk.returns[0].calls[1].channel: 'Telephone' is already given at "
            "servicedesk.returns[0].calls[0]",
            "servicedesk.returns[1].calls[1].channel: 'Carrier pigeon' is not listed in "
            "servicedesk.channels nor held already",
        ]
        assert snapshot() == held

    def test_a_return_after_the_reports_year_is_named(self, held, tmp_path, capsys):
        data = mutated(lambda part: part["returns"].append({"year": "2020-21",
                                                            "period": "full-year"}))
        assert import_problems(tmp_path, capsys, data) == [
            "servicedesk.returns[3].year: must not be after the report's year, 2019-20"]
        assert snapshot() == held

    def test_a_return_before_the_years_the_file_holds_is_named(self, held, tmp_path, capsys):
        """The part holds the three years its tables show, so an import takes no older
        return: what is imported is what an export gives back."""
        data = mutated(lambda part: part["returns"].append({"year": "2016-17",
                                                            "period": "full-year"}))
        assert import_problems(tmp_path, capsys, data) == [
            "servicedesk.returns[3].year: must not be before 2017-18; the file for 2019-20 "
            "holds 3 years of returns"]
        assert snapshot() == held

    def test_a_resolution_target_needs_its_hours(self, held, tmp_path, capsys):
        data = mutated(lambda part: part["tiers"][0].update(resolution_target=95))
        assert import_problems(tmp_path, capsys, data) == [
            "servicedesk.tiers[0].resolution_hours: is required when resolution_target is given"]
        assert snapshot() == held

    def test_export_html_holds_every_figure_and_sentence_of_the_source(self, shipped_report,
                                                                       tmp_path):
        path = tmp_path / "report.html"
        call_command("export_report", "gwent-police", "2019-20", "--format", "html",
                     "--output", str(path))
        html = path.read_text(encoding="utf-8")
        for text in [
            "Service Desk Calls", "Service Desk Calls resolved at First Point of Contact",
            ">Telephone<", ">Self Service<", ">Total Calls<", ">Closed at 1st Point<",
            "There were 19,094 requests for service in the year of which 20% were requested "
            "through self-service with the remainder being Telephone calls for service.",
            "This is a 22% reduction in the volume of calls for service.",
            "In 2019/20 62% of calls were resolved at first point of contact.",
            "No service-level figures were recorded for 2019/20.",
            "classified as Platinum, Gold, Silver and Bronze standards",
            "reflects the improvement in the stability of our ICT infrastructure",
            "the less complicated calls relating to the desktop and laptop technology",
        ]:
            assert text in html, text
        rows = {
            "Telephone": ["21,136", "81%", "20,096", "82%", "15,275", "80%"],
            "Self Service": ["5,078", "19%", "4,539", "18%", "3,819", "20%"],
            "Closed at 1st Point": ["12,636", "60%", "14,189", "67%", "11,850", "62%"],
        }
        for header, figures in rows.items():
            assert row_cells(html, header) == [figures]
        assert row_cells(html, "Total Calls") == [
            ["26,214", "100%", "24,635", "100%", "19,094", "100%"],  # calls received
            ["20,961", "100%", "21,066", "100%", "19,094", "100%"],  # first contact measured over
        ]

    def test_shipped_part_round_trips_exactly(self, shipped_report):
        part = yaml.safe_load(write_report_file(shipped_report))["servicedesk"]
        assert part == shipped_data()["servicedesk"]
