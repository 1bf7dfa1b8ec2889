"""The standard assurance scale the shared service's internal auditors use.

Opinions are rows (``AuditOpinion``), so the scale can be changed in the admin. These
are the rows a new database starts with: the data migration seeds them, and a report
import seeds them again into a database that holds none (``manage.py flush`` empties
every table, data-migration rows included).
"""

# (name, position, counted as limited assurance or worse)
STANDARD_OPINIONS = (
    ("Substantial", 1, False),
    ("Reasonable", 2, False),
    ("Moderate", 3, False),
    ("Limited", 4, True),
    ("No assurance", 5, True),
    ("Advisory", 6, False),
    ("Deferred", 7, False),
)


def seed_standard_opinions(opinion_model) -> None:
    """Create the standard scale in an empty opinions table; leave a filled one alone."""
    if opinion_model._default_manager.exists():
        return
    opinion_model._default_manager.bulk_create(
        opinion_model(name=name, position=position, limited=limited)
        for name, position, limited in STANDARD_OPINIONS
    )
