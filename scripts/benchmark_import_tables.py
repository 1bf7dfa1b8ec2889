"""The tables ``scripts.benchmark_import`` prints from its measurements (kept apart so
each module stays under the project's 400-line limit)."""


def _failed(*runs) -> str | None:
    for figures in runs:
        if figures is None:
            return "not run"
        if ("failed", "") in figures:
            return figures["failed", ""]
    return None


STEPS = ("read", "dry run", "confirm")


def _traced(traced) -> str:
    failed = _failed(traced)
    if failed:
        return "not measured" if failed == "not run" else f"failed: {failed}"
    return " / ".join(traced["traced MB", name] for name in STEPS)


def steps_table(results, sizes, formats):
    print("\nThe import's steps, called as the admin's upload and confirm steps call them "
          "(queries counted on the CSV file: the rows are the same whichever format they "
          "came in)")
    print()
    print("| rows | format | file | read (s) | dry run (s) | confirm (s) | total (s) | "
          "ms per row | queries: dry run / confirm | queries per row | peak traced: "
          "read / dry run / confirm (MB) | process RSS before → peak (MB) | result |")
    print("|" + " --- |" * 13)
    for size in sizes:
        counted = results.get((size, "csv", "queries"))
        for file_format in formats:
            timed = results.get((size, file_format, "time"))
            traced = results.get((size, file_format, "memory"))
            failed = _failed(timed, counted)
            if failed:
                print(f"| {size:,} | {file_format} | failed: {failed} |")
                continue
            seconds = [float(timed["seconds", name]) for name in STEPS]
            queries = [int(counted["queries", name]) for name in STEPS]
            print(f"| {size:,} | {file_format} | {int(timed['file bytes', '']) / 1024:,.0f} KB "
                  f"| {' | '.join(f'{s:.2f}' for s in seconds)} | {sum(seconds):.2f} | "
                  f"{sum(seconds) * 1000 / size:.2f} | {queries[1]:,} / {queries[2]:,} | "
                  f"{sum(queries) / size:.2f} | "
                  f"{_traced(traced)} | "
                  f"{timed['rss MB', 'before']} → {timed['rss MB', 'peak']} | "
                  f"{timed['outcome', '']} |")

    print("\nSQL statements by kind (other: SAVEPOINT and RELEASE SAVEPOINT)")
    print()
    print("| rows | dry run | confirm |")
    print("| --- | --- | --- |")
    for size in sizes:
        counted = results.get((size, "csv", "queries"))
        if not _failed(counted):
            print(f"| {size:,} | {counted['kinds', 'dry run']} | {counted['kinds', 'confirm']} |")


def pages_table(results, sizes):
    print("\nThe same through the admin's two pages (Django's test client, signed in; CSV; "
          "time and queries in the same run)")
    print()
    print("| rows | upload page, with the preview (s) | confirm page (s) | queries: "
          "upload / confirm | queries per row | process RSS peak (MB) | result |")
    print("|" + " --- |" * 7)
    for size in sizes:
        pages = results.get((size, "csv", "admin"))
        failed = _failed(pages)
        if failed:
            print(f"| {size:,} | {failed} |")
            continue
        queries = [int(pages.get(("queries", name), 0)) for name in ("upload page",
                                                                     "confirm page")]
        print(f"| {size:,} | {pages['seconds', 'upload page']} | "
              f"{pages.get(('seconds', 'confirm page'), '—')} | "
              f"{queries[0]:,} / {queries[1]:,} | {sum(queries) / size:.2f} | "
              f"{pages['rss MB', 'peak']} | {pages['outcome', '']} |")


def growth(results, sizes):
    small, large = sizes
    timed = [results.get((size, "csv", "time")) for size in sizes]
    counted = [results.get((size, "csv", "queries")) for size in sizes]
    if _failed(*timed, *counted):
        return
    seconds = [sum(float(t["seconds", name]) for name in STEPS) for t in timed]
    queries = [sum(int(c["queries", name]) for name in STEPS) for c in counted]
    print(f"\nGrowth, CSV, {small:,} → {large:,} rows: time ×{seconds[1] / seconds[0]:.1f}, "
          f"queries ×{queries[1] / queries[0]:.1f}; each row past the first {small:,} adds "
          f"{(queries[1] - queries[0]) / (large - small):.2f} queries and "
          f"{(seconds[1] - seconds[0]) * 1000 / (large - small):.2f} ms.")
