"""junit.xml: one test case per step or hidden check, for CI dashboards (no timings).

A submission that was not graded in full says why in every case that earned nothing, since
a dashboard shows only the cases."""

from pathlib import Path
from xml.etree import ElementTree

from course.grading.view import UnitView


def write_xml(student: str, views: list[UnitView], problem: str, path: Path) -> None:
    suites = ElementTree.Element("testsuites", name=f"course grade {student}")
    for lesson in sorted({v.lesson for v in views}):
        mine = [v for v in views if v.lesson == lesson]
        suite = ElementTree.SubElement(
            suites, "testsuite", name=f"lesson{lesson:02d}", tests=str(len(mine)),
            failures=str(sum(v.status == "failed" for v in mine)),
            skipped=str(sum(v.status == "skipped" for v in mine)),
        )  # fmt: skip
        for view in mine:
            kind = "hidden check" if view.hidden else "step"
            case = ElementTree.SubElement(
                suite, "testcase", classname=f"lesson{lesson:02d}",
                name=f"{kind} {view.step}: {view.title} ({view.awarded}/{view.points} points)",
            )  # fmt: skip
            if view.status == "failed":
                failure = ElementTree.SubElement(case, "failure", message=view.title)
                failure.text = view.explained(problem)
            elif view.status == "skipped":
                ElementTree.SubElement(case, "skipped", message=view.explained(problem))
    ElementTree.indent(suites)
    ElementTree.ElementTree(suites).write(path, encoding="utf-8", xml_declaration=True)
