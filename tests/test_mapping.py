"""Mapping files: loading, matching names and types, and FILE: key: message errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from ceasefire import bundled_packs, load_agreement
from ceasefire.errors import PackError, UsageError
from ceasefire.mapping import find_map, load_map

RULES = Path(__file__).parent.parent / "rules"

HEAD = '[mapping]\nsource = "acled"\nagreement = "hodeidah-2018"\n'


def write_map(tmp_path: Path, text: str, head: str = HEAD) -> Path:
    """Write a mapping file and return its path."""
    path = tmp_path / "map.toml"
    path.write_text(head + text, encoding="utf-8")
    return path


MAPS = sorted((folder.name[: -len(".maps")], source) for folder in RULES.glob("*.maps") for source in ("acled", "ucdp", "gdelt"))


@pytest.mark.parametrize(("pack", "source"), MAPS)
def test_bundled_mappings_load_against_their_packs(pack: str, source: str) -> None:
    """Every mapping shipped in rules/ loads against its bundled pack, uses its ids and names a party."""
    assert (RULES / f"{pack}.maps" / f"{source}.toml").is_file()
    agreement = load_agreement(pack)
    mapping = find_map(agreement, source)
    assert mapping.source == source and mapping.countries
    targets = set(mapping.actors.values()) | {target for _glob, target in mapping.actor_globs}
    known = set(agreement.parties) | set(agreement.designated) | set(agreement.actors) | set(agreement.guarantors)
    assert targets <= known | set(mapping.known) | {"unknown"}
    assert set(agreement.parties) & targets  # GDELT cannot tell the DPR from the LPR, but names Ukraine


def test_the_bundled_packs_have_their_mappings() -> None:
    """Each of the five bundled packs ships ACLED, UCDP and GDELT mappings."""
    assert {pack for pack, _source in MAPS} == set(bundled_packs()) == {
        "syria-2016", "minsk-2015", "hodeidah-2018", "karabakh-2020", "gaza-2025"}
    assert len(MAPS) == 15


def test_acled_names_with_period_suffixes_match_patterns() -> None:
    """ACLED's dated names and sub-units find their party; an exact name wins over patterns."""
    mapping = find_map(load_agreement("hodeidah-2018"), "acled")
    assert mapping.actor("Military Forces of Yemen (2012-) Tihami Elite Forces") == "gov"
    assert mapping.actor("Military Forces of Yemen (2017-) Houthi") == "houthis"
    assert mapping.actor("Military Forces of Saudi Arabia (2015-)") == "gov"
    assert mapping.actor("Unidentified Armed Group (Yemen)") == "unknown"
    assert mapping.actor("Al Zaraniq Tribal Militia (Yemen)") is None


def test_karabakh_names_the_disputed_armed_groups_and_counts_mines_apart() -> None:
    """karabakh-2020: Azerbaijan's "illegal armed groups" are left for the user; a landmine is an incident, not an attack."""
    mapping = find_map(load_agreement("karabakh-2020"), "acled")
    assert mapping.actor("Military Forces of Azerbaijan (2003-)") == "az"
    assert mapping.actor("Military Forces of Armenia (2018-) Border Guard") == "am"
    assert mapping.actor("Military Forces of Artsakh (2007-2023)") == "nk"
    assert mapping.actor("Military Forces of Russia (2000-)") == "ru-pk"
    assert mapping.actor("Unidentified Armed Group (Azerbaijan)") is None
    assert mapping.event_type(("Remote explosive/landmine/IED", "Explosions/Remote violence")) == "incident.mine"
    assert mapping.event_type(("Non-violent transfer of territory", "Strategic developments")) is False


def test_gaza_maps_the_un_and_leaves_the_houthis_and_unknown_gunmen_to_the_user() -> None:
    """gaza-2025: the UN is the pack's un, civilians no target; the Houthis and unidentified groups in Gaza are named, not guessed."""
    mapping = find_map(load_agreement("gaza-2025"), "acled")
    assert mapping.actor("Military Forces of Israel (2022-) Special Forces") == "il"
    assert mapping.actor("Hamas Movement") == "hamas"
    assert mapping.actor("PIJ: Katibat Jenin") == "pij"
    assert mapping.actor("UN: United Nations") == "un"
    assert mapping.actor("Civilians (Palestine)") == "unknown"
    assert mapping.actor("Military Forces of Yemen (2017-) Houthi") is None
    assert mapping.actor("Unidentified Armed Group (Palestine)") is None
    assert {"Gaza Strip", "Tel Aviv", "HaDarom"} <= mapping.admin1 and "West Bank" not in mapping.admin1


def test_types_are_looked_up_most_specific_first() -> None:
    """A sub-event type wins over its event type; CAMEO 0871 wins over its root 08."""
    acled = find_map(load_agreement("hodeidah-2018"), "acled")
    assert acled.event_type(("Air/drone strike", "Explosions/Remote violence")) == "attack.airstrike"
    assert acled.event_type(("Peaceful protest", "Protests")) is False
    assert acled.event_type(("", "Remote violence")) is None
    gdelt = find_map(load_agreement("syria-2016"), "gdelt")
    assert gdelt.event_type(("0871", "087", "08")) == "declaration.truce"
    assert gdelt.event_type(("0841", "084", "08")) is False


def test_the_first_matching_pattern_wins(tmp_path: Path) -> None:
    """Patterns are tried in the file's order."""
    path = write_map(tmp_path, '[actors]\n"Military Forces of Yemen (2016-)*" = "houthis"\n"Military Forces of Yemen*" = "gov"\n')
    mapping = load_map(path, "acled", load_agreement("hodeidah-2018"))
    assert mapping.actor("Military Forces of Yemen (2016-) Supreme Political Council") == "houthis"
    assert mapping.actor("Military Forces of Yemen (2012-)") == "gov"


@pytest.mark.parametrize(("text", "message"), [
    ('[colour]\nx = 1\n', "colour: unknown table (expected one of: mapping, scope, known, actors, types)"),
    ('[actors]\n"Giants Brigade" = "joint-forces"\n', 'actors."Giants Brigade": unknown id \'joint-forces\''),
    ('[types]\n"Armed clash" = "atack.ground"\n', 'types."Armed clash": unknown event type \'atack.ground\' for agreement hodeidah-2018'),
    ('[types]\n"Armed clash" = true\n', 'types."Armed clash": must be an event type of the agreement\'s vocabulary, or false, got a boolean'),
    ('[scope]\nfrom = "2018-12-13"\n', "scope.from: must be a date such as 2018-12-18 (no quotes, no time), got a string"),
    ('[scope]\nfrom = 2019-01-01\nuntil = 2018-12-31\n', "scope.until: 2018-12-31 is before scope.from 2019-01-01"),
    ('[scope]\ncountries = "Yemen"\n', "scope.countries: must be an array of names, got a string"),
    ('[scope]\nadmin = ["Al Hudaydah"]\n', "scope.admin: unknown key (expected one of: admin1, admin2, countries, from, until)"),
    ('[known]\ngov = "The government"\n', "known.gov: is already a party or designated group of hodeidah-2018"),
    ('[actors]\n"**" = "gov"\n', 'actors."**": must name something: a name, or a pattern with \'*\' and some text'),
    ('[actors\n', "invalid TOML"),
])
def test_mistakes_in_a_mapping_name_the_file_and_key(tmp_path: Path, text: str, message: str) -> None:
    """Every mistake is one FILE: key: message line."""
    path = write_map(tmp_path, text)
    with pytest.raises(PackError) as caught:
        load_map(path, "acled", load_agreement("hodeidah-2018"))
    assert str(caught.value).startswith(f"{path}: {message}")
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(("head", "source", "message"), [
    ('[mapping]\nsource = "ucdp"\n', "acled", "mapping.source: is 'ucdp', but the rows are acled rows"),
    ('[mapping]\nsource = "acled"\nagreement = "syria-2016"\n', "acled", "mapping.agreement: this mapping is for 'syria-2016', not 'hodeidah-2018'"),
    ('[mapping]\nagreement = "hodeidah-2018"\n', "acled", "mapping.source: is required"),
    ('[mapping]\nsource = "gdelt"\nverification = "verified"\n', "gdelt",
     "mapping.verification: must be one of reported, claimed, disputed, unverifiable, got 'verified' "
     "(gdelt events are machine-coded: 'reported' at most)"),
])
def test_the_mapping_header_is_checked(tmp_path: Path, head: str, source: str, message: str) -> None:
    """A mapping says which source and agreement it is for; GDELT is never 'verified'."""
    path = write_map(tmp_path, "", head=head)
    with pytest.raises(PackError, match="^" + str(path).replace("\\", "\\\\") + ": ") as caught:
        load_map(path, source, load_agreement("hodeidah-2018"))
    assert str(caught.value) == f"{path}: {message}"


def test_gdelt_events_are_reported_by_default(tmp_path: Path) -> None:
    """A GDELT mapping that says nothing of verification still marks its events 'reported'."""
    path = write_map(tmp_path, "", head='[mapping]\nsource = "gdelt"\n')
    assert load_map(path, "gdelt").verification == "reported"


def test_a_pack_without_a_mapping_asks_for_one(tmp_path: Path) -> None:
    """A pack with no <pack>.maps folder: the error says where it looked and to pass --map."""
    pack = tmp_path / "mine.toml"
    pack.write_text((RULES / "hodeidah-2018.toml").read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(UsageError, match=r"no acled mapping for agreement hodeidah-2018 \(looked for .*mine\.maps/acled\.toml\); give one with --map"):
        find_map(load_agreement(str(pack)), "acled")
