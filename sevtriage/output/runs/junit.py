"""JUnit XML for CI dashboards: one testcase per fixture, classname = its file.

The shape is the common denominator that Jenkins, GitLab and GitHub reporters
read: ``<testsuites><testsuite tests failures errors skipped><testcase
classname name>`` (no optional attribute a strict schema would refuse), a ``<failure message>`` whose text is the same
diff the terminal shows, and ``<skipped message>`` for a todo fixture.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import TextIO

from sevtriage.output.runs.data import TODO, RunReport

SUITE_NAME = "sevtriage fixtures"
# What XML 1.0 cannot hold at all, even escaped: C0 controls but tab, newline and
# carriage return; surrogates; U+FFFE and U+FFFF. ElementTree writes them as they are,
# giving a file no parser reads, so each becomes U+FFFD (the text stays readable).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """``text`` with every character XML 1.0 forbids replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


def junit_tree(report: RunReport) -> ET.ElementTree:
    suites = ET.Element("testsuites", name=SUITE_NAME)
    counts = {key: str(value) for key, value in report.summary.items()}
    suite = ET.SubElement(suites, "testsuite", name=SUITE_NAME, tests=str(len(report.fixtures)),
                          failures=counts["failed"], errors="0", skipped=counts["todo"])
    for fixture in report.fixtures:
        case = ET.SubElement(suite, "testcase", classname=xml_text(fixture.file), name=xml_text(fixture.id))
        if fixture.status == TODO:
            ET.SubElement(case, "skipped", message=xml_text(f"expect_todo: {fixture.todo}"))
        elif fixture.counts_as_failure:
            failure = ET.SubElement(case, "failure", message=xml_text(fixture.message), type=fixture.status)
            where = f"{fixture.file}:{fixture.line}: {fixture.id}"
            failure.text = xml_text("\n".join([where, *fixture.details]) + "\n")
    ET.indent(suites)
    return ET.ElementTree(suites)


def write(report: RunReport, out: TextIO, verbose: bool = False) -> None:
    """``verbose`` changes nothing: every fixture is a testcase."""
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    junit_tree(report).write(out, encoding="unicode")
    out.write("\n")
