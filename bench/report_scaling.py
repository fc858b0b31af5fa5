"""The "How cost grows with the data" section of docs/PERFORMANCE.md, with its goals.

The goals: a page fetched through an index stays flat as the data grows, and the
statistics grow no worse than linearly. "Flat" allows FLAT_GROWTH for noise: a cost that
depends on the data grows with it by orders of magnitude, not by a factor of two.
"""

from bench.report_common import database, missing, when, yes

FLAT_GROWTH = 2.0
INDEXED_FETCHES = ("book page", "book list page", "list API")
STATISTICS = ("statistics page", "statistics API")


def scaling(data: dict) -> list[str]:
    """Median latency of one request at each size, then the goals."""
    sizes = [str(size) for size in data["sizes"]]
    lines = [
        f"State {data['lesson']:02d} of the app. One client, sequential requests, 1 worker, "
        f"per-request limit {data['limit_s']:.0f} s; endpoints cheapest first. {database(data)}"
        f"{when(data)}Load average before: {data['load_before']}, after: {data['load_after']}.",
        "",
        "| Endpoint | " + " | ".join(f"{int(s):,} books" for s in sizes) + " | Growth |",
        "| --- | " + " | ".join("---:" for _ in sizes) + " | ---: |",
    ]
    for name, row in data["rows"].items():
        cells = [cell(row.get(size)) for size in sizes]
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {growth_text(row, sizes)} |")
    return [*lines, "", *missing(data["missing"]), "", *scaling_goals(data["rows"], sizes)]


def scaling_goals(rows: dict, sizes: list[str]) -> list[str]:
    """One line per endpoint the goals name: its growth against the goal, met or not."""
    lines = ["| Endpoint | Goal | Growth | Goal met |", "| --- | --- | ---: | --- |"]
    for names, goal, bound in (
        (INDEXED_FETCHES, f"flat (at most ×{FLAT_GROWTH:g})", lambda _data: FLAT_GROWTH),
        (STATISTICS, "no worse than linear", lambda data_growth: data_growth),
    ):
        for name in names:
            measured = growth(rows.get(name, {}), sizes)
            if measured is None:
                lines.append(f"| {name} | {goal} | - | not measured |")
                continue
            time_growth, data_growth = measured
            met = time_growth <= bound(data_growth)
            lines.append(
                f"| {name} | {goal} | ×{time_growth:.1f} for ×{data_growth} data | {yes(met)} |"
            )
    return lines


def cell(figure: dict | None) -> str:
    if not figure:
        return "-"
    if "skipped" in figure:
        return figure["skipped"]
    if figure.get("too_slow"):
        return "no answer within the limit"
    errors = f" ({figure['errors']} errors)" if figure["errors"] else ""
    return f"{figure['median_ms']:.0f} ms{errors}"


def growth(row: dict, sizes: list[str]) -> tuple[float, int] | None:
    """(how many times slower, how many times the data) from the smallest size to the
    largest one measured; None with fewer than two sizes measured."""
    measured = [(int(s), row[s]["median_ms"]) for s in sizes if "median_ms" in row.get(s, {})]
    if len(measured) < 2:
        return None
    (n0, t0), (n1, t1) = measured[0], measured[-1]
    return t1 / t0, n1 // n0


def growth_text(row: dict, sizes: list[str]) -> str:
    measured = growth(row, sizes)
    return f"×{measured[0]:.1f} for ×{measured[1]} data" if measured else "-"
