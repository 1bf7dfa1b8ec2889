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


def _sqlite_name(name: str, event: str) -> str:
    return f"{name}_{event.split()[0].lower()}"


def _sqlite_sql() -> list[str]:
    return [
        *_drop_sql("sqlite"),
        *(f"CREATE TRIGGER {_sqlite_name(name, event)} BEFORE {event} ON {table} "
          f"WHEN {condition} BEGIN SELECT RAISE(ABORT, '{table}: {MESSAGE}'); END;"
          for name, table, events, condition in _TRIGGERS
          for event in events),
    ]


def _postgresql_sql() -> list[str]:
    statements = []
    for name, table, events, condition in _TRIGGERS:
        statements += [
            f"""
            CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$
            BEGIN
                IF {condition} THEN
                    RAISE EXCEPTION '{table}: {MESSAGE}' USING ERRCODE = 'check_violation';
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


def _drop_sql(vendor: str) -> list[str]:
    if vendor == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {_sqlite_name(name, event)};"
                for name, _table, events, _condition in _TRIGGERS for event in events]
    return [
        sql
        for name, table, _events, _condition in _TRIGGERS
        for sql in (f"DROP TRIGGER IF EXISTS {name} ON {table};",
                    f"DROP FUNCTION IF EXISTS {name}();")
    ]


def _create_sql(vendor: str) -> list[str]:
    if vendor == "sqlite":
        return _sqlite_sql()
    if vendor == "postgresql":
        return _postgresql_sql()
    raise NotImplementedError(f"No finance line triggers for {vendor}.")


def install_line_triggers(using: str = "default", **kwargs) -> bool:
    """Install the triggers if the finance tables exist; say whether they did."""
    connection = connections[using]
    tables = {table for _name, table, _events, _condition in _TRIGGERS}
    if not tables <= set(connection.introspection.table_names()):
        return False
    with connection.cursor() as cursor:
        for sql in _create_sql(connection.vendor):
            cursor.execute(sql)
    return True


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
