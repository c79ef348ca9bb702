"""SARIF 2.1.0, as GitHub code scanning reads it: one run, a result per breach.

``tool.driver.rules`` lists every rule and timer of each pack checked, fired or not, each
with its description, so code scanning shows what was checked. A failing breach is an
``error``, one below ``--fail-on`` a ``warning``, one known from the baseline a ``note``
(with ``baselineState``); its ``properties`` carry the breach's facts as fields (event type,
actor, target, location, casualties, source); a line that looks mistyped is a ``note`` under a ``ceasefire/…``
rule. Each breach carries its fingerprint in ``partialFingerprints``; a breach with no line
(a deadline) is placed on line 1. A log or pack that cannot be used is a
``toolExecutionNotifications`` entry, with ``executionSuccessful: false``.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from ..agreement import Agreement
from ..errors import LogError
from ..fingerprints import display_path
from ..verdicts import TOOL, Finding, Run
from ..wording import rule_text, timer_text
from . import Format

__all__ = ["Output"]

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
WARNINGS = {
    "unknown-field": "A field the log format does not define, nor the pack (x_ fields are never checked)",
    "unknown-actor": "An actor, target or claimed target that is neither a party, a designated group nor a listed actor",
    "wildcard-type": "An event type only a pattern accepts, very close to a declared one",
}


def _level(f: Finding) -> str:
    return "note" if f.known else "error" if f.fails else "warning"


def _pack_rules(pack: Agreement) -> dict[str, dict[str, Any]]:
    """A reporting descriptor for every rule and timer of the pack."""
    out = {}
    items = [(p.id, t.id, timer_text(t, pack.timezone), t.breach.message if t.breach else f"{t.kind} timer {t.id}") for p in pack.provisions for t in p.timers]
    items += [(r.provision, r.id, rule_text(r), r.message or f"rule {r.id}") for r in pack.rules]
    for provision, item, text, short in items:
        rule_id = f"{pack.id}/{provision}/{item}"
        out[rule_id] = {
            "id": rule_id,
            "name": f"{provision}-{item}",
            "shortDescription": {"text": f"{pack.id}, {provision}: {short}"},
            "fullDescription": {"text": text},
            "properties": {"agreement": pack.id, "provision": provision},
        }
    return out


def _location(file: str, line: int | None) -> list[dict[str, Any]]:
    return [{"physicalLocation": {"artifactLocation": {"uri": quote(file)}, "region": {"startLine": line or 1}}}]


class Output(Format):
    """Writes the SARIF log at the end of the run."""

    writes_errors = True

    def end(self, run: Run) -> None:
        rules: dict[str, dict[str, Any]] = {}
        results = []
        for log in run.logs:
            if log.report.pack is not None:
                rules.update(_pack_rules(log.report.pack))
            agreement = log.report.agreement
            for f in log.findings:
                b = f.breach
                rule_id = f"{agreement}/{b.provision}/{b.rule}"
                rules.setdefault(rule_id, {"id": rule_id, "name": f"{b.provision}-{b.rule}",
                                           "shortDescription": {"text": f"{agreement}: breach of {b.provision} ({b.rule})"}})
                result: dict[str, Any] = {
                    "ruleId": rule_id,
                    "level": _level(f),
                    "message": {"text": f"{b.date}, {b.severity}, {b.party or 'no party named'}: {b.message}"
                                + (" (no line in the log: a deadline)" if b.line is None else "")},
                    "locations": _location(log.file, b.line),
                    "partialFingerprints": {"ceasefire/v1": f.fingerprint},
                    "properties": {"severity": b.severity, "date": b.date, "party": b.party, "kind": b.kind,
                                   "uncertain": b.uncertain, "known": f.known, "provision": b.provision,
                                   "event_type": b.event_type, "target": b.target, **b.facts()},
                }
                if run.baseline is not None:
                    result["baselineState"] = "unchanged" if f.known else "new"
                results.append(result)
            for w in log.warnings:
                rule_id = f"ceasefire/{w.code}"
                rules.setdefault(rule_id, {"id": rule_id, "name": w.code, "shortDescription": {"text": WARNINGS.get(w.code, w.code)}})
                results.append({"ruleId": rule_id, "level": "note", "message": {"text": f"warning: {w.message}"},
                                "locations": _location(log.file, w.line)})
        ordered = sorted(rules)
        index = {rule_id: i for i, rule_id in enumerate(ordered)}
        for result in results:
            result["ruleIndex"] = index[result["ruleId"]]
        notifications = []
        for error in run.errors:
            note: dict[str, Any] = {"level": "error", "message": {"text": str(error)}}
            path = getattr(error, "path", None)
            if path:
                note["locations"] = _location(display_path(path), error.line if isinstance(error, LogError) else None)
            notifications.append(note)
        document = {
            "$schema": SCHEMA,
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": {"name": TOOL["name"], "version": TOOL["version"],
                                    "informationUri": "https://pypi.org/project/ceasefire/",
                                    "rules": [rules[r] for r in ordered]}},
                "invocations": [{"executionSuccessful": not run.errors, "toolExecutionNotifications": notifications}],
                "results": results,
            }],
        }
        self.out.write(json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
