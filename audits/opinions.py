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


# The scale's Welsh names, as a Welsh internal audit report gives them.
STANDARD_OPINIONS_CY = {
    "Substantial": "Sylweddol",
    "Reasonable": "Rhesymol",
    "Moderate": "Cymedrol",
    "Limited": "Cyfyngedig",
    "No assurance": "Dim sicrwydd",
    "Advisory": "Cynghorol",
    "Deferred": "Wedi'i ohirio",
}


def _bilingual(opinion_model) -> bool:
    """Whether the model holds the name in both languages (django-modeltranslation's
    ``name_en``/``name_cy``); the model a migration sees may predate them."""
    fields = {f.name for f in opinion_model._meta.get_fields()}
    return {"name_en", "name_cy"} <= fields


def seed_standard_opinions(opinion_model) -> None:
    """Create the standard scale in an empty opinions table; leave a filled one alone.
    Where the model holds Welsh names, the rows get the scale's Welsh names too."""
    if opinion_model._default_manager.exists():
        return
    bilingual = _bilingual(opinion_model)
    rows = []
    for name, position, limited in STANDARD_OPINIONS:
        names = {"name": name}
        if bilingual:
            names |= {"name_en": name, "name_cy": STANDARD_OPINIONS_CY[name]}
        rows.append(opinion_model(position=position, limited=limited, **names))
    opinion_model._default_manager.bulk_create(rows)
