"""The database rule no Django constraint can state: a return's figures are for lines of
the return's own organisation.

The rule spans three tables, so triggers hold it on SQLite and PostgreSQL alike: adding
or changing a line's figures, and moving a return or a budget line to another
organisation, fail with an ``IntegrityError`` if it would break.

As for the core's period triggers, they are (re)installed after every ``migrate``
(``install_line_triggers``, connected to ``post_migrate``) as well as by the migration:
SQLite rebuilds a table to alter it and drops its triggers on the way.
"""

from django.db import connections, migrations

MESSAGE = "figures must be for budget lines of the same organisation as their return"

_FIGURE_MISMATCH = (
    "(SELECT organisation_id FROM finance_budgetline WHERE id = NEW.line_id) <> "
    "(SELECT organisation_id FROM finance_financereturn WHERE id = NEW.finance_return_id)"
)
_RETURN_MISMATCH = (
    "EXISTS (SELECT 1 FROM finance_linefigure f JOIN finance_budgetline l ON l.id = f.line_id "
    "WHERE f.finance_return_id = NEW.id AND l.organisation_id <> NEW.organisation_id)"
)
_LINE_MISMATCH = (
    "EXISTS (SELECT 1 FROM finance_linefigure f JOIN finance_financereturn r "
    "ON r.id = f.finance_return_id WHERE f.line_id = NEW.id "
    "AND r.organisation_id <> NEW.organisation_id)"
)
# (trigger name, table, events, condition): PostgreSQL takes the events in one trigger,
# SQLite needs a trigger for each.
_TRIGGERS = [
    ("finance_linefigure_org", "finance_linefigure", ("INSERT", "UPDATE"), _FIGURE_MISMATCH),
    ("finance_financereturn_org", "finance_financereturn", ("UPDATE OF organisation_id",),
     _RETURN_MISMATCH),
    ("finance_budgetline_org", "finance_budgetline", ("UPDATE OF organisation_id",),
     _LINE_MISMATCH),
]

# The ledger's account mappings (migration 0003_ledger_account_mapping) hold to the same
# rule: an account counts towards a line of its own organisation. Kept apart from the
# triggers above, which migration 0002 installs before the mapping's table exists.
MAPPING_MESSAGE = "an account must map to a budget line of its own organisation"
_MAPPING_MISMATCH = (
    "(SELECT organisation_id FROM finance_budgetline WHERE id = NEW.line_id) <> "
    "NEW.organisation_id"
)
_LINE_MAPPING_MISMATCH = (
    "EXISTS (SELECT 1 FROM finance_accountmapping m WHERE m.line_id = NEW.id "
    "AND m.organisation_id <> NEW.organisation_id)"
)
MAPPING_TRIGGERS = [
    ("finance_accountmapping_org", "finance_accountmapping", ("INSERT", "UPDATE"),
     _MAPPING_MISMATCH, MAPPING_MESSAGE),
    ("finance_budgetline_mapping_org", "finance_budgetline", ("UPDATE OF organisation_id",),
     _LINE_MAPPING_MISMATCH, MAPPING_MESSAGE),
]


def _sqlite_name(name: str, event: str) -> str:
    return f"{name}_{event.split()[0].lower()}"


def _parts(trigger) -> tuple[str, str, tuple[str, ...], str, str]:
    name, table, events, condition, *message = trigger
    return name, table, events, condition, message[0] if message else MESSAGE


def _sqlite_sql(triggers=_TRIGGERS) -> list[str]:
    return [
        *_drop_sql("sqlite", triggers),
        *(f"CREATE TRIGGER {_sqlite_name(name, event)} BEFORE {event} ON {table} "
          f"WHEN {condition} BEGIN SELECT RAISE(ABORT, '{table}: {message}'); END;"
          for name, table, events, condition, message in map(_parts, triggers)
          for event in events),
    ]


def _postgresql_sql(triggers=_TRIGGERS) -> list[str]:
    statements = []
    for name, table, events, condition, message in map(_parts, triggers):
        statements += [
            f"""
            CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$
            BEGIN
                IF {condition} THEN
                    RAISE EXCEPTION '{table}: {message}' USING ERRCODE = 'check_violation';
                END IF;
                RETURN NEW;
            END
            $$ LANGUAGE plpgsql;
            """,
            f"DROP TRIGGER IF EXISTS {name} ON {table};",
            f"CREATE TRIGGER {name} BEFORE {' OR '.join(events)} ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {name}();",
        ]
    return statements


def _drop_sql(vendor: str, triggers=_TRIGGERS) -> list[str]:
    if vendor == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {_sqlite_name(name, event)};"
                for name, _table, events, *_rest in triggers for event in events]
    return [
        sql
        for name, table, *_rest in triggers
        for sql in (f"DROP TRIGGER IF EXISTS {name} ON {table};",
                    f"DROP FUNCTION IF EXISTS {name}();")
    ]


def _create_sql(vendor: str, triggers=_TRIGGERS) -> list[str]:
    if vendor == "sqlite":
        return _sqlite_sql(triggers)
    if vendor == "postgresql":
        return _postgresql_sql(triggers)
    raise NotImplementedError(f"No finance line triggers for {vendor}.")


def install_line_triggers(using: str = "default", **kwargs) -> bool:
    """Install the triggers if the finance tables exist (the account mappings' too, once
    their table does); say whether the line triggers were."""
    connection = connections[using]
    present = set(connection.introspection.table_names())
    installed = False
    for triggers in (_TRIGGERS, MAPPING_TRIGGERS):
        if not {trigger[1] for trigger in triggers} <= present:
            continue
        with connection.cursor() as cursor:
            for sql in _create_sql(connection.vendor, triggers):
                cursor.execute(sql)
        installed = installed or triggers is _TRIGGERS
    return installed


class LinesOfOwnOrganisation(migrations.operations.base.Operation):
    """Install the triggers holding figures to their return's organisation's lines."""

    reversible = True
    reduces_to_sql = True

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        for sql in _create_sql(schema_editor.connection.vendor):
            schema_editor.execute(sql, params=None)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        for sql in _drop_sql(schema_editor.connection.vendor):
            schema_editor.execute(sql, params=None)

    def describe(self):
        return "Hold each return's figures to budget lines of its own organisation"

    def deconstruct(self):
        return (self.__class__.__qualname__, [], {})

    @property
    def migration_name_fragment(self):
        return "lines_of_own_organisation"
