"""JUnit XML, as GitLab's and Jenkins' test report parsers read it.

One test suite per log; in it one test case per provision, failing when that provision has
a failing breach, and a ``status`` test case, failing when the status reaches
``--fail-on-status``. Breaches that do not fail the run are listed in the case's output;
lines that look mistyped in the output of a passing ``warnings`` case. A log or pack that
cannot be used is a suite of its own with one test case in ``<error>``, written even though
the run fails.
Characters XML 1.0 forbids (NUL, most controls) are shown escaped, so the document is always
well-formed.
"""

from __future__ import annotations

from xml.etree import ElementTree as ET

from ..errors import CeasefireError, LogError
from ..escaping import xml_safe
from ..fingerprints import display_path
from ..verdicts import Finding, LogResult, Run
from . import Format

__all__ = ["Output"]


def _line(f: Finding) -> str:
    b = f.breach
    where = f"line {b.line}" if b.line is not None else f"no line ({b.kind})"
    flags = (" [uncertain]" if b.uncertain else "") + (" [known]" if f.known else "")
    return f"{b.date} {b.severity} {b.party or '-'} {where}: {b.message}{flags}"


def _suite(log: LogResult, run: Run) -> ET.Element:
    report = log.report
    suite = ET.Element("testsuite", name=log.file, timestamp="", time="0", errors="0", skipped="0")
    classname = f"ceasefire.{report.agreement}"
    failures = 0
    for provision, state in report.provisions.items():
        case = ET.SubElement(suite, "testcase", name=f"provision {provision}", classname=classname, time="0")
        mine = [f for f in log.findings if f.breach.provision == provision]
        failing = [f for f in mine if f.fails]
        if failing:
            failures += 1
            worst = max(failing, key=lambda f: ("minor", "major", "critical").index(f.breach.severity))
            failure = ET.SubElement(
                case, "failure", type=worst.breach.severity,
                message=f"{len(failing)} failing breach{'es' if len(failing) != 1 else ''} of {provision} (state {state})",
            )
            failure.text = "\n".join(_line(f) for f in failing)
        others = [f for f in mine if not f.fails]
        out = ET.SubElement(case, "system-out")
        out.text = f"state {state}" + "".join(f"\n{_line(f)}" for f in others)
    status = ET.SubElement(suite, "testcase", name="status", classname=classname, time="0")
    if log.status_fails:
        failures += 1
        ET.SubElement(status, "failure", type="status",
                      message=f"status {report.status} is at or above --fail-on-status {run.policy.fail_on_status}")
    ET.SubElement(status, "system-out").text = f"status {report.status} as of {report.as_of}"
    tests = len(report.provisions) + 1
    if log.warnings:
        case = ET.SubElement(suite, "testcase", name="warnings", classname=classname, time="0")
        ET.SubElement(case, "system-out").text = "\n".join(w.render(log.file) for w in log.warnings)
        tests += 1
    suite.set("tests", str(tests))
    suite.set("failures", str(failures))
    del suite.attrib["timestamp"]
    return suite


def _error_suite(error: CeasefireError) -> ET.Element:
    name = display_path(getattr(error, "path", None) or "<command line>")
    suite = ET.Element("testsuite", name=name, tests="1", failures="0", errors="1", skipped="0", time="0")
    case = ET.SubElement(suite, "testcase", name="check", classname="ceasefire", time="0")
    line = error.line if isinstance(error, LogError) else None
    ET.SubElement(case, "error", type=type(error).__name__,
                  message=f"cannot be checked{f' (line {line})' if line else ''}: {getattr(error, 'message', error)}").text = str(error)
    return suite


class Output(Format):
    """Writes the JUnit document at the end of the run."""

    fingerprints = False
    writes_errors = True

    def end(self, run: Run) -> None:
        root = ET.Element("testsuites", name="ceasefire")
        suites = [_suite(log, run) for log in run.logs] + [_error_suite(e) for e in run.errors]
        root.extend(suites)
        root.set("tests", str(sum(int(s.get("tests", "0")) for s in suites)))
        root.set("failures", str(sum(int(s.get("failures", "0")) for s in suites)))
        root.set("errors", str(len(run.errors)))
        root.set("time", "0")
        for element in root.iter():
            element.text = None if element.text is None else xml_safe(element.text)
            element.attrib = {key: xml_safe(value) for key, value in element.attrib.items()}
        ET.indent(root)
        self.out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        self.out.write(ET.tostring(root, encoding="unicode") + "\n")
