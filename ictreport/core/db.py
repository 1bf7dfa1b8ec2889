"""Database rules that Django's constraint classes cannot express.

"A year holds either one full-year return or quarterly returns, never both" spans
rows, so neither a unique nor a check constraint can hold it. ``ForbidMixedPeriods``
is a migration operation that installs a trigger for it on a ``QuarterlyReturn``
subclass's table, on SQLite and PostgreSQL alike; a violating write then fails with an
``IntegrityError`` whatever code path attempted it.
"""

from django.db import migrations

MIXED_PERIODS_MESSAGE = "a year holds either one full-year return or quarterly returns, not both"

_MIXED = "((NEW.quarter = 0) <> (quarter = 0))"


def _sqlite_sql(table: str) -> list[str]:
    clash = (
        f"SELECT 1 FROM {table} WHERE organisation_id = NEW.organisation_id "
        f"AND year_id = NEW.year_id AND {_MIXED}"
    )
    raise_ = f"SELECT RAISE(ABORT, '{table}: {MIXED_PERIODS_MESSAGE}');"
    return [
        f"CREATE TRIGGER {table}_mixed_periods_insert BEFORE INSERT ON {table} "
        f"WHEN EXISTS ({clash}) BEGIN {raise_} END;",
        f"CREATE TRIGGER {table}_mixed_periods_update BEFORE UPDATE ON {table} "
        f"WHEN EXISTS ({clash} AND id <> NEW.id) BEGIN {raise_} END;",
    ]


def _postgresql_sql(table: str) -> list[str]:
    return [
        f"""
        CREATE FUNCTION {table}_mixed_periods() RETURNS trigger AS $$
        BEGIN
            -- Serialise writers of one organisation's year so two transactions cannot
            -- each add the other kind of return unseen.
            PERFORM pg_advisory_xact_lock(
                hashtext('{table}'), (NEW.organisation_id * 10000 + NEW.year_id)::integer
            );
            IF EXISTS (
                SELECT 1 FROM {table}
                WHERE organisation_id = NEW.organisation_id AND year_id = NEW.year_id
                  AND id <> NEW.id AND {_MIXED}
            ) THEN
                RAISE EXCEPTION '{table}: {MIXED_PERIODS_MESSAGE}'
                    USING ERRCODE = 'check_violation';
            END IF;
            RETURN NEW;
        END
        $$ LANGUAGE plpgsql;
        """,
        f"CREATE TRIGGER {table}_mixed_periods BEFORE INSERT OR UPDATE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {table}_mixed_periods();",
    ]


def _drop_sql(vendor: str, table: str) -> list[str]:
    if vendor == "sqlite":
        return [
            f"DROP TRIGGER IF EXISTS {table}_mixed_periods_insert;",
            f"DROP TRIGGER IF EXISTS {table}_mixed_periods_update;",
        ]
    return [
        f"DROP TRIGGER IF EXISTS {table}_mixed_periods ON {table};",
        f"DROP FUNCTION IF EXISTS {table}_mixed_periods();",
    ]


class ForbidMixedPeriods(migrations.operations.base.Operation):
    """Install the full-year-or-quarters trigger on ``model_name``'s table."""

    reversible = True
    reduces_to_sql = True

    def __init__(self, model_name: str):
        self.model_name = model_name

    def state_forwards(self, app_label, state):
        pass

    def _table(self, app_label, state):
        return state.apps.get_model(app_label, self.model_name)._meta.db_table

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        table = self._table(app_label, to_state)
        vendor = schema_editor.connection.vendor
        if vendor == "sqlite":
            statements = _sqlite_sql(table)
        elif vendor == "postgresql":
            statements = _postgresql_sql(table)
        else:
            raise NotImplementedError(f"No mixed-period trigger for {vendor}.")
        for sql in statements:
            schema_editor.execute(sql, params=None)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        table = self._table(app_label, from_state)
        for sql in _drop_sql(schema_editor.connection.vendor, table):
            schema_editor.execute(sql, params=None)

    def describe(self):
        return f"Forbid full-year and quarterly returns in one year on {self.model_name}"

    def deconstruct(self):
        return (self.__class__.__qualname__, [], {"model_name": self.model_name})

    @property
    def migration_name_fragment(self):
        return f"forbid_mixed_periods_{self.model_name.lower()}"
