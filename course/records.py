"""Turn the signed records of a test run into results, trusting only what they prove.

A test counts only with a signed result that a later check of the test machinery
confirmed: course.recorder checks after ten tests at most and after each file. Every other
expected test gets an error whose message says why it has no result: the run stopped
early, ran out of time, wrote to the results channel, changed the machinery, or made
pytest itself fail. So early exits, crashes, endless loops and missing tests never pass.
"""

from course.grading.sandbox import Outcome

NOT_RUN = "Not graded: "


def trusted_results(outcome: Outcome, expected: list[dict]) -> tuple[dict[str, dict], str]:
    """The results that can be trusted, by node id, and why the rest cannot ('' if none)."""
    results: dict[str, dict] = {}
    unchecked: dict[str, dict] = {}  # results no check has confirmed yet
    last_started = ""
    for index, record in enumerate(outcome.records):
        if record["kind"] == "start":
            last_started = record["nodeid"]
        elif record["kind"] == "result":
            unchecked[record["nodeid"]] = record
        elif record["kind"] == "checked":
            if record["tampered"]:
                names = ", ".join(record["tampered"])
                return results, (
                    f"the app changed how the tests run ({names}) {_during(unchecked)}, so "
                    "no result from then on can be trusted. Review this submission by hand."
                )
            results.update(unchecked)
            unchecked.clear()
        elif record["kind"] == "stopped":
            later_check = next(
                (later for later in outcome.records[index:] if later["kind"] == "checked"), {}
            )
            return results, _stopped(record, unchecked, later_check.get("tampered", []))
    return results, _why_incomplete(outcome, expected, results, last_started)


def _stopped(record: dict, unchecked: dict[str, dict], changed: list[str]) -> str:
    """pytest itself failed during a test (an INTERNALERROR) and ended the run there. What
    the check after it found changed (course.recorder undoes the test's fixtures first) is
    named too."""
    first = _short(next(iter(unchecked.values()), record))
    then = f", and then the tests' machinery had changed ({', '.join(changed)})" if changed else ""
    return (
        f"the grading failed during {_short(record)} with an error outside the test itself "
        f"({record['error']}){then}, so no result from {first} on can be trusted. Either the "
        "app changed something the grading relies on, or the course kit has a bug. Review "
        "this submission by hand."
    )


def _during(unchecked: dict[str, dict]) -> str:
    """The tests since the last check, where the change was made."""
    names = [_short(record) for record in unchecked.values()]
    if len(names) <= 1:
        return f"during {names[0]}" if names else "between two tests"
    return f"during one of the tests from {names[0]} to {names[-1]}"


def _why_incomplete(outcome: Outcome, expected, results: dict, last_started: str) -> str:
    during = f" during {last_started.split('::')[-1]}" if last_started else ""
    if outcome.forged:
        return f"{outcome.forged}{during}; later results cannot be trusted."
    if outcome.timed_out:
        return (
            f"the whole run was stopped after its time limit{during}. Is there an endless loop "
            "that ignores the per-test timeout?"
        )
    if not any(record["kind"] == "end" for record in outcome.records):
        code = f" (exit code {outcome.returncode})" if outcome.returncode is not None else ""
        return (
            f"the test process ended early{during}{code}. Does the app call sys.exit() or "
            "os._exit(), crash Python, or use too much memory?"
        )
    if any(test["nodeid"] not in results for test in expected):
        return "some expected tests never reported a result."
    return ""


def _short(record: dict) -> str:
    return record["nodeid"].split("::")[-1]


def collected(outcome: Outcome) -> list[dict]:
    """The tests the run collected (sent before any app code ran)."""
    return [record for record in outcome.records if record["kind"] == "collected"]


def collection_errors(outcome: Outcome) -> list[str]:
    return [
        f"{record['nodeid']}: {record['message']}"
        for record in outcome.records
        if record["kind"] == "collection_error"
    ]


def result_or_reason(test: dict, results: dict[str, dict], reason: str) -> dict:
    """The trusted result of an expected test, or an error that says why there is none."""
    if test["nodeid"] in results:
        return results[test["nodeid"]]
    why = reason or "this test never reported a result."
    return {**test, "outcome": "error", "message": NOT_RUN + why, "duration": 0.0,
            "app_error": False}  # fmt: skip
