"""The agreement language of the record, in the pack: anchored deadlines, quotas, status, what lint and show say, areas by polygon."""

from __future__ import annotations

import pytest
from conftest import HEADER, attack, event
from conftest import LANGUAGE as BASE
from conftest import LANGUAGE_PLACE as UA
from conftest import event as e
from conftest import replay as run

from ceasefire import check, load_agreement
from ceasefire.errors import PackError


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
