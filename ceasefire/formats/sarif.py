"""SARIF 2.1.0, as GitHub code scanning reads it: one run, a rule per pack rule, a result per breach.

A failing breach is an ``error``, one below ``--fail-on`` a ``warning``, one known from the
baseline a ``note`` (with ``baselineState``). Each result carries its fingerprint in
``partialFingerprints``; a breach with no line (a deadline) is placed on line 1.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from ..results import TOOL, Finding, Run
from . import Format

__all__ = ["Output"]

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _level(f: Finding) -> str:
    return "note" if f.known else "error" if f.fails else "warning"


class Output(Format):
    """Writes the SARIF log at the end of the run."""

    def end(self, run: Run) -> None:
        rules: dict[str, dict[str, Any]] = {}
        results = []
        for log in run.logs:
            agreement = log.report.agreement
            for f in log.findings:
                b = f.breach
                rule_id = f"{agreement}/{b.provision}/{b.rule}"
                if rule_id not in rules:
                    rules[rule_id] = {
                        "id": rule_id,
                        "name": f"{b.provision}-{b.rule}",
                        "shortDescription": {"text": f"{agreement}: breach of {b.provision} ({b.rule})"},
                        "properties": {"agreement": agreement, "provision": b.provision},
                    }
                result: dict[str, Any] = {
                    "ruleId": rule_id,
                    "level": _level(f),
                    "message": {"text": f"{b.date}, {b.severity}, {b.party or 'no party named'}: {b.message}"
                                + (" (no line in the log: a deadline)" if b.line is None else "")},
                    "locations": [{"physicalLocation": {
                        "artifactLocation": {"uri": quote(log.file)},
                        "region": {"startLine": b.line or 1},
                    }}],
                    "partialFingerprints": {"ceasefire/v1": f.fingerprint},
                    "properties": {"severity": b.severity, "date": b.date, "party": b.party, "kind": b.kind,
                                   "uncertain": b.uncertain, "known": f.known},
                }
                if run.baseline is not None:
                    result["baselineState"] = "unchanged" if f.known else "new"
                results.append(result)
        ordered = sorted(rules)
        index = {rule_id: i for i, rule_id in enumerate(ordered)}
        for result in results:
            result["ruleIndex"] = index[result["ruleId"]]
        document = {
            "$schema": SCHEMA,
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": {"name": TOOL["name"], "version": TOOL["version"],
                                    "informationUri": "https://pypi.org/project/ceasefire/",
                                    "rules": [rules[r] for r in ordered]}},
                "results": results,
            }],
        }
        self.out.write(json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
