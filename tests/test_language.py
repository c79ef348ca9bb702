"""The agreement language of the record: claims, areas, per-party duties, rough times, numbers, anchored deadlines, quotas, status."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import HEADER, attack, event

from ceasefire import check, load_agreement
from ceasefire.errors import LogError, PackError

BASE = """
[agreement]
id = "lang"
title = "Language"
start = 2020-01-01T00:00:00Z
signed = 2019-12-25T12:00:00Z
timezone = "UTC"
[parties]
a = "Side A"
b = "Side B"
[guarantors]
g = "Guarantor"
[designated]
[fields]
convoy = "Which convoy"
trucks = "How many trucks"
[vocabulary]
"attack" = "An attack"
"withdrawn" = "Weapons withdrawn"
"delivered" = "A convoy delivered"
"dispatched" = "A convoy dispatched"
"trucks" = "Trucks entered"
"postponed" = "A deadline moved by agreement"
"over" = "The ceasefire declared over"
"access.denied" = "Monitors denied access"
"access.restored" = "Monitors regain access"
"lists" = "Prisoner lists exchanged"
"crossing.open" = "The crossing opens for aid"
[provisions.ceasefire]
states = ["pending", "in_force", "violated", "doubted", "collapsed"]
initial = "pending"
final = ["collapsed"]
on_start = "start"
transitions = [
  { trigger = "start", source = "pending", dest = "in_force" },
  { trigger = "violate", source = ["in_force", "violated"], dest = "violated" },
  { trigger = "doubt", source = ["in_force", "violated"], dest = "doubted" },
  { trigger = "collapse", source = "*", dest = "collapsed" },
]
status = { violated = "in_doubt", doubted = "in_doubt", collapsed = "collapsed" }
[provisions.weapons]
per = "party"
states = ["present", "withdrawn", "overdue"]
initial = "present"
transitions = [
  { trigger = "withdraw", source = ["present", "overdue"], dest = "withdrawn" },
  { trigger = "miss", source = "present", dest = "overdue" },
]
implementation = { overdue = "behind" }
[[provisions.weapons.timers]]
id = "weapons-deadline"
kind = "deadline"
start = "start"
after = "14d"
met_by = ["withdrawn"]
trigger = "miss"
breach = { severity = "major", message = "heavy weapons not withdrawn within 14 days" }
[provisions.exchange]
states = ["due", "done", "late"]
initial = "due"
transitions = [{ trigger = "late", source = "due", dest = "late" }]
implementation = { late = "stalled" }
[[provisions.exchange.timers]]
id = "exchange-deadline"
kind = "deadline"
start = "due:weapons-deadline"
after = "5d"
met_by = ["done"]
trigger = "late"
[provisions.prisoners]
in_force = "signed"
states = ["waiting", "lists_exchanged"]
initial = "waiting"
transitions = [{ trigger = "lists", source = "waiting", dest = "lists_exchanged" }]
[provisions.aid]
per = "convoy"
states = ["planned", "moving", "delivered", "late"]
initial = "planned"
transitions = [
  { trigger = "dispatch", source = "planned", dest = "moving" },
  { trigger = "deliver", source = ["planned", "moving", "late"], dest = "delivered" },
  { trigger = "late", source = "moving", dest = "late" },
]
implementation = { late = "behind" }
[[provisions.aid.timers]]
id = "convoy-deadline"
kind = "deadline"
start = "moving"
after = "48h"
met_by = ["delivered"]
trigger = "late"
breach = { severity = "minor", message = "convoy not delivered within 48 hours" }
[provisions.trucks]
states = ["closed", "open"]
initial = "closed"
transitions = [{ trigger = "open", source = "closed", dest = "open" }]
[[provisions.trucks.timers]]
id = "trucks-daily"
kind = "quota"
every = "1d"
at_least = 600
sum = "trucks"
states = ["open"]
breach = { severity = "minor", message = "fewer than 600 aid trucks in a day" }
[provisions.handover]
states = ["due", "done", "missed"]
initial = "due"
transitions = [{ trigger = "miss", source = "due", dest = "missed" }]
[[provisions.handover.timers]]
id = "handover-deadline"
kind = "deadline"
due = 2020-01-15
met_by = ["done"]
trigger = "miss"
breach = { severity = "major", message = "handover not made by its date" }
[[rules]]
id = "attack"
provision = "ceasefire"
types = ["attack"]
actor = ["party", "unknown"]
severity = "minor"
escalate = [{ killed = 10, severity = "major" }]
party = "actor"
trigger = "violate"
trigger_from = "major"
area = { places = [{ country = "Ukraine", admin1 = ["Donetsk", "Luhansk"] }], unplaced = "uncertain" }
[[rules]]
id = "withdrawn"
provision = "weapons"
types = ["withdrawn"]
trigger = "withdraw"
verification = { move = "verified" }
[[rules]]
id = "dispatched"
provision = "aid"
types = ["dispatched"]
trigger = "dispatch"
[[rules]]
id = "delivered"
provision = "aid"
types = ["delivered"]
trigger = "deliver"
[[rules]]
id = "crossing-open"
provision = "trucks"
types = ["crossing.open"]
trigger = "open"
[[rules]]
id = "trucks"
provision = "trucks"
types = ["trucks"]
tally = "trucks-daily"
[[rules]]
id = "postponed"
provision = "handover"
types = ["postponed"]
extend = "handover-deadline"
[[rules]]
id = "over"
provision = "ceasefire"
types = ["over"]
declares = "end"
trigger = "collapse"
trigger_partial = "doubt"
[[rules]]
id = "access-denied"
provision = "weapons"
types = ["access.denied"]
observation = "lost"
[[rules]]
id = "access-restored"
provision = "weapons"
types = ["access.restored"]
observation = "restored"
[[rules]]
id = "lists"
provision = "prisoners"
types = ["lists"]
trigger = "lists"
[status]
fragile_from = "minor"
fragile_for = "72h"
collapse_when = { parties = "any", guarantors = "any" }
"""

UA = {"country": "Ukraine", "admin1": "Donetsk"}


@pytest.fixture
def pack(tmp_path: Path):
    """The language pack above."""
    path = tmp_path / "lang.toml"
    path.write_text(BASE, encoding="utf-8")
    return load_agreement(path)


def run(pack, *events, as_of=None):
    """Check these events against the pack."""
    return check(list(events), agreement=pack, as_of=as_of)


def e(date, type, **more):
    """An event."""
    return {"date": date, "type": type, **more}


# -- claims and verification ----------------------------------------------------------


def test_a_claim_is_an_alleged_breach_against_the_accused_that_moves_nothing(pack):
    """A's claim that B attacked (killing 12) is alleged: reported against B with its claimant, no state moved, no fragility."""
    report = run(pack, e("2020-01-02T10:00:00Z", "attack", actor="b", claimed_by="a", killed=12, **UA), as_of="2020-01-02T12:00:00Z")
    (breach,) = report.breaches
    assert (breach.alleged, breach.party, breach.claimed_by, breach.verification, breach.severity) == (True, "b", "a", "claimed", "major")
    assert report.provisions["ceasefire"] == "in_force"
    assert report.status == "holding"
    assert report.alleged == 1 and report.exit_code == 0


def test_a_verified_event_is_an_established_breach(pack):
    """The same attack, verified by monitors, is a breach that violates the ceasefire."""
    report = run(pack, e("2020-01-02T10:00:00Z", "attack", actor="b", killed=12, verification="verified", **UA))
    assert report.breaches[0].alleged is False
    assert report.provisions["ceasefire"] == "violated"
    assert report.status == "in_doubt"


def test_a_reported_withdrawal_does_not_meet_a_rule_that_needs_verification(pack):
    """Withdrawal 'reported' (not 'verified') leaves the weapons present; verified, it meets the duty."""
    reported = run(pack, e("2020-01-03T10:00:00Z", "withdrawn", actor="a"))
    verified = run(pack, e("2020-01-03T10:00:00Z", "withdrawn", actor="a", verification="verified"))
    assert reported.instances["weapons"] == {"a": "present", "b": "present"}
    assert verified.instances["weapons"] == {"a": "withdrawn", "b": "present"}


def test_monitors_denied_access_mark_a_provision_unobserved_until_restored(pack):
    """From the denial on 3 January the weapons provision is unobserved; access restored on the 5th clears it."""
    denied = run(pack, e("2020-01-03T10:00:00Z", "access.denied", actor="a"))
    assert denied.unobserved == {"weapons": "2020-01-03T10:00:00+00:00"}
    restored = run(pack, e("2020-01-03T10:00:00Z", "access.denied", actor="a"), e("2020-01-05T10:00:00Z", "access.restored"))
    assert restored.unobserved == {}


# -- areas ----------------------------------------------------------------------------------


def test_an_event_outside_the_area_triggers_nothing_and_is_counted(pack):
    """An attack in Kharkiv (outside the Donetsk and Luhansk oblasts) is no breach; counts.out_of_area says so."""
    report = run(pack, e("2020-01-02T10:00:00Z", "attack", actor="a", country="Ukraine", admin1="Kharkiv", killed=20))
    assert report.breaches == ()
    assert report.counts.out_of_area == 1


def test_an_event_with_no_place_follows_the_areas_rule(pack):
    """With unplaced = 'uncertain', an attack with no place is a breach marked uncertain."""
    report = run(pack, e("2020-01-02T10:00:00Z", "attack", actor="a"))
    assert report.breaches[0].uncertain is True


def test_place_names_match_without_regard_to_case(pack):
    """'donetsk' is the Donetsk of the pack."""
    report = run(pack, e("2020-01-02T10:00:00Z", "attack", actor="a", country="ukraine", admin1="donetsk"))
    assert [b.rule for b in report.breaches] == ["attack"] and report.breaches[0].uncertain is False


# -- per-party and per-field instances --------------------------------------------------------


def test_each_party_owes_its_withdrawal_separately(pack):
    """A withdraws (verified) on the 10th; B never does: only B's deadline fires, on 15 January, and implementation is behind."""
    report = run(pack, e("2020-01-10T10:00:00Z", "withdrawn", actor="a", verification="verified"), as_of="2020-01-16")
    assert report.instances["weapons"] == {"a": "withdrawn", "b": "overdue"}
    deadline = [b for b in report.breaches if b.rule == "weapons-deadline"]
    assert [(b.instance, b.date) for b in deadline] == [("b", "2020-01-15T00:00:00+00:00")]
    assert report.implementation == "behind"
    assert report.status == "fragile"  # a major breach, ceasefire holding; fragile fades after 72 hours


def test_fragile_fades_after_its_calm_period(pack):
    """72 hours after the last major breach (the handover missed at the end of 15 January), the agreement holds again."""
    events = [e("2020-01-10T10:00:00Z", "withdrawn", actor="a", verification="verified")]
    assert run(pack, *events, as_of="2020-01-18T23:59:59Z").status == "fragile"
    assert run(pack, *events, as_of="2020-01-19T00:00:00Z").status == "holding"


def test_an_event_on_the_due_day_meets_a_bare_date_deadline(pack):
    """'Due 15 January' and a handover logged only as '2020-01-15': met, no breach (the deadline falls at the next midnight)."""
    pack_text = BASE.replace('"lists" = "Prisoner lists exchanged"', '"lists" = "Prisoner lists exchanged"\n"handed" = "Handover made"')
    pack_text += '[[rules]]\nid = "handed"\nprovision = "handover"\ntypes = ["handed"]\ntrigger = "done"\n'
    pack_text = pack_text.replace('transitions = [{ trigger = "miss", source = "due", dest = "missed" }]',
                                  'transitions = [{ trigger = "miss", source = "due", dest = "missed" }, { trigger = "done", source = "due", dest = "done" }]')
    from tempfile import TemporaryDirectory

    with TemporaryDirectory() as folder:
        path = Path(folder) / "p.toml"
        path.write_text(pack_text, encoding="utf-8")
        report = check([e("2020-01-15", "handed")], agreement=load_agreement(path), as_of="2020-01-20")
    assert report.provisions["handover"] == "done"
    assert "handover-deadline" not in [b.rule for b in report.breaches]


def test_convoys_are_instances_made_when_first_named(pack):
    """Convoy 1 is delivered in time; convoy 2, dispatched on the 3rd, is late on the 5th: one breach, for convoy 2."""
    report = run(
        pack,
        e("2020-01-02T08:00:00Z", "dispatched", convoy="c1"),
        e("2020-01-03T09:00:00Z", "dispatched", convoy="c2"),
        e("2020-01-03T10:00:00Z", "delivered", convoy="c1"),
        as_of="2020-01-06",
    )
    assert report.instances["aid"] == {"c1": "delivered", "c2": "late"}
    assert [(b.rule, b.instance, b.date) for b in report.breaches if b.provision == "aid"] == [
        ("convoy-deadline", "c2", "2020-01-05T09:00:00+00:00")
    ]


# -- times known roughly ------------------------------------------------------------------------


def test_an_interval_counts_at_its_end_and_a_deadline_inside_it_is_uncertain(pack):
    """Convoy 3 delivered 'some time between 4 January 08:00 and 12:00'; its deadline fell due at 09:00: uncertain."""
    report = run(
        pack,
        e("2020-01-02T09:00:00Z", "dispatched", convoy="c3"),
        e("2020-01-04T08:00:00Z/2020-01-04T12:00:00Z", "delivered", convoy="c3"),
        as_of="2020-01-06",
    )
    (late,) = [b for b in report.breaches if b.rule == "convoy-deadline"]
    assert (late.date, late.uncertain) == ("2020-01-04T09:00:00+00:00", True)
    assert report.instances["aid"] == {"c3": "delivered"}


def test_a_time_alone_ends_an_interval_on_the_same_day(pack):
    """'2020-01-02T10:00/10:45' is an attack between 10:00 and 10:45: its breach is dated as the interval."""
    report = run(pack, e("2020-01-02T10:00:00Z/10:45", "attack", actor="a", **UA))
    assert report.breaches[0].date == "2020-01-02T10:00:00+00:00/2020-01-02T10:45:00+00:00"


def test_week_precision_is_the_week_around_the_date(pack):
    """An attack known to the week of 8 January (Wednesday) counts at the end of Sunday 12 January."""
    report = run(pack, e("2020-01-08", "attack", actor="a", time_precision="week", **UA))
    assert report.breaches[0].date == "2020-01-06T00:00:00+00:00/2020-01-12T23:59:59.999999+00:00"


def test_an_interval_that_ends_before_it_starts_is_refused(pack):
    """date_end before date: FILE:LINE: message."""
    with pytest.raises(LogError, match="ends before it starts"):
        run(pack, e("2020-01-05", "attack", actor="a", date_end="2020-01-04"))


# -- numbers --------------------------------------------------------------------------------------


def test_escalation_can_count_the_killed(pack):
    """Nine killed is minor; ten killed is major (the rule escalates on 'killed', injured do not count)."""
    nine = run(pack, e("2020-01-02T10:00:00Z", "attack", actor="a", killed=9, injured=30, **UA))
    ten = run(pack, e("2020-01-02T10:00:00Z", "attack", actor="a", killed=10, **UA))
    assert [b.severity for b in nine.breaches] == ["minor"]
    assert [b.severity for b in ten.breaches] == ["major"]
    assert (ten.breaches[0].killed, nine.breaches[0].injured) == (10, 30)


def test_a_tally_line_stands_for_several_incidents(pack):
    """'55 violations on 18 January' is one breach with count 55."""
    report = run(pack, e("2020-01-08", "attack", actor="a", count=55, **UA))
    assert [(b.rule, b.count) for b in report.breaches] == [("attack", 55)]


# -- time in the pack ---------------------------------------------------------------------------


def test_a_deadline_can_run_from_another_deadline(pack):
    """The exchange is due five days after the weapons deadline (15 January): it goes late on 20 January."""
    before = run(pack, e("2020-01-02T10:00:00Z", "lists"), as_of="2020-01-19T23:59:59Z")
    after = run(pack, e("2020-01-02T10:00:00Z", "lists"), as_of="2020-01-20T00:00:00Z")
    assert before.provisions["exchange"] == "due"
    assert after.provisions["exchange"] == "late"
    assert after.implementation == "stalled"


def test_a_provision_in_force_from_the_signing_counts_events_before_the_start(pack):
    """Prisoner lists exchanged on 27 December, before the 1 January start, count: the provision is in force from signing."""
    report = run(pack, e("2019-12-27T10:00:00Z", "lists"), e("2020-01-01T01:00:00Z", "lists"))
    assert report.provisions["prisoners"] == "lists_exchanged"
    assert [c.date for c in report.history if c.provision == "prisoners"] == ["2019-12-27T10:00:00+00:00"]


def test_a_fixed_due_date_and_its_extension(pack):
    """The handover is due at the end of 15 January; postponed by agreement to the 25th, it is missed on the 25th, not the 15th."""
    kept = run(pack, e("2020-01-10T10:00:00Z", "postponed", until="2020-01-25"), as_of="2020-01-20")
    missed = run(pack, e("2020-01-10T10:00:00Z", "postponed", until="2020-01-25"), as_of="2020-01-26")
    assert kept.provisions["handover"] == "due"
    assert missed.provisions["handover"] == "missed"
    assert [b.date for b in missed.breaches if b.rule == "handover-deadline"] == ["2020-01-26T00:00:00+00:00"]
    assert [(x.timer, x.before, x.after, x.line) for x in missed.extensions] == [
        ("handover-deadline", "2020-01-16T00:00:00+00:00", "2020-01-26T00:00:00+00:00", 1)
    ]


def test_a_quota_window_that_falls_short_is_a_breach_with_the_shortfall(pack):
    """600 trucks a day from the crossing's opening: 630 on the first day pass; 412 on the second fall 188 short, at the window's end."""
    report = run(pack, e("2020-01-01T00:00:00Z", "crossing.open"), e("2020-01-01T10:00:00Z", "trucks", trucks=630),
                 e("2020-01-02T10:00:00Z", "trucks", trucks=412), e("2020-01-02T12:00:00Z", "trucks", trucks=0),
                 as_of="2020-01-03T00:00:00Z")
    (short,) = [b for b in report.breaches if b.rule == "trucks-daily"]
    assert (short.date, short.count, short.needed) == ("2020-01-03T00:00:00+00:00", 412, 600)
    assert "412 of 600" in short.message


# -- status --------------------------------------------------------------------------------------


def test_one_partys_declaration_short_of_the_rule_leaves_the_ceasefire_in_doubt(pack):
    """A declares the ceasefire over; the pack needs a party and a guarantor: in doubt, not collapsed."""
    report = run(pack, e("2020-01-05T10:00:00Z", "over", actor="a"))
    assert report.provisions["ceasefire"] == "doubted"
    assert report.status == "in_doubt"


def test_a_party_and_a_guarantor_declaring_it_over_collapse_it(pack):
    """A's declaration, then the guarantor's, collapse the ceasefire at the guarantor's."""
    report = run(pack, e("2020-01-05T10:00:00Z", "over", actor="a"), e("2020-01-06T10:00:00Z", "over", actor="g"))
    assert report.status == "collapsed"
    assert [c.date for c in report.history if c.after == "collapsed"] == ["2020-01-06T10:00:00+00:00"]


def test_a_clash_between_two_sides_blames_neither_by_default(pack):
    """A clash between A and B is one breach with no party."""
    report = run(pack, e("2020-01-02T10:00:00Z", "attack", sides=["a", "b"], **UA))
    assert [(b.rule, b.party) for b in report.breaches] == [("attack", None)]


def test_a_pack_whose_area_file_is_missing_is_refused(tmp_path):
    """A geojson area naming a file that is not there is a PackError naming the key."""
    path = tmp_path / "p.toml"
    path.write_text(BASE.replace('[guarantors]', '[area]\ngeojson = "nowhere.geojson"\n[guarantors]'), encoding="utf-8")
    with pytest.raises(PackError, match="area.geojson"):
        load_agreement(path)


def test_existing_packs_still_judge_as_before():
    """An old Syria log still loads and is judged: a major attack leaves the truce fragile (issue 14's weights), implementation on track."""
    report = check([HEADER, attack("2016-09-13T10:00:00+03:00", casualties=20), event("2016-09-13T12:00:00+03:00", "statement")])
    assert (report.status, report.implementation) == ("fragile", "on_track")


@pytest.mark.parametrize(
    "change, message",
    [
        (('start = "due:weapons-deadline"', 'start = "due:nowhere"'), "no deadline 'nowhere'"),
        (('start = "due:weapons-deadline"', 'start = "due:exchange-deadline"'), "anchored on itself"),
        (('tally = "trucks-daily"', 'tally = "weapons-deadline"'), "no quota 'weapons-deadline'"),
        (('extend = "handover-deadline"', 'extend = "end"'), "needs the agreement's end"),
        (('signed = 2019-12-25T12:00:00Z\n', ''), "needs the agreement's signing date"),
    ],
)
def test_what_the_records_words_name_must_exist(tmp_path, change, message):
    """An anchor, tally, extension or signing that names nothing (or loops) is a PackError at load."""
    path = tmp_path / "p.toml"
    path.write_text(BASE.replace(*change), encoding="utf-8")
    with pytest.raises(PackError, match=message):
        load_agreement(path)


@pytest.mark.parametrize(
    "change, key, message",
    [
        (("[parties]\na = \"Side A\"\nb = \"Side B\"", "[parties]"), "provisions.weapons.per", "needs parties"),
        (("[guarantors]", "[area]\nunplaced = \"inside\"\n[guarantors]"), "area", "needs places or a geojson"),
        (("at_least = 600", "at_least = 0"), "provisions.trucks.timers[0].at_least", "at least 1"),
        (('start = "due:weapons-deadline"', 'start = "due:exchange-deadline"'), "provisions.exchange.timers[0].start", "anchored on itself"),
    ],
)
def test_lint_names_the_mistakes_of_the_records_words(tmp_path, change, key, message):
    """A per-party provision with no party, an area with no places, a quota of zero, a deadline anchored on itself: lint says so."""
    from ceasefire.packtools.lint import lint

    path = tmp_path / "p.toml"
    text = BASE.replace(*change)
    if change[0].startswith("[parties]"):
        text = text.replace('actor = ["party", "unknown"]\n', "").replace('party = "actor"\n', "")
    path.write_text(text, encoding="utf-8")
    found = [(f.key, f.message) for f in lint(str(path)) if f.code == "invalid"]
    assert any(k == key and message in m for k, m in found), found


def test_show_describes_the_records_words(pack):
    """`show` says who keeps a duty, from when, what weighs on implementation, quotas, anchors, tallies and extensions."""
    from ceasefire.packtools.show import describe

    text = describe(pack)
    for words in ("kept separately per party: a, b; its status is the worst of theirs",
                  "kept separately per convoy (each value as it comes)", "in force from the signing",
                  "implementation: overdue -> behind", "within 5 days of the due date of weapons-deadline",
                  "quota: at least 600 (the sum of trucks) every 24 hours while open", "counts toward trucks-daily",
                  "moves handover-deadline to the event's 'until'", "monitors lose sight of the provision",
                  "unless done by 2020-01-16T00:00:00+00:00"):
        assert words in text, words


def test_polygons_beside_the_pack_decide_by_coordinates(tmp_path):
    """A GeoJSON polygon (with shapely): a point inside breaks the truce, a point outside is counted out of area."""
    square = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, "geometry": {
        "type": "Polygon", "coordinates": [[[37.0, 47.0], [39.0, 47.0], [39.0, 49.0], [37.0, 49.0], [37.0, 47.0]]]}}]}
    (tmp_path / "zone.geojson").write_text(__import__("json").dumps(square), encoding="utf-8")
    path = tmp_path / "p.toml"
    path.write_text(BASE.replace("[guarantors]", '[area]\ngeojson = "zone.geojson"\nunplaced = "outside"\n[guarantors]')
                    .replace('area = { places = [{ country = "Ukraine", admin1 = ["Donetsk", "Luhansk"] }], unplaced = "uncertain" }\n', ""),
                    encoding="utf-8")
    pack = load_agreement(path)
    inside = run(pack, e("2020-01-02T10:00:00Z", "attack", actor="a", latitude=48.0, longitude=37.8))
    outside = run(pack, e("2020-01-02T10:00:00Z", "attack", actor="a", latitude=50.0, longitude=36.2))
    nowhere = run(pack, e("2020-01-02T10:00:00Z", "attack", actor="a"))
    assert [b.rule for b in inside.breaches] == ["attack"]
    assert (outside.breaches, outside.counts.out_of_area) == ((), 1)
    assert (nowhere.breaches, nowhere.counts.out_of_area) == ((), 1)


def test_a_geojson_area_must_stay_beside_the_pack(tmp_path):
    """A geojson path that leaves the pack's folder is refused: a pack may not point the checker at other files."""
    path = tmp_path / "p.toml"
    path.write_text(BASE.replace("[guarantors]", '[area]\ngeojson = "../elsewhere.geojson"\n[guarantors]'), encoding="utf-8")
    with pytest.raises(PackError, match="must be a file in the pack's folder"):
        load_agreement(path)
