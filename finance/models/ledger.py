"""The ledger extract's models: which budget line each ledger account counts towards, and
the spend an extract could place in none (``finance.extracts``)."""

from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from finance.models.budget import BudgetLine, refuse_other_organisations_line
from ictreport.core.constraints import rule, table_meta
from ictreport.core.fields import organisation_link, reference_link
from ictreport.core.periods import Quarter
from ictreport.core.recorded import Recorded


class AccountMapping(Recorded):
    """Which budget line a cost centre or account code of the finance system's ledger
    counts towards, for one organisation (``finance.extracts``: the ledger extract).

    Codes are matched ignoring case and surrounding spaces, so the database holds each
    code once per organisation however it is capitalised.
    """

    organisation = organisation_link(on_delete=models.CASCADE)
    account = models.CharField(
        _("account code"), max_length=60,
        help_text=_("The cost centre or account code as the ledger export writes it; "
                    "capitals and spaces around it do not matter."),
    )
    line = models.ForeignKey(
        BudgetLine, on_delete=models.PROTECT, related_name="accounts",
        verbose_name=_("budget line"),
    )

    Meta = table_meta(
        _("ledger account mapping"), _("ledger account mappings"),
        models.UniqueConstraint(
            Upper("account"), "organisation", name="finance_accountmapping_unique_account",
            violation_error_message=_("This organisation already maps that account code to "
                                      "a budget line."),
        ),
        rule(~Q(account=""), name="finance_accountmapping_account_given",
             message=_("Enter the account code.")),
        ordering=["organisation", "account"],
    )

    def __str__(self):
        return f"{self.account} → {self.line}"

    def clean(self):
        super().clean()
        self.account = (self.account or "").strip()
        if self.line_id is not None and self.organisation_id is not None:
            refuse_other_organisations_line(self.line, self.organisation)


class UnmappedAccount(models.Model):
    """Spend a ledger extract counted towards no budget line, because the organisation's
    mapping does not know its account: kept with the import that found it, one row per
    quarter and account, for the data-quality finding and the next dry run."""

    run = models.ForeignKey(
        "core.ExtractRun", on_delete=models.CASCADE, related_name="+",
        verbose_name=_("extract import"),
    )
    organisation = organisation_link()
    year = reference_link("core.FinancialYear", _("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"), choices=Quarter.choices)
    account = models.TextField(_("account code"))
    total = models.DecimalField(_("total (£)"), max_digits=20, decimal_places=2)
    transactions = models.PositiveIntegerField(_("transactions"))

    Meta = table_meta(
        _("unmapped ledger account"), _("unmapped ledger accounts"),
        models.UniqueConstraint(fields=["run", "quarter", "account"],
                                name="finance_unmappedaccount_once_per_quarter"),
        rule(Q(quarter__gte=1) & Q(quarter__lte=4), name="finance_unmappedaccount_quarter"),
        rule(Q(transactions__gte=1), name="finance_unmappedaccount_some_transactions"),
        ordering=["run", "quarter", "account"],
    )

    def __str__(self):
        return f"{self.account}: {self.total}"
