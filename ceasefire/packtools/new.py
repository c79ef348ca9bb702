"""``ceasefire new``: a commented skeleton pack, with the three usual provisions and a passing test."""

from __future__ import annotations

import os
import re
from pathlib import Path

from ..errors import UsageError

__all__ = ["write_skeleton"]

_ID = re.compile(r"[a-z0-9][a-z0-9_.-]*")
MAX_ID = 100
"""The longest id ``new`` accepts: its files are named after it."""

PACK = '''\
# __ID__: an agreement pack for ceasefire. Edit the parts marked EDIT; `ceasefire show
# __ID__.toml` explains the result in words, `ceasefire lint __ID__.toml` finds mistakes,
# and `ceasefire test __ID__.toml` runs the cases in __ID__.tests/.

[agreement]
id = "__ID__"
title = "EDIT: the agreement's name"
# When the ceasefire takes effect, with its offset (a bare date means midnight there).
start = 2025-01-01T00:00:00+00:00
# end = 2025-03-01T00:00:00+00:00     # optional: rules and timers stop there
timezone = "UTC"                      # EDIT: e.g. "Europe/Kyiv"; for dates given without an offset
summary = "EDIT: what the parties agreed, in two or three sentences."
source = "EDIT: where the text of the agreement can be read"

# Who is bound by the truce: id = description. Events name them in `actor` and `target`.
[parties]
side-a = "EDIT: the first party"
side-b = "EDIT: the second party"

# Groups the truce does not protect (attacks on them, or by them, are not breaches).
[designated]

# Others a log may name who are neither parties nor designated groups (monitors, the UN,
# civilians): naming them is then not taken for a typing mistake.
[actors]
monitors = "EDIT: the monitoring mission"

# Extra fields this pack's logs carry, beside date, type, id, actor, target, claimed_target,
# casualties, location, source and note (fields named x_... need no declaring).
[fields]

# Every event type a log may use; `*` matches any run of characters.
[vocabulary]
"attack.*" = "An armed attack: attack.shelling, attack.airstrike, attack.ground, ..."
"aid.delivered" = "Humanitarian aid reaches the people it is for"
"aid.blocked" = "An aid delivery is stopped (name the actor when known)"
"monitors.deployed" = "The monitoring mission is in place"
"monitors.obstructed" = "A party stops the monitors from doing their work"
"declaration.ceasefire_over" = "A party declares the ceasefire over"
"statement" = "A public statement (informational)"

[status]
fragile_from = "minor"   # a breach this severe or worse makes the agreement at least fragile

# 1. The cessation of hostilities.
[provisions.cessation]
title = "Cessation of hostilities"
states = ["pending", "in_force", "violated", "collapsed"]
initial = "pending"
final = ["collapsed"]
on_start = "start"
transitions = [
  { trigger = "start", source = "pending", dest = "in_force" },
  { trigger = "violate", source = ["in_force", "violated"], dest = "violated" },
  { trigger = "restore", source = "violated", dest = "in_force" },
  { trigger = "collapse", source = "*", dest = "collapsed" },
]
status = { pending = "holding", in_force = "holding", violated = "in_doubt", collapsed = "collapsed" }

# 72 hours without a major breach put a violated cessation back in force.
[[provisions.cessation.timers]]
id = "cessation-calm"
kind = "calm"
states = ["violated"]
after = "72h"
watch = ["cessation"]
min_severity = "major"
trigger = "restore"

# 2. Humanitarian access.
[provisions.aid]
title = "Humanitarian access"
states = ["awaiting_access", "delivered", "blocked", "overdue"]
initial = "awaiting_access"
transitions = [
  { trigger = "deliver", source = ["awaiting_access", "blocked", "overdue"], dest = "delivered" },
  { trigger = "block", source = ["awaiting_access", "overdue"], dest = "blocked" },
  { trigger = "miss", source = "awaiting_access", dest = "overdue" },
]
status = { awaiting_access = "holding", delivered = "holding", blocked = "in_doubt", overdue = "in_doubt" }

[[provisions.aid.timers]]
id = "aid-deadline"
kind = "deadline"
start = "start"
after = "7d"                                 # EDIT: the agreed deadline
met_by = ["delivered"]
trigger = "miss"
breach = { severity = "major", message = "no aid delivered within 7 days of the start" }

# 3. Monitoring and verification.
[provisions.monitoring]
title = "Monitoring and verification"
states = ["not_deployed", "deployed", "obstructed", "overdue"]
initial = "not_deployed"
transitions = [
  { trigger = "deploy", source = ["not_deployed", "overdue", "obstructed"], dest = "deployed" },
  { trigger = "obstruct", source = ["not_deployed", "deployed", "overdue"], dest = "obstructed" },
  { trigger = "miss", source = "not_deployed", dest = "overdue" },
]
status = { not_deployed = "holding", deployed = "holding", obstructed = "in_doubt", overdue = "in_doubt" }

[[provisions.monitoring.timers]]
id = "monitors-deadline"
kind = "deadline"
start = "start"
after = "14d"                                # EDIT: the agreed deadline
met_by = ["deployed"]
trigger = "miss"
breach = { severity = "major", message = "monitors not deployed within 14 days of the start" }

# Event rules: every rule whose types match an event applies to it, in this order.
[[rules]]
id = "attack"
provision = "cessation"
types = ["attack.*"]
actor = ["party", "unknown"]
target_not = ["designated"]
severity = "minor"
escalate = [
  { casualties = 10, severity = "major" },
  { casualties = 50, severity = "critical" },
]
party = "actor"
trigger = "violate"
trigger_from = "major"
message = "attack during the ceasefire"

[[rules]]
id = "ceasefire-over"
provision = "cessation"
types = ["declaration.ceasefire_over"]
actor = ["party"]
trigger = "collapse"

[[rules]]
id = "aid-delivered"
provision = "aid"
types = ["aid.delivered"]
trigger = "deliver"

[[rules]]
id = "aid-blocked"
provision = "aid"
types = ["aid.blocked"]
severity = "major"
party = "actor"
trigger = "block"
message = "aid blocked"

[[rules]]
id = "monitors-deployed"
provision = "monitoring"
types = ["monitors.deployed"]
trigger = "deploy"

[[rules]]
id = "monitors-obstructed"
provision = "monitoring"
types = ["monitors.obstructed"]
actor = ["party"]
severity = "major"
party = "actor"
trigger = "obstruct"
message = "monitors obstructed"
'''

CASE_LOG = '''\
{"date": "2025-01-01T00:00:00+00:00", "type": "statement", "actor": "side-a", "note": "The ceasefire takes effect"}
{"date": "2025-01-03T12:00:00+00:00", "type": "aid.delivered"}
{"date": "2025-01-05T09:00:00+00:00", "type": "monitors.deployed"}
{"date": "2025-01-06T10:00:00+00:00", "type": "attack.shelling", "actor": "side-b", "target": "side-a", "casualties": 2}
'''

CASE = '''\
description = "A first week: aid and monitors in time, one minor violation"

[[expect]]
as_of = "2025-01-05"
status = "holding"
provisions = { cessation = "in_force", aid = "delivered", monitoring = "deployed" }
breaches = []

[[expect]]
status = "fragile"
breaches = [
  { line = 4, provision = "cessation", severity = "minor", party = "side-b" },
]
'''


def write_skeleton(agreement_id: str, folder: Path) -> list[Path]:
    """Write ``ID.toml`` and ``ID.tests/first-week.{jsonl,toml}`` into ``folder``; refuse to overwrite.

    Nothing is written through a symbolic link, even a dangling one; a failure part-way removes
    what was written, and is a UsageError naming the path.
    """
    if not isinstance(agreement_id, str) or not _ID.fullmatch(agreement_id):
        raise UsageError(f"invalid agreement id {agreement_id!r}: use lower-case letters, digits, '-', '_' or '.'")
    if len(agreement_id) > MAX_ID:
        raise UsageError(f"agreement id is {len(agreement_id)} characters long: at most {MAX_ID}")
    pack = folder / f"{agreement_id}.toml"
    tests = folder / f"{agreement_id}.tests"
    files = {pack: PACK, tests / "first-week.jsonl": CASE_LOG, tests / "first-week.toml": CASE}
    for path in files:
        if os.path.lexists(path):
            raise UsageError(f"{path} already exists: not overwriting it")
    made: list[Path] = []
    current = folder
    try:
        if not tests.is_dir():
            current = tests
            tests.mkdir(parents=True)
            made.append(tests)
        for path, text in files.items():
            current = path
            with open(path, "x", encoding="utf-8") as f:  # O_EXCL: never through a symbolic link
                made.append(path)
                f.write(text.replace("__ID__", agreement_id))
    except OSError as exc:
        for path in reversed(made):
            (path.rmdir if path.is_dir() else path.unlink)()
        raise UsageError(f"{current}: cannot write: {exc.strerror or exc}") from None
    return list(files)
