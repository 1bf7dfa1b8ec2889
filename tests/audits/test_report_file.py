"""The audit section's part of the whole-report file: bad parts are refused with their
key path and leave the database as it was; good ones round-trip exactly."""

import copy

import pytest
import yaml
from django.core.management import CommandError, call_command

from audits.models import (
    AuditOpinion,
    AuditReturn,
    AuditReview,
    ComplianceCertificate,
    HealthCheck,
    Recommendation,
    RecommendationCount,
    RemediationProgress,
)
from ictreport.core.files import read_report_file, write_report_file
from ictreport.core.models import AnnualReport, Organisation
from tests.conftest import SHIPPED_REPORT
from tests.shared_data import ShippedReportOnce

pytestmark = pytest.mark.django_db

AUDIT_MODELS = (AuditReturn, AuditReview, Recommendation, RecommendationCount, HealthCheck,
                RemediationProgress, ComplianceCertificate)


def shipped() -> dict:
    return yaml.safe_load(SHIPPED_REPORT.read_text(encoding="utf-8"))


def snapshot():
    return {m.__name__: sorted(m.objects.values_list()) for m in AUDIT_MODELS}


def import_file(tmp_path, data: dict):
    path = tmp_path / "report.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    call_command("import_report", str(path))


def refused(tmp_path, capsys, data: dict) -> list[str]:
    """Import ``data`` expecting refusal; the problems listed, the database unchanged."""
    before = snapshot()
    with pytest.raises(CommandError, match="nothing was imported"):
        import_file(tmp_path, data)
    assert snapshot() == before
    return [line.split(": ", 1)[1] for line in capsys.readouterr().err.splitlines()]


def full_year(data: dict) -> dict:
    return data["audits"]["returns"][0]


def broken(change) -> dict:
    data = shipped()
    change(data)
    return data


RICH = {
    "returns": [
        {"year": "2018-19", "period": "full-year",
         "reviews": [{"title": "Firewall", "opinion": "Limited"}],
         "recommendation_counts": {"high": 2, "low": 5}},
        {"year": "2019-20", "period": "Q1",
         "reviews": [
             {"title": "Network", "opinion": "Reasonable", "reported": "2019-06-20",
              "notes": "Follow-up due in Q3.",
              "recommendations": [
                  {"priority": "high", "description": "Segment the network",
                   "owner": "Network team", "due": "2019-12-31", "status": "open"},
                  {"priority": "medium", "description": "Review firewall rules",
                   "owner": "Security team", "due": "2019-09-30", "status": "implemented",
                   "status_changed": "2019-09-15"},
              ]},
             {"title": "Back Office", "opinion": "Deferred"},
         ],
         "recommendations_stated_total": 2,
         "health_checks": [{"carried_out": "2019-04", "tasks_completed": 10,
                            "hosts_completed": 200, "tasks_in_progress": 51,
                            "hosts_in_progress": 1500}],
         "remediation_percent_complete": {"high": 40, "medium": "12.5"},
         "certificates": [{"name": "Cyber Essentials Plus", "issuer": "IASME",
                           "achieved": "2019-05-14", "expires": "2020-05-13",
                           "notes": "Renewal booked."},
                          {"name": "PSN compliance", "achieved": "2019-03"}]},
        {"year": "2019-20", "period": "Q2",
         "remediation_percent_complete": {"high": 60, "medium": 30, "low": 5,
                                          "information": 100}},
    ],
}


@pytest.mark.django_db(transaction=True)  # flush cannot run inside the test's transaction
def test_every_kind_of_figure_round_trips_exactly(shipped_report, tmp_path):
    data = shipped()
    data["audits"] = {"text": data["audits"]["text"], **copy.deepcopy(RICH)}
    AuditReturn.objects.all().delete()
    import_file(tmp_path, data)
    first = write_report_file(shipped_report)
    exported = yaml.safe_load(first)["audits"]
    assert len(exported["returns"]) == 3
    assert exported["returns"][1]["certificates"][1] == {"name": "PSN compliance",
                                                         "achieved": "2019-03"}

    call_command("flush", interactive=False)
    assert not AuditOpinion.objects.exists()  # flush empties the seeded scale too
    Organisation.objects.create(name="Gwent Police", slug="gwent-police")
    report = read_report_file(first)
    assert AuditOpinion.objects.count() == 7
    assert write_report_file(report) == first


class TestTheShippedReport(ShippedReportOnce):
    @pytest.mark.parametrize(("change", "problem"), [
        (lambda d: full_year(d)["health_checks"][0].update(hosts_completed=-1000),
         "audits.returns[0].health_checks[0].hosts_completed: must be a number ≥ 0"),
        (lambda d: full_year(d)["recommendation_counts"].update(medium="thirty-four"),
         "audits.returns[0].recommendation_counts.medium: must be a whole number"),
        (lambda d: full_year(d)["remediation_percent_complete"].update(high="most"),
         "audits.returns[0].remediation_percent_complete.high: must be a number"),
        (lambda d: full_year(d)["remediation_percent_complete"].update(low=171),
         "audits.returns[0].remediation_percent_complete.low: must be a number ≤ 100"),
        (lambda d: full_year(d).update(recommendations_stated_total=-48),
         "audits.returns[0].recommendations_stated_total: must be a number ≥ 0"),
        (lambda d: full_year(d)["health_checks"][0].pop("tasks_completed"),
         "audits.returns[0].health_checks[0].tasks_completed: is required"),
        (lambda d: full_year(d)["reviews"][3].pop("opinion"),
         "audits.returns[0].reviews[3].opinion: is required"),
        (lambda d: d["audits"].pop("returns"), "audits.returns: is required"),
        (lambda d: full_year(d)["health_checks"][0].update(carried_out="April 2019"),
         "audits.returns[0].health_checks[0].carried_out: must be a month written like 2019-04"),
        (lambda d: full_year(d)["certificates"][0].update(achieved="spring 2020"),
         "audits.returns[0].certificates[0].achieved: must be a date written like 2020-03-16, "
         "or a month written like 2020-03"),
        (lambda d: full_year(d).update(colour="blue"),
         "audits.returns[0].colour: is not a known key"),
    ])
    def test_a_bad_figure_is_named_by_its_key_path(self, shipped_report, tmp_path, capsys, change,
                                                   problem):
        assert refused(tmp_path, capsys, broken(change)) == [problem]

    def test_a_period_given_twice_is_refused(self, shipped_report, tmp_path, capsys):
        def change(data):
            data["audits"]["returns"] = [{"year": "2018-19", "period": "Q1"},
                                         {"year": "2018-19", "period": "Q1"}]
        assert refused(tmp_path, capsys, broken(change)) == [
            "audits.returns[1].period: 2018-19 Q1 is already given at audits.returns[0]"]

    def test_a_year_with_full_year_and_quarterly_returns_is_refused(self, shipped_report, tmp_path,
                                                                    capsys):
        def change(data):
            data["audits"]["returns"].append({"year": "2019-20", "period": "Q2"})
        assert refused(tmp_path, capsys, broken(change)) == [
            "audits.returns[1].period: 2019-20 cannot have both a full-year return and quarterly "
            "ones (see audits.returns[0])",
        ]

    def test_a_quarter_in_a_year_held_as_a_full_year_is_refused(self, shipped_report, tmp_path,
                                                                capsys):
        def change(data):
            data["audits"]["returns"] = [{"year": "2019-20", "period": "Q3"}]
        assert refused(tmp_path, capsys, broken(change)) == [
            "audits.returns[0].period: 2019-20 already holds a full-year return in the database; "
            "a year holds either one full-year return or quarterly ones"]

    def test_rules_across_rows_are_each_named(self, shipped_report, tmp_path, capsys):
        def change(data):
            returns = full_year(data)
            returns["reviews"][1]["title"] = "Firewall"
            returns["reviews"][2]["opinion"] = "Reasonably good"
            returns["reviews"][0]["recommendations"] = [
                {"priority": "high", "description": "Patch it", "owner": "SRS", "due": "2020-01-31",
                 "status": "open", "status_changed": "2020-01-02"},
                {"priority": "low", "description": "Patch it", "owner": "SRS", "due": "2020-01-31",
                 "status": "implemented"},
            ]
            returns["health_checks"].append(copy.deepcopy(returns["health_checks"][0]))
            returns["certificates"][0]["expires"] = "2020-02-01"
            data["audits"]["returns"].append({"year": "2020-21", "period": "Q1"})
        assert refused(tmp_path, capsys, broken(change)) == [
            "audits.returns[1].year: must not be after the report's year, 2019-20",
            "audits.returns[0].reviews[1].title: 'Firewall' is already given at "
            "audits.returns[0].reviews[0]",
            "audits.returns[0].reviews[0].recommendations[1].description: this description is "
            "already given at audits.returns[0].reviews[0].recommendations[0]",
            "audits.returns[0].reviews[0].recommendations[0].status_changed: must be left out "
            "while the status is open",
            "audits.returns[0].reviews[0].recommendations[1].status_changed: is required when the "
            "status is implemented",
            "audits.returns[0].reviews[2].opinion: 'Reasonably good' is not an assurance opinion; "
            "the opinions are Substantial, Reasonable, Moderate, Limited, No assurance, Advisory "
            "and Deferred",
            "audits.returns[0].health_checks[1].carried_out: a health check of 2019-04 is already "
            "given at audits.returns[0].health_checks[0]",
            "audits.returns[0].certificates[0].expires: must be after the date achieved",
        ]

    def test_the_shipped_part_holds_the_source_figures(self, shipped_report):
        audit_return = AuditReturn.objects.get()
        assert (audit_return.year_id, audit_return.quarter) == (2019, 0)
        assert audit_return.reviews.count() == 12
        assert audit_return.recommendations_stated_total == 48
        assert {c.priority: c.count for c in audit_return.recommendation_counts.all()} == {
            "high": 1, "medium": 34, "low": 13}
        assert not Recommendation.objects.exists()
        certificate = audit_return.certificates.get()
        assert certificate.achieved_month_only and certificate.expires_on is None

    def test_importing_again_changes_nothing(self, shipped_report):
        before = snapshot()
        history = AuditReview.history.count()
        call_command("import_report", str(SHIPPED_REPORT))
        assert snapshot() == before
        assert AuditReview.history.count() == history  # nothing rewritten

    def test_figures_the_file_no_longer_lists_are_removed(self, shipped_report, tmp_path):
        def change(data):
            returns = full_year(data)
            returns["reviews"] = [r for r in returns["reviews"] if r["title"] != "Back Office"]
            del returns["remediation_percent_complete"]["information"]
            del returns["certificates"]
            returns["recommendation_counts"]["low"] = 12
        import_file(tmp_path, broken(change))
        assert AuditReview.objects.count() == 11
        assert not AuditReview.objects.filter(title="Back Office").exists()
        assert set(RemediationProgress.objects.values_list("severity", flat=True)) == {
            "high", "medium", "low"}
        assert not ComplianceCertificate.objects.exists()
        assert RecommendationCount.objects.get(priority="low").count == 12

    def test_returns_the_file_does_not_describe_are_left_alone(self, shipped_report, tmp_path):
        data = shipped()
        data["audits"]["returns"] = [{"year": "2018-19", "period": "full-year",
                                      "reviews": [{"title": "Firewall", "opinion": "Limited"}]}]
        import_file(tmp_path, data)
        assert AuditReview.objects.filter(audit_return__year_id=2019).count() == 12
        assert AuditReview.objects.filter(audit_return__year_id=2018).count() == 1

    def test_html_export_holds_every_figure_the_issue_names(self, shipped_report, tmp_path):
        path = tmp_path / "report.html"
        call_command("export_report", "gwent-police", "2019-20", "--format", "html",
                     "--output", str(path))
        html = path.read_text(encoding="utf-8")
        for title, opinion in [
            ("Firewall", "Substantial"), ("Mobile Computing", "Substantial"),
            ("Identity and Access Management", "Substantial"),
            ("Performance Management – SRS", "Substantial"), ("Virtualisation", "Substantial"),
            ("Supplier Management", "Moderate"), ("Software Licensing/Management", "Moderate"),
            ("Enterprise Architecture Management", "Limited"), ("IT Disposals", "Limited"),
            ("Memorandum of Understanding", "Advisory"), ("Cyber Security", "Deferred"),
            ("Back Office", "Deferred"),
        ]:
            assert f'<th scope="row">{title}</th><td>{opinion}</td>' in html
        assert ("These reports generated 48 recommendations, of which one was high, 34 were "
                "medium and 13 were low.") in html
        assert ("41 remediation tasks have been completed (covering 1,000 host devices) and 20 "
                "remediation tasks are in progress (covering 700 host devices)") in html
        assert ('<th scope="row">April 2019</th><td class="num">41</td><td class="num">1,000</td>'
                '<td class="num">20</td><td class="num">700</td>') in html
        for severity, percent in [("High", 85), ("Medium", 67), ("Low", 71), ("Information", 88)]:
            assert f'<th scope="row">{severity}</th><td class="num">{percent}%</td>' in html
        assert "Of the 12 internal audits, two had the opinion Limited" in html
        assert ("Gwent Police achieved Public Services Network (PSN) compliance from the Home "
                "Office in March 2020. Its expiry date is not recorded.") in html
        assert "The Annual Opinion was that they were satisfied" in html
        assert AnnualReport.objects.count() == 1
