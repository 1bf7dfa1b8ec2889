"""One way to write a per-table row trigger, on SQLite and PostgreSQL alike.

Every trigger of the project's (the data version, the sign-off lock, the year locks,
the full-year-or-quarters rule) is said the same way: for each event (``insert``,
``update``, ``delete``), the condition on the row (``NEW``/``OLD``; None: always) and
the statements to run when it holds. ``create_sql`` turns that into

* on SQLite, one trigger per event, ``<name>_<event>``, its condition a ``WHEN``;
* on PostgreSQL, one function and one trigger, both ``<name>``, with an ``IF`` per
  event; a ``BEFORE`` trigger lets the row through unless a statement refused it.

Statements are each vendor's own SQL (the callers know the vendor): ``refuse_sql`` is
the refusal, ``differs_sql`` the "did the update change anything" test.
"""

EVENTS = ("insert", "update", "delete")


def _body(statements) -> str:
    return " ".join(s.strip().rstrip(";") + ";" for s in statements)


def create_sql(vendor: str, name: str, table: str, *, timing: str,
               events: dict[str, tuple[str | None, list[str]]]) -> list[str]:
    """The statements (re)installing trigger ``name`` on ``table``: ``timing`` is
    ``BEFORE`` or ``AFTER``; ``events`` maps each event to (condition, statements)."""
    if vendor == "sqlite":
        sql = drop_sql(vendor, name, table)
        for event, (condition, statements) in events.items():
            when = f" WHEN {condition}" if condition else ""
            sql.append(f"CREATE TRIGGER {name}_{event} {timing} {event.upper()} ON {table}"
                       f"{when} BEGIN {_body(statements)} END;")
        return sql
    if vendor != "postgresql":
        raise NotImplementedError(f"No triggers for {vendor}.")
    branches = "\n".join(
        f"IF TG_OP = '{event.upper()}'{f' AND ({condition})' if condition else ''} "
        f"THEN {_body(statements)} END IF;"
        for event, (condition, statements) in events.items())
    result = ("RETURN NULL;" if timing == "AFTER"
              else "IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW;")
    return [
        f"""
        CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$
        BEGIN
            {branches}
            {result}
        END
        $$ LANGUAGE plpgsql;
        """,
        f"DROP TRIGGER IF EXISTS {name} ON {table};",
        f"CREATE TRIGGER {name} {timing} {' OR '.join(e.upper() for e in events)} "
        f"ON {table} FOR EACH ROW EXECUTE FUNCTION {name}();",
    ]


def drop_sql(vendor: str, name: str, table: str) -> list[str]:
    """The statements removing trigger ``name`` from ``table`` (if it is there)."""
    if vendor == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {name}_{event};" for event in EVENTS]
    return [f"DROP TRIGGER IF EXISTS {name} ON {table};"]


def refuse_sql(vendor: str, message: str) -> str:
    """A statement refusing the write with ``message`` (an ``IntegrityError``)."""
    message = message.replace("'", "''")
    if vendor == "sqlite":
        return f"SELECT RAISE(ABORT, '{message}')"
    return f"RAISE EXCEPTION '{message}' USING ERRCODE = 'check_violation'"


def differs_sql(vendor: str, columns: list[str], *, whole_row: bool = False) -> str:
    """True when an update changed any of ``columns``; with ``whole_row`` they are
    every column of the table (PostgreSQL then compares the rows as a whole)."""
    if vendor == "postgresql" and whole_row:
        return "OLD.* IS DISTINCT FROM NEW.*"
    if not columns:
        return "FALSE" if vendor == "postgresql" else "0"
    differs = "IS DISTINCT FROM" if vendor == "postgresql" else "IS NOT"
    return "(" + " OR ".join(f"NEW.{c} {differs} OLD.{c}" for c in columns) + ")"
