"""The service desk's ticket extract: one row per ticket, as ServiceNow, TOPdesk,
Cherwell and the like export them, from which a year's four quarterly returns are
computed.

Per quarter (from ``logged_at``, April to March): the calls by channel, the calls
closed at first point of contact and the calls measured — every ticket, so the two can
no longer disagree silently — and per tier its incidents, the share resolved within
the tier's resolution time target, and the median and 90th-percentile hours to resolve.
Everything is computed on typed pandas columns, without a Python loop over the rows.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ictreport.core.extracts import Column, ExtractKind, ExtractResult, Rejection, start_year
from ictreport.core.periods import year_label
from ictreport.core.wording import and_list

# English or Welsh (ie/na), as the column's label offers in either language.
TRUE_WORDS = ("yes", "true", "1", "ie")
FALSE_WORDS = ("no", "false", "0", "na")
# Day-first forms a UK spreadsheet writes; ISO 8601 is tried first.
UK_FORMATS = ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y")
HOURS_PLACES = Decimal("0.1")
PERCENT_PLACES = Decimal("0.01")


def parse_datetimes(values):
    """``values`` (strings) as naive datetimes; NaT where a value is empty or is not a
    date and time written as ISO 8601 (2019-04-01 09:30) or day first (01/04/2019 09:30).
    A value with a UTC offset is taken in local time."""
    import pandas as pd

    text = values.astype("string").str.strip()
    text = text.where(text != "", None)
    parsed = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    iso = text.str.match(r"^\d{4}-\d{2}-\d{2}", na=False)
    if iso.any():
        try:
            stamps = pd.to_datetime(text[iso], format="ISO8601", errors="coerce", utc=True)
        except (ValueError, OverflowError):
            stamps = pd.Series(pd.NaT, index=text[iso].index, dtype="datetime64[ns, UTC]")
        has_offset = text[iso].str.contains(r"(?:Z|[+-]\d{2}:?\d{2})$", regex=True, na=False)
        local = stamps.dt.tz_convert(timezone.get_current_timezone()).dt.tz_localize(None)
        naive = stamps.dt.tz_localize(None)
        parsed[iso] = local.where(has_offset, naive).astype("datetime64[ns]")
    for fmt in UK_FORMATS:
        todo = parsed.isna() & text.notna() & ~iso
        if not todo.any():
            break
        parsed[todo] = pd.to_datetime(text[todo], format=fmt, errors="coerce").astype(
            "datetime64[ns]")
    return parsed


def _say(template: str, mask, **parts):
    """One sentence per row where ``mask`` holds: ``template`` (a translated sentence
    with %(name)s placeholders) filled from ``parts`` — Series give each row its own
    value, anything else is the same for every row. Vectorised string concatenation."""
    import pandas as pd

    scalars = {k: v for k, v in parts.items() if not isinstance(v, pd.Series)}
    series = {k: v for k, v in parts.items() if isinstance(v, pd.Series)}
    marked = template % {**scalars, **{k: f"\x00{k}\x00" for k in series}}
    pieces = re.split(r"\x00(\w+)\x00", marked)
    out = None
    for position, piece in enumerate(pieces):
        value = series[piece][mask].astype("string") if position % 2 else piece
        out = value if out is None else out + value
    return out


def _quantised(value, places: Decimal) -> str | None:
    if value is None or value != value:  # NaN
        return None
    return str(Decimal(repr(float(value))).quantize(places, rounding=ROUND_HALF_UP))


def _percent(part: int, whole: int) -> str | None:
    if not whole:
        return None
    return str((Decimal(part) * 100 / Decimal(whole)).quantize(PERCENT_PLACES,
                                                               rounding=ROUND_HALF_UP))


TICKET_COLUMNS = [
    Column("reference", _("ticket reference")),
    Column("logged_at", _("logged at (date and time)")),
    Column("channel", _("channel")),
    Column("first_contact", _("closed at first point of contact (yes or no)")),
    Column("tier", _("service tier"), required=False),
    Column("resolved_at", _("resolved at (date and time; empty while open)")),
]


class TicketsExtract(ExtractKind, key="servicedesk-tickets", title=_("Service desk tickets"),
                     columns=TICKET_COLUMNS):

    # Reading the reference data ----------------------------------------------------

    def _channels(self):
        from servicedesk.models import Channel

        return list(Channel.objects.order_by("position", "name"))

    def _tiers(self):
        from servicedesk.models import ServiceTier

        return list(ServiceTier.objects.order_by("position", "name"))

    # Computing ------------------------------------------------------------------------

    def compute(self, frame, *, organisation, year) -> ExtractResult:
        import pandas as pd

        first_year = start_year(year)
        channels, tiers = self._channels(), self._tiers()
        channel_names = _names_in_any_language(channels)
        tier_names = _names_in_any_language(tiers)
        target_hours = {t.name: t.resolution_hours for t in tiers}

        rows = pd.Series(frame.index, index=frame.index)
        reason = pd.Series("", index=frame.index, dtype="string")

        def reject(mask, text):
            if mask.any():
                reason[mask] = reason[mask] + text + " "

        reference = frame["reference"]
        reject(reference == "", gettext("The reference is empty."))
        duplicate = (reference != "") & reference.duplicated(keep="first")
        first_row = rows.groupby(reference).transform("min")
        reject(duplicate, _say(gettext(
            "The reference “%(value)s” is also in row %(row)s; each ticket is counted "
            "once."), duplicate, value=reference, row=first_row.astype("string")))

        logged = parse_datetimes(frame["logged_at"])
        bad_logged = logged.isna()
        reject(bad_logged & (frame["logged_at"] == ""), gettext("logged_at is empty."))
        unparsed = bad_logged & (frame["logged_at"] != "")
        reject(unparsed, _say(gettext(
            "logged_at “%(value)s” is not a date and time; write it like 2019-04-01 09:30 "
            "or 01/04/2019 09:30."), unparsed, value=frame["logged_at"]))

        year_start = pd.Timestamp(first_year, 4, 1)
        year_end = pd.Timestamp(first_year + 1, 4, 1)
        now = pd.Timestamp(timezone.localtime().replace(tzinfo=None))
        outside = logged.notna() & ((logged < year_start) | (logged >= year_end))
        reject(outside, _say(gettext(
            "logged_at %(value)s is outside %(year)s (1 April %(first)s to 31 March "
            "%(last)s)."), outside, value=frame["logged_at"], year=year_label(first_year),
            first=first_year, last=first_year + 1))
        future = logged.notna() & ~outside & (logged > now)
        reject(future, _say(gettext("logged_at %(value)s is in the future."), future,
                            value=frame["logged_at"]))

        channel = frame["channel"].str.casefold().map(channel_names)
        reject(frame["channel"] == "", gettext("The channel is empty."))
        unknown_channel = channel.isna() & (frame["channel"] != "")
        reject(unknown_channel, _say(gettext(
            "The channel “%(value)s” is not one held (%(known)s); add it in the admin or "
            "correct the row."), unknown_channel, value=frame["channel"],
            known=", ".join(c.name for c in channels) or "—"))

        contact = frame["first_contact"].str.casefold()
        closed_first = contact.isin(TRUE_WORDS)
        bad_contact = ~closed_first & ~contact.isin(FALSE_WORDS)
        reject(bad_contact, _say(gettext(
            "first_contact “%(value)s” is not yes or no (or true/false, 1/0)."),
            bad_contact, value=frame["first_contact"]))

        tier = frame["tier"].str.casefold().map(tier_names)
        unknown_tier = tier.isna() & (frame["tier"] != "")
        reject(unknown_tier, _say(gettext(
            "The tier “%(value)s” is not one held (%(known)s); add it in the admin or "
            "correct the row."), unknown_tier, value=frame["tier"],
            known=", ".join(t.name for t in tiers) or "—"))

        resolved = parse_datetimes(frame["resolved_at"])
        bad_resolved = resolved.isna() & (frame["resolved_at"] != "")
        reject(bad_resolved, _say(gettext(
            "resolved_at “%(value)s” is not a date and time; write it like 2019-04-01 "
            "17:00, or leave it empty while the ticket is open."), bad_resolved,
            value=frame["resolved_at"]))
        before = resolved.notna() & logged.notna() & (resolved < logged)
        reject(before, _say(gettext(
            "resolved_at %(resolved)s is before logged_at %(logged)s."), before,
            resolved=frame["resolved_at"], logged=frame["logged_at"]))
        resolved_future = resolved.notna() & (resolved > now)
        reject(resolved_future, _say(gettext("resolved_at %(value)s is in the future."),
                                     resolved_future, value=frame["resolved_at"]))

        rejected = reason != ""
        rejections = [Rejection(row=int(r), reason=str(t).strip()) for r, t in
                      zip(reason.index[rejected.to_numpy()], reason[rejected], strict=True)]

        good = ~rejected
        month = logged.dt.month
        tickets = pd.DataFrame({
            "quarter": ((month - 4) % 12 // 3 + 1)[good].astype("int64"),
            "channel": channel[good].astype("string"),
            "closed_first": closed_first[good].astype("bool"),
            "tier": tier[good].astype("string"),
            "hours": ((resolved - logged).dt.total_seconds() / 3600)[good].astype("float64"),
        })
        tickets["target"] = tickets["tier"].map(target_hours).astype("float64")
        tickets["within"] = tickets["hours"].notna() & (tickets["hours"] <= tickets["target"])
        # An open ticket counts against its tier once it is past the target, not before.
        open_hours = ((now - logged).dt.total_seconds() / 3600)[good].astype("float64")
        tickets["decided"] = tickets["hours"].notna() | (open_hours > tickets["target"])

        quarters = self._figures(tickets, channels, tiers)
        notes = []
        with_tiers = tickets["tier"].notna().any()
        untargeted = [t.name for t in tiers if t.resolution_hours is None]
        if with_tiers and untargeted:
            notes.append(gettext(
                "%(tiers)s: no resolution time target is held, so the share resolved in "
                "time and the breaches are not computed for them (give the target on the "
                "service tier).") % {"tiers": and_list(untargeted)})
        return ExtractResult(quarters=quarters, rejections=rejections, rows=len(frame),
                             notes=notes)

    def _figures(self, tickets, channels, tiers) -> dict[int, dict]:
        calls = tickets.groupby(["quarter", "channel"]).size()
        first = tickets.groupby("quarter")["closed_first"].agg(["sum", "size"])
        tiered = tickets[tickets["tier"].notna()]
        per_tier = tiered.groupby(["quarter", "tier"]).agg(
            incidents=("hours", "size"), within=("within", "sum"), decided=("decided", "sum"))
        hours = tiered.groupby(["quarter", "tier"])["hours"]
        median = hours.quantile(0.5)
        p90 = hours.quantile(0.9)
        quarters_with_tiers = set(tiered["quarter"].unique().tolist())

        quarters = {}
        for quarter in sorted(first.index.tolist()):  # at most four
            figures = {
                "calls": {c.name: int(calls.get((quarter, c.name), 0)) for c in channels},
                "first_contact": {"closed": int(first.loc[quarter, "sum"]),
                                  "measured": int(first.loc[quarter, "size"])},
            }
            if quarter in quarters_with_tiers:
                figures["tiers"] = {}
                for tier in tiers:  # a handful of tiers
                    key = (quarter, tier.name)
                    incidents = int(per_tier["incidents"].get(key, 0))
                    within = int(per_tier["within"].get(key, 0))
                    decided = int(per_tier["decided"].get(key, 0))
                    targeted = tier.resolution_hours is not None
                    figures["tiers"][tier.name] = {
                        "incidents": incidents,
                        "resolved_in_time": _percent(within, decided) if targeted else None,
                        "breaches": decided - within if targeted else None,
                        "median_hours": _quantised(median.get(key), HOURS_PLACES),
                        "p90_hours": _quantised(p90.get(key), HOURS_PLACES),
                    }
            quarters[int(quarter)] = figures
        return quarters

    # What is held, and writing -------------------------------------------------------

    def held(self, *, organisation, year) -> dict[int, dict]:
        from servicedesk.models import ServiceDeskReturn

        returns = (ServiceDeskReturn.objects
                   .filter(organisation=organisation, year=year, quarter__in=[1, 2, 3, 4])
                   .prefetch_related("channel_calls__channel", "service_levels__tier"))
        held = {}
        for desk_return in returns:
            figures = {
                "calls": {c.channel.name: c.calls for c in desk_return.channel_calls.all()},
                "first_contact": {"closed": desk_return.first_contact_closed,
                                  "measured": desk_return.first_contact_measured},
            }
            levels = list(desk_return.service_levels.all())
            if levels:
                figures["tiers"] = {level.tier.name: {
                    "incidents": level.incidents,
                    "resolved_in_time": _text(level.resolved_in_time),
                    "breaches": level.breaches,
                    "median_hours": _text(level.median_hours),
                    "p90_hours": _text(level.p90_hours),
                } for level in levels}
            held[desk_return.quarter] = figures
        return held

    def write(self, result: ExtractResult, *, organisation, year, user, run) -> None:
        from servicedesk.services import extract_quarters_save

        extract_quarters_save(quarters=result.quarters, organisation=organisation, year=year)

    def label(self, path: tuple[str, ...]) -> str:
        names = {
            ("first_contact", "closed"): gettext("Calls closed at first point of contact"),
            ("first_contact", "measured"): gettext("Calls the first-contact measure is "
                                                   "taken over"),
        }
        if path in names:
            return names[path]
        if path[0] == "calls":
            return gettext("Calls received: %(channel)s") % {"channel": path[1]}
        if path[0] == "tiers":
            what = {
                "incidents": gettext("incidents"),
                "resolved_in_time": gettext("resolved in time (%)"),
                "breaches": gettext("breaches"),
                "median_hours": gettext("median hours to resolve"),
                "p90_hours": gettext("90th percentile hours to resolve"),
            }.get(path[2], path[2])
            return gettext("%(tier)s: %(what)s") % {"tier": path[1], "what": what}
        return super().label(path)


def _names_in_any_language(rows) -> dict[str, str]:
    """Each row's name in every language it is held in (casefolded) → its name as the
    figures are keyed (the active language's): an extract may name a channel or tier in
    English or in Welsh, whichever language the page is in."""
    from django.conf import settings

    names = {}
    for row in rows:
        for code, _label in settings.LANGUAGES:
            held = getattr(row, f"name_{code.split('-')[0]}", None)
            if held:
                names.setdefault(held.casefold(), row.name)
    for row in rows:  # the name as shown wins over another row's other-language name
        names[row.name.casefold()] = row.name
    return names


def _text(value) -> str | None:
    return None if value is None else str(value)


# Registered by the app's config (ictreport.core.section_apps).
EXTRACTS = (TicketsExtract(),)
