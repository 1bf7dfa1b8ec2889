"""Invented ticket extracts, written as a service desk tool would export them."""

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile

from servicedesk.models import Channel, ServiceTier

HEADERS = ["reference", "logged_at", "channel", "first_contact", "tier", "resolved_at"]


def reference_data():
    """Two channels and two tiers with resolution targets, one without."""
    telephone = Channel.objects.get_or_create(name="Telephone", defaults={"position": 0})[0]
    portal = Channel.objects.get_or_create(name="Self Service",
                                           defaults={"position": 1, "self_service": True})[0]
    gold = ServiceTier.objects.get_or_create(name="Gold", defaults={
        "position": 0, "resolution_hours": 4, "resolution_target": 95})[0]
    silver = ServiceTier.objects.get_or_create(name="Silver", defaults={
        "position": 1, "resolution_hours": 8, "resolution_target": 90})[0]
    return {"channels": [telephone, portal], "tiers": [gold, silver]}


def ticket(reference, logged_at, channel="Telephone", first_contact="yes", tier="",
           resolved_at=""):
    return [reference, logged_at, channel, first_contact, tier, resolved_at]


def csv_bytes(rows, headers=HEADERS, *, delimiter=",", encoding="utf-8") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def upload(rows, name="tickets.csv", **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, csv_bytes(rows, **kwargs), content_type="text/csv")


def year_of_tickets():
    """Tickets in all four quarters of 2019/20 with known figures:

    Q1: 3 tickets (2 telephone, 1 portal), 2 closed at first contact; Gold: 2 incidents
        resolved in 2 h and 6 h (target 4 h: 1 within, 1 breach).
    Q2: 1 telephone ticket, not first contact, Silver, resolved in 5 h (within 8 h).
    Q3: 1 portal ticket, still open, Gold (counts as not resolved in time).
    Q4: 1 telephone ticket, no tier.
    """
    return [
        ticket("INC001", "2019-04-01 09:00", "Telephone", "yes", "Gold", "2019-04-01 11:00"),
        ticket("INC002", "02/05/2019 10:00", "telephone", "No", "Gold", "02/05/2019 16:00"),
        ticket("INC003", "2019-06-30 23:59", "Self Service", "1", "", ""),
        ticket("INC004", "2019-07-01 00:00", "Telephone", "false", "Silver", "2019-07-01 05:00"),
        ticket("INC005", "2019-12-31 12:00", "Self Service", "no", "Gold", ""),
        ticket("INC006", "2020-03-31 23:00", "Telephone", "true", "", "2020-04-01 01:00"),
    ]
