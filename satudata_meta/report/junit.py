"""JUnit XML for CI pipelines: one test suite per dataset, one test case per finding code."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict

from satudata_meta.findings import Finding, Report, Severity


def render(report: Report, *, lang: str = "id", verbose: bool = False,
           limit: int | None = None) -> str:
    suites = ET.Element("testsuites", name="satudata validate")
    for ds in report.datasets:
        by_code: dict[str, list[Finding]] = defaultdict(list)
        for f in ds.findings:
            by_code[f.code].append(f)
        errors = [c for c, fs in by_code.items() if any(f.severity is Severity.ERROR for f in fs)]
        suite = ET.SubElement(suites, "testsuite", name=ds.source, tests=str(max(1, len(by_code))),
                              failures=str(len(errors)), errors="0", skipped="0")
        if not by_code:
            ET.SubElement(suite, "testcase", classname=ds.source, name="valid")
        for code, fs in by_code.items():
            case = ET.SubElement(suite, "testcase", classname=ds.source, name=code)
            body = "\n".join(f"{f.location(lang)}: {f.message(lang)}" for f in fs[:limit])
            if code in errors:
                fail = ET.SubElement(case, "failure", type=code,
                                     message=f"{len(fs)} × {fs[0].message(lang)}")
                fail.text = body
            else:
                out = ET.SubElement(case, "system-out")
                out.text = body
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True)
