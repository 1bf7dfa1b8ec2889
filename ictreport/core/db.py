"""Database rules that Django's constraint classes cannot express.

"A year holds either one full-year return or quarterly returns, never both" spans
rows, so neither a unique nor a check constraint can hold it: a trigger on each
``QuarterlyReturn`` subclass's table does, on SQLite and PostgreSQL alike, and a
violating write fails with an ``IntegrityError`` whatever code path attempted it.

The triggers are (re)installed after every ``migrate`` for every concrete subclass
(``install_triggers``, connected to ``post_migrate``, with every other trigger of the
project's), not only by the migration
that created the table: SQLite rebuilds a table to alter it, silently dropping its
triggers, so any later migration of a return table would otherwise lose the rule.
"""

from django.apps import apps
from django.db import connections, migrations

from ictreport.core.triggers import differs_sql

MIXED_PERIODS_MESSAGE = "a year holds either one full-year return or quarterly returns, not both"

_MIXED = "((NEW.quarter = 0) <> (quarter = 0))"


def _sqlite_sql(table: str) -> list[str]:
    clash = (
        f"SELECT 1 FROM {table} WHERE organisation_id = NEW.organisation_id "
        f"AND year_id = NEW.year_id AND {_MIXED}"
    )
    raise_ = f"SELECT RAISE(ABORT, '{table}: {MIXED_PERIODS_MESSAGE}');"
    return [
        *_drop_sql("sqlite", table),
        f"CREATE TRIGGER {table}_mixed_periods_insert BEFORE INSERT ON {table} "
        f"WHEN EXISTS ({clash}) BEGIN {raise_} END;",
        f"CREATE TRIGGER {table}_mixed_periods_update BEFORE UPDATE ON {table} "
        f"WHEN EXISTS ({clash} AND id <> NEW.id) BEGIN {raise_} END;",
    ]


def _postgresql_sql(table: str) -> list[str]:
    return [
        f"""
        CREATE OR REPLACE FUNCTION {table}_mixed_periods() RETURNS trigger AS $$
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
        f"DROP TRIGGER IF EXISTS {table}_mixed_periods ON {table};",
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


def _create_sql(vendor: str, table: str) -> list[str]:
    if vendor == "sqlite":
        return _sqlite_sql(table)
    if vendor == "postgresql":
        return _postgresql_sql(table)
    raise NotImplementedError(f"No mixed-period trigger for {vendor}.")


def return_models():
    """Every concrete ``QuarterlyReturn`` subclass (historical copies are not)."""
    from ictreport.core.models import QuarterlyReturn

    return [
        model for model in apps.get_models()
        if issubclass(model, QuarterlyReturn) and model._meta.managed and not model._meta.proxy
    ]


def _on_return_tables(using: str, statements) -> list[str]:
    """Run ``statements(vendor, model, existing tables)`` for every return table that
    exists; returns the tables done."""
    connection = connections[using]
    existing = set(connection.introspection.table_names())
    done = []
    with connection.cursor() as cursor:
        for model in return_models():
            table = model._meta.db_table
            if table not in existing:
                continue
            for sql in statements(connection.vendor, model, existing):
                cursor.execute(sql)
            done.append(table)
    return done


def install_period_triggers(using: str = "default", **kwargs) -> list[str]:
    """Install the trigger on every return table that exists; returns their names."""
    return _on_return_tables(
        using, lambda vendor, model, existing: _create_sql(vendor, model._meta.db_table))


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
        for sql in _create_sql(schema_editor.connection.vendor, table):
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


# Optimistic concurrency: a return's ``version`` goes up by one with every write to the
# return or to a row of its figures, whichever code writes it (admin, imports, raw SQL).
# A form carries the version it was opened at; the admin refuses a save from an older
# one (``ictreport.core.admin_base.ReturnAdmin``). Rows two levels down (an audit
# review's recommendations) are changed on their review's own page, which bumps
# nothing: the return's page does not show them.


def figure_tables(model) -> list[tuple[str, str, list[str]]]:
    """(table, foreign-key column, every column) of every table whose rows hang from
    ``model``."""
    from simple_history.models import HistoricalChanges

    return [(rel.related_model._meta.db_table, rel.field.column, _all_columns(rel.related_model))
            for rel in model._meta.related_objects
            if rel.one_to_many and rel.related_model._meta.managed
            and not issubclass(rel.related_model, HistoricalChanges)]


def _all_columns(model) -> list[str]:
    return [f.column for f in model._meta.concrete_fields]


def _version_sql(vendor: str, model, children: list[tuple[str, str, list[str]]]) -> list[str]:
    # An update that writes a row back as it was (a re-import) moves no version.
    table = model._meta.db_table
    bump = f"UPDATE {table} SET version = version + 1 WHERE id ="
    if vendor == "sqlite":
        sql = [
            f"DROP TRIGGER IF EXISTS {table}_version_bump;",
            # The row's own update: whatever version it wrote, the stored one is the
            # old plus one (recursive triggers are off, so the inner update is final).
            f"CREATE TRIGGER {table}_version_bump AFTER UPDATE ON {table} "
            f"WHEN NEW.version IS NOT OLD.version + 1 "
            f"AND {differs_sql(vendor, _all_columns(model))} BEGIN "
            f"UPDATE {table} SET version = OLD.version + 1 WHERE id = NEW.id; END;",
        ]
        for child, column, columns in children:
            sql += [
                f"DROP TRIGGER IF EXISTS {child}_version_insert;",
                f"DROP TRIGGER IF EXISTS {child}_version_update;",
                f"DROP TRIGGER IF EXISTS {child}_version_delete;",
                f"CREATE TRIGGER {child}_version_insert AFTER INSERT ON {child} "
                f"BEGIN {bump} NEW.{column}; END;",
                f"CREATE TRIGGER {child}_version_update AFTER UPDATE ON {child} "
                f"WHEN {differs_sql(vendor, columns)} BEGIN {bump} OLD.{column}; "
                f"UPDATE {table} SET version = version + 1 WHERE id = NEW.{column} "
                f"AND NEW.{column} <> OLD.{column}; END;",
                f"CREATE TRIGGER {child}_version_delete AFTER DELETE ON {child} "
                f"BEGIN {bump} OLD.{column}; END;",
            ]
        return sql
    if vendor == "postgresql":
        sql = [
            f"""
            CREATE OR REPLACE FUNCTION {table}_version_bump() RETURNS trigger AS $$
            BEGIN
                IF NEW IS DISTINCT FROM OLD THEN
                    NEW.version := OLD.version + 1;
                END IF;
                RETURN NEW;
            END
            $$ LANGUAGE plpgsql;
            """,
            f"DROP TRIGGER IF EXISTS {table}_version_bump ON {table};",
            f"CREATE TRIGGER {table}_version_bump BEFORE UPDATE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {table}_version_bump();",
        ]
        for child, column, _columns in children:
            sql += [
                f"""
                CREATE OR REPLACE FUNCTION {child}_version() RETURNS trigger AS $$
                BEGIN
                    IF TG_OP = 'UPDATE' AND NEW IS NOT DISTINCT FROM OLD THEN
                        RETURN NULL;
                    END IF;
                    IF TG_OP <> 'INSERT' THEN
                        {bump} OLD.{column};
                    END IF;
                    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.{column} <> OLD.{column})
                    THEN
                        {bump} NEW.{column};
                    END IF;
                    RETURN NULL;
                END
                $$ LANGUAGE plpgsql;
                """,
                f"DROP TRIGGER IF EXISTS {child}_version ON {child};",
                f"CREATE TRIGGER {child}_version AFTER INSERT OR UPDATE OR DELETE ON {child} "
                f"FOR EACH ROW EXECUTE FUNCTION {child}_version();",
            ]
        return sql
    raise NotImplementedError(f"No version triggers for {vendor}.")


def _children(model, existing: set[str]) -> list[tuple[str, str, list[str]]]:
    return [child for child in figure_tables(model) if child[0] in existing]


def install_version_triggers(using: str = "default", **kwargs) -> list[str]:
    """Install the version triggers on every return table and its figure tables;
    returns the return tables done."""
    return _on_return_tables(using, lambda vendor, model, existing: _version_sql(
        vendor, model, _children(model, existing)))


def drop_version_triggers(using: str = "default", **kwargs) -> None:
    """Drop the version triggers (a figure table's trigger names its return's table)."""
    _on_return_tables(using, lambda vendor, model, existing: _drop_version_sql(
        vendor, model._meta.db_table, _children(model, existing)))


def run_trigger_sql(using: str, *producers, drop: bool = False) -> None:
    """Run each of ``producers(vendor, existing tables, drop=...)``'s statements: the one
    loop every per-table trigger of the project's is installed (or dropped) by."""
    connection = connections[using]
    existing = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for producer in producers:
            for sql in producer(connection.vendor, existing, drop=drop):
                cursor.execute(sql)


def _rule_producers():
    """The triggers that name other tables than their own: the locks, the data version."""
    from ictreport.core.data_version import data_version_trigger_sql
    from ictreport.core.signoff_lock import lock_trigger_sql
    from ictreport.core.year_lock_triggers import year_lock_trigger_sql

    return lock_trigger_sql, year_lock_trigger_sql, data_version_trigger_sql


def install_triggers(using: str = "default", **kwargs) -> None:
    """Every trigger of the project's own (``post_migrate``, once per run, after every
    app's migrations): SQLite drops a table's triggers when a migration rebuilds it, so
    a rule installed only by the migration that made the table would be lost."""
    from ictreport.core.data_version import install_data_version_triggers
    from ictreport.core.editions import install_edition_triggers

    if "plan" not in kwargs:
        # A flush (after every transactional test, and ``manage.py flush``) empties the
        # tables and leaves their triggers as they were: nothing to put back. Only a
        # migrate passes ``plan``.
        return
    if _behind_the_code(using):
        # ``migrate`` to an older state: the triggers are written for the tables as the
        # code has them (a column a later migration adds), so they wait for the migrate
        # that brings the schema up to date.
        return
    install_period_triggers(using)
    install_version_triggers(using)
    *locks, _data_version = _rule_producers()
    run_trigger_sql(using, *locks)
    install_edition_triggers(using)
    install_data_version_triggers(using)


def _behind_the_code(using: str) -> bool:
    from django.db import connections
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections[using])
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def drop_triggers(using: str = "default", **kwargs) -> None:
    """Drop the triggers that name another table than their own (``pre_migrate``):
    SQLite refuses to rebuild a table, as it does to alter one, while another table's
    trigger refers to it. ``install_triggers`` puts them back after the run."""
    drop_version_triggers(using)
    run_trigger_sql(using, *_rule_producers(), drop=True)


def _drop_version_sql(vendor: str, table: str, children) -> list[str]:
    if vendor == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {table}_version_bump;",
                *(f"DROP TRIGGER IF EXISTS {child}_version_{event};"
                  for child, *_ in children for event in ("insert", "update", "delete"))]
    return [f"DROP TRIGGER IF EXISTS {table}_version_bump ON {table};",
            *(f"DROP TRIGGER IF EXISTS {child}_version ON {child};" for child, *_ in children)]
