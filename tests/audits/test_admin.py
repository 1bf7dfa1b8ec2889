"""Every validation rule, through the real admin forms: the message lands at the field
(or the inline row) that caused it, and nothing is saved."""

import datetime as dt

import pytest

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
from ictreport.core.periods import Quarter
from tests.audits.factories import AuditReturnFactory, AuditReviewFactory, opinion
from tests.factories import FinancialYearFactory

pytestmark = pytest.mark.django_db

RETURN_ADD = "/en/admin/audits/auditreturn/add/"
INLINES = ["reviews", "recommendation_counts", "health_checks", "remediation", "certificates"]


@pytest.fixture
def year():
    return FinancialYearFactory(start_year=2019)


def return_form(organisation, *, quarter=Quarter.FULL_YEAR, stated="", **inlines):
    data = {"organisation": organisation.pk, "year": 2019, "quarter": int(quarter),
            "recommendations_stated_total": stated}
    for prefix in INLINES:
        rows = inlines.get(prefix, [])
        data.update({f"{prefix}-TOTAL_FORMS": len(rows), f"{prefix}-INITIAL_FORMS": 0,
                     f"{prefix}-MIN_NUM_FORMS": 0, f"{prefix}-MAX_NUM_FORMS": 1000})
        for index, row in enumerate(rows):
            data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
    return data


def inline_errors(response, prefix):
    formset = next(f.formset for f in response.context["inline_admin_formsets"]
                   if f.formset.prefix == prefix)
    return [form.errors for form in formset.forms], formset.non_form_errors()


def nothing_saved():
    return not any(m.objects.exists() for m in (AuditReturn, AuditReview, RecommendationCount,
                                                HealthCheck, RemediationProgress,
                                                ComplianceCertificate))


def test_a_whole_return_is_entered_on_one_page(staff_client, gwent, year):
    data = return_form(
        gwent, stated=48,
        reviews=[{"title": "Firewall", "opinion": opinion("Substantial").pk},
                 {"title": "IT Disposals", "opinion": opinion("Limited").pk,
                  "reported_on": "2020-01-23"}],
        recommendation_counts=[{"priority": "high", "count": 1},
                               {"priority": "medium", "count": 34},
                               {"priority": "low", "count": 13}],
        health_checks=[{"carried_out": "2019-04-01", "tasks_completed": 41,
                        "hosts_completed": 1000, "tasks_in_progress": 20,
                        "hosts_in_progress": 700}],
        remediation=[{"severity": "high", "percent_complete": 85},
                     {"severity": "medium", "percent_complete": "90"},
                     {"severity": "low", "percent_complete": "0"},
                     {"severity": "information", "percent_complete": "88.5"}],
        certificates=[{"name": "PSN compliance", "issuer": "the Home Office",
                       "achieved_on": "2020-03-01", "achieved_month_only": "on"}],
    )
    response = staff_client.post(RETURN_ADD, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    audit_return = AuditReturn.objects.get()
    assert audit_return.recommendations_stated_total == 48
    assert audit_return.reviews.count() == 2
    assert sum(c.count for c in audit_return.recommendation_counts.all()) == 48
    assert audit_return.health_checks.get().hosts_completed == 1000
    assert audit_return.certificates.get().achieved_month_only
    assert audit_return.history.count() == 1


def test_quarter_in_a_full_year_is_refused_at_the_period(staff_client, gwent, year):
    AuditReturnFactory(organisation=gwent, year=year, quarter=Quarter.FULL_YEAR)
    response = staff_client.post(RETURN_ADD, return_form(gwent, quarter=Quarter.Q1))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["quarter"] == [
        "This year already has a full-year return; it cannot also have quarterly ones."]
    assert AuditReturn.objects.count() == 1


def test_full_year_among_quarters_is_refused_at_the_period(staff_client, gwent, year):
    AuditReturnFactory(organisation=gwent, year=year, quarter=Quarter.Q2)
    response = staff_client.post(RETURN_ADD, return_form(gwent))
    assert response.context["adminform"].form.errors["quarter"] == [
        "This year already has quarterly returns; it cannot also have a full-year one."]


def test_a_period_is_entered_once(staff_client, gwent, year):
    AuditReturnFactory(organisation=gwent, year=year, quarter=Quarter.Q2)
    response = staff_client.post(RETURN_ADD, return_form(gwent, quarter=Quarter.Q2))
    assert response.context["adminform"].form.non_field_errors() == [
        "This organisation already has a return for that period."]


def test_negative_stated_total_is_refused_at_the_field(staff_client, gwent, year):
    response = staff_client.post(RETURN_ADD, return_form(gwent, stated=-1))
    assert response.context["adminform"].form.errors["recommendations_stated_total"] == [
        "Stated total of recommendations: cannot be negative (you gave -1)."]
    assert nothing_saved()


def test_negative_count_is_refused_in_its_row(staff_client, gwent, year):
    response = staff_client.post(RETURN_ADD, return_form(
        gwent, recommendation_counts=[{"priority": "high", "count": 2},
                                      {"priority": "low", "count": -3}]))
    errors, _ = inline_errors(response, "recommendation_counts")
    assert errors[0] == {}
    assert errors[1]["count"] == [
        "Low, Number of recommendations: cannot be negative (you gave -3)."]
    assert nothing_saved()


def test_a_priority_is_counted_once(staff_client, gwent, year):
    response = staff_client.post(RETURN_ADD, return_form(
        gwent, recommendation_counts=[{"priority": "high", "count": 2},
                                      {"priority": "high", "count": 3}]))
    errors, non_form = inline_errors(response, "recommendation_counts")
    assert non_form == ["Please correct the duplicate data for priority."]
    assert errors[1]["__all__"] == ["Please correct the duplicate values below."]
    assert nothing_saved()


def test_a_review_title_once_per_return(staff_client, gwent, year):
    substantial = opinion("Substantial").pk
    response = staff_client.post(RETURN_ADD, return_form(
        gwent, reviews=[{"title": "Firewall", "opinion": substantial},
                        {"title": "Firewall", "opinion": substantial}]))
    errors, non_form = inline_errors(response, "reviews")
    assert non_form == ["Please correct the duplicate data for title."]
    assert errors[1]["__all__"] == ["Please correct the duplicate values below."]
    assert nothing_saved()


def test_a_review_needs_an_opinion(staff_client, gwent, year):
    response = staff_client.post(RETURN_ADD, return_form(gwent, reviews=[{"title": "Firewall"}]))
    errors, _ = inline_errors(response, "reviews")
    assert errors[0]["opinion"] == ["This field is required."]


@pytest.mark.parametrize("percent", ["100.5", "-1"])
def test_percent_complete_outside_0_to_100_is_refused_at_the_field(staff_client, gwent, year,
                                                                   percent):
    response = staff_client.post(RETURN_ADD, return_form(
        gwent, remediation=[{"severity": "high", "percent_complete": percent}]))
    errors, _ = inline_errors(response, "remediation")
    assert errors[0]["percent_complete"] == ["Enter a percentage from 0 to 100."]
    assert nothing_saved()


def test_a_non_numeric_percentage_is_refused_at_the_field(staff_client, gwent, year):
    response = staff_client.post(RETURN_ADD, return_form(
        gwent, remediation=[{"severity": "high", "percent_complete": "most"}]))
    errors, _ = inline_errors(response, "remediation")
    assert errors[0]["percent_complete"][0].startswith(
        "High, % complete: enter a number in plain figures")


def test_a_severity_is_given_once(staff_client, gwent, year):
    response = staff_client.post(RETURN_ADD, return_form(
        gwent, remediation=[{"severity": "low", "percent_complete": 70},
                            {"severity": "low", "percent_complete": 71}]))
    errors, non_form = inline_errors(response, "remediation")
    assert non_form == ["Please correct the duplicate data for severity."]
    assert errors[1]["__all__"] == ["Please correct the duplicate values below."]


def test_health_check_counts_and_month_are_checked_at_their_fields(staff_client, gwent, year):
    response = staff_client.post(RETURN_ADD, return_form(
        gwent, health_checks=[{"carried_out": "2019-04-15", "tasks_completed": 41,
                               "hosts_completed": -1000, "tasks_in_progress": 20,
                               "hosts_in_progress": 700}]))
    errors, _ = inline_errors(response, "health_checks")
    assert errors[0]["hosts_completed"] == [
        "Host devices covered by completed tasks: cannot be negative (you gave -1,000)."]
    assert errors[0]["carried_out"] == [
        "Enter the first day of the month: only the month of a health check is kept."]
    assert nothing_saved()


def test_certificate_dates_are_checked_at_their_fields(staff_client, gwent, year):
    response = staff_client.post(RETURN_ADD, return_form(
        gwent, certificates=[
            {"name": "PSN compliance", "achieved_on": "2020-03-16", "achieved_month_only": "on"},
            {"name": "Cyber Essentials", "achieved_on": "2020-03-16", "expires_on": "2020-03-16"},
        ]))
    errors, _ = inline_errors(response, "certificates")
    assert errors[0]["achieved_on"] == [
        "When only the month is known, enter the first day of that month."]
    assert errors[1]["expires_on"] == ["The expiry date must come after the date achieved."]
    assert nothing_saved()


def recommendation_form(review, **values):
    return {"review": review.pk, "priority": "high", "description": "Patch the firewall",
            "owner": "Head of infrastructure", "due_on": "2020-03-31", "status": "open",
            "status_changed_on": "", **values}


def test_an_open_recommendation_has_no_change_date(staff_client, gwent):
    review = AuditReviewFactory(audit_return__organisation=gwent)
    response = staff_client.post("/en/admin/audits/recommendation/add/", recommendation_form(
        review, status_changed_on="2020-02-01"))
    assert response.context["adminform"].form.errors["status_changed_on"] == [
        "Leave this empty while the recommendation is open, or change its status."]
    assert not Recommendation.objects.exists()


@pytest.mark.parametrize("status", ["implemented", "superseded"])
def test_an_implemented_or_superseded_recommendation_needs_its_date(staff_client, gwent,
                                                                     status):
    review = AuditReviewFactory(audit_return__organisation=gwent)
    response = staff_client.post("/en/admin/audits/recommendation/add/",
                                 recommendation_form(review, status=status))
    assert response.context["adminform"].form.errors["status_changed_on"] == [
        f"Give the date the recommendation was {status}."]
    response = staff_client.post("/en/admin/audits/recommendation/add/", recommendation_form(
        review, status=status, status_changed_on="2020-02-01"))
    assert response.status_code == 302
    assert Recommendation.objects.get().status_changed_on == dt.date(2020, 2, 1)


def test_a_recommendation_needs_an_owner_and_a_due_date(staff_client, gwent):
    review = AuditReviewFactory(audit_return__organisation=gwent)
    response = staff_client.post("/en/admin/audits/recommendation/add/",
                                 recommendation_form(review, owner="", due_on="soon"))
    errors = response.context["adminform"].form.errors
    assert errors["owner"] == ["This field is required."]
    assert errors["due_on"] == ["Enter a valid date."]


def test_recommendations_are_entered_on_their_reviews_page(staff_client, gwent):
    review = AuditReviewFactory(audit_return__organisation=gwent, title="Firewall")
    data = {"audit_return": review.audit_return.pk, "title": "Firewall",
            "opinion": review.opinion.pk, "reported_on": "", "notes": "",
            "recommendations-TOTAL_FORMS": 2, "recommendations-INITIAL_FORMS": 0,
            "recommendations-MIN_NUM_FORMS": 0, "recommendations-MAX_NUM_FORMS": 1000}
    for index, (description, status, changed) in enumerate(
            [("Patch it", "open", ""), ("Replace it", "superseded", "")]):
        data.update({f"recommendations-{index}-{k}": v for k, v in {
            "priority": "medium", "description": description, "owner": "SRS",
            "due_on": "2020-06-30", "status": status, "status_changed_on": changed}.items()})
    response = staff_client.post(f"/en/admin/audits/auditreview/{review.pk}/change/", data)
    errors, _ = inline_errors(response, "recommendations")
    assert errors[1]["status_changed_on"] == ["Give the date the recommendation was superseded."]
    assert not Recommendation.objects.exists()

    data["recommendations-1-status_changed_on"] = "2020-05-01"
    response = staff_client.post(f"/en/admin/audits/auditreview/{review.pk}/change/", data)
    assert response.status_code == 302
    assert review.recommendations.count() == 2


def test_opinions_keep_one_place_each_on_the_scale(staff_client):
    response = staff_client.post("/en/admin/audits/auditopinion/add/",
                                 {"name": "Full", "position": 1})
    assert response.context["adminform"].form.errors["position"] == [
        "Assurance opinion with this Position already exists."]
    response = staff_client.post("/en/admin/audits/auditopinion/add/",
                                 {"name": "Nil", "position": 0})
    assert response.context["adminform"].form.non_field_errors() == [
        "The position must be 1 or more."]
    assert AuditOpinion.objects.count() == 7


def test_admin_lists_open_without_a_query_per_row(staff_client, gwent,
                                                  django_assert_max_num_queries):
    from tests.audits.factories import RecommendationFactory

    for index in range(15):
        RecommendationFactory(review__audit_return__organisation=gwent,
                              review__title=f"Review {index}")
    for url in ["/en/admin/audits/recommendation/", "/en/admin/audits/auditreview/",
                "/en/admin/audits/auditreturn/"]:
        with django_assert_max_num_queries(12):
            assert staff_client.get(url).status_code == 200
