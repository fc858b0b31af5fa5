"""The faults section of docs/PERFORMANCE.md."""

from bench.report_common import when, yes


def faults(data: dict) -> list[str]:
    """The database stopped, SIGKILL while writing, bad input."""
    down = data["database_down"]["down"]
    lines = [
        f"State {data['lesson']:02d} of the app, {data['books']:,} books. {when(data)}"
        f"Load average before: {data['load_before']}, after: {data['load_after']}.",
        "",
        "**Database stopped while serving** (goal: 503 within 1 s, then recovery):",
        "",
        "| Address | Status while down | Answered after | Goal met |",
        "| --- | ---: | ---: | --- |",
    ]
    for path, answer in down.items():
        met = answer["status"] == 503 and answer["seconds"] <= 1.0
        lines.append(f"| `{path}` | {answer['status']} | {answer['seconds']:.2f} s | {yes(met)} |")
    lines += [
        "",
        f"Every address answered 200 again {data['database_down']['recovered_seconds']} s after "
        "the database was started again (that includes the server's own start).",
        "",
        "**SIGKILL while writing** (4 clients adding books through the form, then restart):",
        "",
        "| Killed | Writes acknowledged as | Acknowledged | Lost | In the database |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    for key in ("app_killed", "app_and_db_killed", "app_and_db_killed_journal"):
        run = data[key]
        concern = "`journal=true` (j: true)" if run["journal"] else "default (w: 1)"
        lines.append(
            f"| {run['killed']} | {concern} | {run['acknowledged']} | {run['lost']} | "
            f"{run['in_database']} |"
        )
    return [*lines, "", *bad_input(data["bad_input"])]


def bad_input(data: dict) -> list[str]:
    """The bad-input run: statuses, 5xx, writes let through, database unchanged."""
    statuses = ", ".join(f"{status}: {count}" for status, count in data["statuses"].items())
    lines = [
        f"**Bad input**: {data['requests']} requests over {data['cases']} cases "
        f"({data['cases_skipped']} skipped: their route is not in the app yet). "
        f"Statuses: {statuses}.",
        "",
        f"- No 5xx and no dropped connection: {yes(not data['failures'])}",
        f"- Database unchanged: {yes(data['database_unchanged'])}",
    ]
    for case, count in {**data["failures"], **data["accepted"]}.items():
        lines.append(f"  - `{case}` ({count} times)")
    return lines
