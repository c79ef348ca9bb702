"""Agreement packs: the bundled ones load; a broken one is reported as FILE: key: message."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ceasefire import PackError, bundled_packs, load_agreement
from ceasefire.engine import Engine
from ceasefire.machines import machine_for

SYRIA = Path(__file__).resolve().parent.parent / "rules" / "syria-2016.toml"


@pytest.fixture
def broken_pack(tmp_path):
    """Write a copy of the Syria pack with one edit, and return its path."""

    def write(old: str, new: str) -> Path:
        text = SYRIA.read_text(encoding="utf-8")
        assert old in text, old
        path = tmp_path / "broken.toml"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return path

    return write


@pytest.mark.parametrize("name", sorted(bundled_packs()))
def test_every_bundled_pack_loads(name):
    """Each pack in rules/ validates."""
    agreement = load_agreement(name)
    assert agreement.id == name


def test_the_syria_pack_declares_what_the_agreement_says(syria):
    """Start, signing, zone, parties, the two Sides, designated groups and provisions as in the 2016 arrangement."""
    assert syria.start == datetime(2016, 9, 12, 16, tzinfo=UTC)
    assert syria.signed == datetime(2016, 9, 9, 20, tzinfo=UTC)
    assert str(syria.timezone) == "Asia/Damascus"
    assert set(syria.parties) == {"sy-gov", "opposition"}
    assert set(syria.guarantors) == {"ru", "us", "us-coalition"}
    assert set(syria.designated) == {"isil", "nusra"}
    assert [p.id for p in syria.provisions] == ["cessation", "aid", "castello", "jic", "term"]
    assert syria.provision("aid").states == (
        "awaiting_access", "passage_guaranteed", "in_transit", "delivered", "blocked", "attacked", "overdue", "stalled", "suspended",
    )
    assert (syria.provision("castello").per, syria.provision("castello").instances) == ("party", ("sy-gov", "opposition"))
    assert (syria.collapse_parties, syria.collapse_guarantors) == ("any", "any")


def test_a_pack_loaded_twice_shares_its_machines(syria):
    """One transitions machine per provision definition, whoever replays it."""
    again = load_agreement("syria-2016")
    assert again is syria
    assert machine_for(again, "cessation") is machine_for(syria, "cessation")
    first, second = Engine(syria), Engine(again)
    assert first._machines is second._machines


@pytest.mark.parametrize(
    "old, new, key, message",
    [
        ('timezone = "Asia/Damascus"', 'timezone = "Asia/Damascus"\ncolour = "red"', "agreement.colour", "unknown key (expected one of:"),
        ('{ trigger = "violate", source = ["in_force", "violated"], dest = "violated" }', '{ trigger = "violate", source = ["in_force", "violated"], dest = "violatd" }', "provisions.cessation.transitions[1].dest", "unknown state 'violatd' (expected one of: pending, in_force, violated, gravely_violated, contested, collapsed)"),
        ('after = "72h"\nwatch', 'after = "72 hours"\nwatch', "provisions.cessation.timers[0].after", "invalid duration '72 hours'"),
        ('timezone = "Asia/Damascus"', 'timezone = "Asia/Atlantis"', "agreement.timezone", "unknown time zone 'Asia/Atlantis'"),
        ('provision = "cessation"\ntypes = ["attack.*"]', 'provision = "truce"\ntypes = ["attack.*"]', "rules[0].provision", "unknown provision 'truce'"),
        ('severity = "minor"\nescalate', 'severity = "grave"\nescalate', "rules[0].severity", "unknown severity 'grave'"),
        ('trigger = "violate"\ntrigger_from', 'trigger = "explode"\ntrigger_from', "rules[0].trigger", "unknown trigger of provision 'cessation' 'explode'"),
        ('requires = { aid = ["delivered"] }', 'requires = { aid = ["arrived"] }', "provisions.jic.timers[0].requires.aid", "provision 'aid' has no state 'arrived'"),
        ('initial = "pending"', 'initial = "waiting"', "provisions.cessation.initial", "unknown state 'waiting'"),
        ('start = 2016-09-12T19:00:00+03:00', 'start = "soon"', "agreement.start", "invalid date 'soon'"),
        ('{ trigger = "collapse", source = "*", dest = "collapsed" },', '{ trigger = "collapse", source = "*", dest = "collapsed" },\n  { trigger = "revive", source = "collapsed", dest = "in_force" },', "provisions.cessation.transitions[4].source", "state 'collapsed' is final: nothing may leave it"),
        ('[parties]', '[parties]\nisil = "also a party?"', "designated.isil", "is also declared as a party"),
        ('casualties = 10, severity = "major"', 'casualties = -10, severity = "major"', "rules[0].escalate[0].casualties", "must be 0 or more"),
    ],
)
def test_a_broken_pack_names_file_and_key(broken_pack, old, new, key, message):
    """Every validation error reads FILE: key: message."""
    path = broken_pack(old, new)
    with pytest.raises(PackError) as caught:
        load_agreement(str(path))
    assert str(caught.value).startswith(f"{path}: {key}: {message}")


def test_a_missing_section_is_named(tmp_path):
    """A pack without [provisions] says so."""
    path = tmp_path / "bare.toml"
    path.write_text('[agreement]\nid = "x"\ntitle = "X"\nstart = 2020-01-01T00:00:00Z\ntimezone = "UTC"\n[parties]\na = "A"\n[vocabulary]\nstatement = "s"\n')
    with pytest.raises(PackError, match=r"bare.toml: provisions: is required"):
        load_agreement(str(path))


def test_invalid_toml_is_reported_without_echoing_the_file(tmp_path):
    """A file that is not TOML gives its name and the parser's position, not its content."""
    path = tmp_path / "secret.toml"
    path.write_text("root:x:0:0:root:/root:/bin/bash\n")
    with pytest.raises(PackError) as caught:
        load_agreement(str(path))
    assert str(caught.value).startswith(f"{path}: invalid TOML: ")
    assert "root:x" not in str(caught.value)


def test_an_unknown_pack_name_lists_the_bundled_ones():
    """A name that is neither bundled nor a file is an error listing the bundled packs."""
    with pytest.raises(PackError, match=r"no bundled agreement 'syria-2017'; bundled: [a-z0-9, -]*syria-2016"):
        load_agreement("syria-2017")


def test_a_missing_pack_file_is_reported(tmp_path):
    """A path to nothing says so."""
    with pytest.raises(PackError, match=r"missing.toml: no such file"):
        load_agreement(str(tmp_path / "missing.toml"))


_NAME_TEXT = st.text(st.sampled_from("aZ09_.-*é \n\x00") | st.characters(), max_size=8)


@given(_NAME_TEXT)
def test_pack_names_are_checked_exactly_as_their_grammars_say(text):
    """``is_id``, ``is_name`` and ``is_type_pattern`` (no regular expression compiled) agree with ``ID``, ``NAME`` and ``TYPE_PATTERN``."""
    from ceasefire import packrules

    assert packrules.is_id(text) == bool(packrules.ID.fullmatch(text))
    assert packrules.is_name(text) == bool(packrules.NAME.fullmatch(text))
    assert packrules.is_type_pattern(text) == bool(packrules.TYPE_PATTERN.fullmatch(text))
