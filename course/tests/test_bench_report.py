"""docs/PERFORMANCE.md's goals for how cost grows: met or not, from the measured figures."""

from bench.report_scaling import growth, scaling_goals

SIZES = ["1000", "100000"]


def _row(small_ms: float, large_ms: float) -> dict:
    small, large = SIZES
    return {
        small: {"median_ms": small_ms, "errors": 0},
        large: {"median_ms": large_ms, "errors": 0},
    }


def _verdicts(rows: dict) -> dict[str, str]:
    """{endpoint: last cell} of the goals table."""
    lines = scaling_goals(rows, SIZES)[2:]
    return {line.split(" | ")[0].strip("| "): line.split(" | ")[-1].strip(" |") for line in lines}


def test_growth_is_from_the_smallest_to_the_largest_size_measured():
    row = {**_row(4.0, 400.0), "10000": {"median_ms": 40.0, "errors": 0}}
    assert growth(row, ["1000", "10000", "100000"]) == (100.0, 100)
    assert growth({"1000": {"median_ms": 4.0, "errors": 0}}, SIZES) is None


def test_an_indexed_fetch_must_stay_flat():
    verdicts = _verdicts({"book page": _row(4, 5), "book list page": _row(40, 5000)})
    assert verdicts["book page"] == "yes"
    assert verdicts["book list page"] == "**no**"
    assert verdicts["list API"] == "not measured"


def test_statistics_may_grow_as_the_data_but_no_faster():
    verdicts = _verdicts(
        {"statistics page": _row(150, 14_000), "statistics API": _row(150, 21_000)}
    )
    assert verdicts["statistics page"] == "yes"
    assert verdicts["statistics API"] == "**no**"
