"""Finance's text held in English and Welsh (``ictreport.core.bilingual``): budget line
names and each line's commentary and discrepancy note. Not account codes."""

from finance.models import BudgetLine, LineFigure
from ictreport.core.bilingual import register

register(BudgetLine, "name")
register(LineFigure, "commentary", "discrepancy")
