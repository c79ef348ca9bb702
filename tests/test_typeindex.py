"""Type dispatch without scanning: the index and the wildcard hints give the answers of a plain scan."""

import re

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from ceasefire.agreement import glob_match, pattern
from ceasefire.packs import load_agreement
from ceasefire.suggest import _EXAMPLE, WildcardHints, closest, wildcard_warning
from ceasefire.events import EventParser
from ceasefire.matching import Matcher
from ceasefire.typeclasses import Classes, class_prefixes
from ceasefire.typeindex import TypeIndex

_PIECE = st.text(alphabet="ab.k0_-", min_size=0, max_size=4)
_GLOB = st.lists(_PIECE, min_size=1, max_size=3).map("*".join)
_TYPE = st.text(alphabet="ab.k0_-A", min_size=1, max_size=10)


@settings(max_examples=300, deadline=None)
@given(st.lists(_GLOB, max_size=8), _TYPE)
def test_index_matches_what_each_pattern_matches(globs: list[str], event_type: str) -> None:
    """A type's positions are exactly those of the patterns glob_match says it matches, in order."""
    expected = tuple(at for at, glob in enumerate(globs) if glob_match(glob, event_type))
    assert TypeIndex(globs).matching(event_type) == expected


def _scan_warning(event_type: str, vocabulary: dict[str, str]) -> str | None:
    """The warning as worked out before the hints: every name gathered and compared by difflib."""
    patterns = [v for v in vocabulary if "*" in v]
    names = {v for v in vocabulary if "*" not in v}
    for glob in patterns:
        names.update(n for n in re.findall(_EXAMPLE, vocabulary[glob]) if pattern(glob).fullmatch(n))
    if event_type in names:
        return None
    hint = closest(event_type, names, cutoff=0.9)
    if hint is None:
        return None
    matched = next(v for v in patterns if pattern(v).fullmatch(event_type))
    return f"event type {event_type!r} is only matched by the pattern {matched!r} (did you mean {hint!r}?)"


_SYRIA = load_agreement("syria-2016").vocabulary
_ATTACKS = sorted({n[7:] for n in _SYRIA if n.startswith("attack.") and "*" not in n}
                  | {n[7:] for v in _SYRIA.values() for n in re.findall(_EXAMPLE, v) if n.startswith("attack.")})


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(_ATTACKS), st.lists(st.tuples(st.integers(0, 40), st.sampled_from("aAeklst._-09")), max_size=3),
       st.booleans())
def test_hints_give_the_scan_s_warning(name: str, edits: list[tuple[int, str]], swap: bool) -> None:
    """A type attack.* admits, a letter or two off one of the Syria pack's attack names, gets the same warning (or none) as from a full scan."""
    typed = list(name)
    for at, char in edits:
        at %= len(typed) + 1
        if swap and at < len(typed):
            typed[at] = char
        else:
            typed.insert(at, char)
    event_type = "attack." + "".join(typed)  # attack.* admits it: what the hints are asked of
    assume(event_type not in _SYRIA)
    hints = WildcardHints(_SYRIA)
    assert hints.warning(event_type) == _scan_warning(event_type, dict(_SYRIA)) == wildcard_warning(event_type, _SYRIA)


def test_hints_warn_of_a_near_name_and_not_of_a_far_one() -> None:
    """attack.airstrik is one letter off a name attack.* admits: a warning naming it; attack.k000042 gets none."""
    hints = WildcardHints(_SYRIA)
    assert hints.warning("attack.airstrik") == ("event type 'attack.airstrik' is only matched by the pattern 'attack.*'"
                                                " (did you mean 'attack.airstrike'?)")
    assert hints.warning("attack.k000042") is None


def test_index_answers_names_prefixes_and_other_patterns_together() -> None:
    """A name a prefix also matches gets both, in the patterns' order; a prefix sharing its head with another is told apart."""
    index = TypeIndex(["attack.*", "attack.air*", "declaration.*", "a*e", "attack.airstrike"])
    assert index.matching("attack.airstrike") == (0, 1, 3, 4)
    assert index.matching("attack.airdrop") == (0, 1)
    assert index.matching("attack.shelling") == (0,)
    assert index.matching("declaration.over") == (2,)
    assert index.matching("ae") == (3,)
    assert index.matching("attac") == ()


def test_hints_fold_the_case_of_a_type_before_ruling_it_out() -> None:
    """attack.AIRSTRIK is a near name in capitals: the quick test reads its letters in either case and still warns."""
    assert WildcardHints(_SYRIA).warning("attack.AIRSTRIK") == (
        "event type 'attack.AIRSTRIK' is only matched by the pattern 'attack.*' (did you mean 'attack.airstrike'?)")


def test_a_prefix_s_plans_follow_the_provisions_in_force():
    """A type under attack.* meets the rules of provisions in force only: once one comes into force (forget), the next new type meets its rules too."""
    pack = load_agreement("syria-2016")
    in_force = [False] * len(pack.provisions)
    matcher = Matcher(pack, in_force)
    assert matcher.plans("attack.k000001") == ()
    in_force[:] = [True] * len(pack.provisions)
    matcher.forget()
    every = Matcher(pack).plans("attack.k000002")
    assert every and matcher.plans("attack.k000003") == every
    assert matcher.plans("attack.airstrike") == Matcher(pack).plans("attack.airstrike")


_GRAMMAR = re.compile(r"[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*")


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="aAk0٣é._- ", max_size=8).map("attack.".__add__) | st.text(alphabet="aAk0._- ", min_size=1, max_size=12))
def test_a_new_type_is_refused_by_the_grammar_and_known_by_the_vocabulary(event_type: str) -> None:
    """Whatever path a type never seen takes: refused exactly when the grammar refuses it, unknown exactly when no pattern of the pack knows it."""
    from ceasefire.errors import LogError
    from ceasefire.events import EventParser

    pack = load_agreement("syria-2016")
    try:
        EventParser(pack).parse({"date": "2016-09-13T10:00:00+03:00", "type": event_type}, 1)
    except LogError as error:
        if not _GRAMMAR.fullmatch(event_type):
            assert "invalid type" in str(error)
        else:
            assert "unknown event type" in str(error) and not pack.knows(event_type)
    else:
        assert _GRAMMAR.fullmatch(event_type) and pack.knows(event_type)


def test_the_fewest_characters_each_length_needs_are_worked_out_when_asked_for_as_the_whole_table_was():
    """``WildcardHints.fewest`` works out each length's entry on first use, the same as the whole table."""
    # The same numbers as the table of 256 lengths worked out whole (the least count whose ratio can reach the cut-off), and
    # nothing worked out before it is asked.
    from ceasefire import suggest

    fresh = suggest._Fewest()
    assert len(fresh) == 0
    cutoff = suggest.WildcardHints._CUTOFF - 1e-9
    whole = [min(most for most in range(size + 1) if 2.0 * most >= cutoff * (size + most)) for size in range(257)]
    assert [fresh[size] for size in range(257)] == whole and len(fresh) == 257
    assert suggest.WildcardHints({"attack.*": "An attack: attack.airstrike"}).fewest is suggest._FEWEST


_TAIL = st.text(alphabet="abkAZ09", min_size=1, max_size=5)


@settings(max_examples=400, deadline=None)
@given(st.lists(_GLOB, max_size=8), st.text(alphabet="ab.k0_-", max_size=4), _TAIL)
def test_a_uniform_answer_is_every_type_s_under_its_prefix(globs: list[str], prefix: str, tail: str) -> None:
    """Where ``uniform`` answers for a prefix, each type it followed by letters and digits (no name of the patterns) matches exactly those."""
    index = TypeIndex(globs)
    answer = index.uniform(prefix)
    assume(answer is not None and prefix + tail not in index.named)
    assert answer == tuple(at for at, glob in enumerate(globs) if glob_match(glob, prefix + tail))


_PREFIX = st.sampled_from(["a.", "a.b", "ab.", "k", "a.k0", "b-", "ab.k", "a"])
_RULE = _PREFIX.map("{}*".format) | st.tuples(_PREFIX, _TAIL).map("".join) | _GLOB


@settings(max_examples=400, deadline=None)
@given(st.lists(_PREFIX.map("{}*".format) | _GLOB, min_size=1, max_size=5), st.lists(_RULE, max_size=5), st.integers(0, 5), _TAIL)
def test_a_type_of_a_class_is_valid_known_and_meets_its_prefix_s_rules(vocabulary: list[str], rules: list[str], pick: int,
                                                                       tail: str) -> None:
    """A type of a class is valid, known to the vocabulary, and meets the rules its prefix meets."""
    # A type a class's prefix and letters and digits make (no name the rules give); the rules its prefix meets are its plans'
    # source, ``Matcher.under``.
    event_type = vocabulary[pick % len(vocabulary)].split("*")[0] + tail
    names = {glob for glob in rules if "*" not in glob}
    for prefix in class_prefixes(TypeIndex(vocabulary), TypeIndex(rules)):
        assert prefix not in names
        if not (event_type.startswith(prefix) and _ALNUM.fullmatch(event_type[len(prefix):])) or event_type in names:
            continue
        assert _GRAMMAR.fullmatch(event_type) and any(glob_match(glob, event_type) for glob in vocabulary)
        assert (tuple(at for at, glob in enumerate(rules) if glob_match(glob, event_type))
                == tuple(at for at, glob in enumerate(rules) if glob_match(glob, prefix)) == TypeIndex(rules).uniform(prefix))


_ALNUM = re.compile("[A-Za-z0-9]+")
_NAMES = ["attack.airstrike", "attack.k9", "ab.k0", "statement", "a.bb", "A.B"]


@settings(max_examples=600, deadline=None)
@given(st.lists(_PREFIX.map("{}*".format) | st.sampled_from(_NAMES), min_size=1, max_size=5), st.lists(_RULE, max_size=5),
       st.sampled_from(["", "a.", "ab.", "attack.", "a.b", "k", "A."]),
       st.text(alphabet="abkstAKZ09qz._", min_size=1, max_size=12) | st.text(alphabet="aq0z", min_size=1, max_size=12))
def test_a_type_is_of_a_class_when_its_prefix_makes_it_one_and_no_name_may_be_near(vocabulary, rules, head, tail) -> None:
    """``Classes.of_length`` takes a type exactly when a class's prefix makes it and no name of the rules may be near."""
    # A class's prefix and letters and digits make it (no name of the rules), and the hints' quick test rules a near name out (too
    # few of its characters among the names'); its class is such a prefix.
    event_type = head + tail
    hints = WildcardHints({glob: "" for glob in vocabulary})
    assume(hints.chars is not None)
    names = {glob for glob in rules if "*" not in glob}
    found = Classes(TypeIndex(vocabulary), TypeIndex(rules), lambda: hints)
    assert found.of_length[len(event_type)](event_type) is None  # no class before enough types have asked
    found._prepare()
    first = found.of_length[len(event_type)](event_type)  # the plain pattern and the quick test, then the length's own pattern
    under = [p for p in found.prefixes[1:] if event_type.startswith(p) and _ALNUM.fullmatch(event_type[len(p):])]
    near = event_type.encode().translate(hints.marks).count(1) >= hints.fewest[len(event_type)]
    for match in (first, found._compiled(len(event_type))(event_type)):
        assert (match is not None) == (bool(under) and event_type not in names and not near)
        assert match is None or found.prefixes[match.lastindex] in under


def test_the_names_the_rules_give_under_a_prefix_are_left_to_their_own_entries() -> None:
    """The names the rules give under a prefix are left to their own entries, and near names are of no class."""
    # attack.* with rules for attack.airstrike: attack.k1 is of the class, attack.airstrike is not; a longer prefix of the rules
    # (attack.air*) splits attack.* (no class) but is a class of its own; attack.airstrik, or attack.k1 (eight of its nine
    # characters among the names'), may be a near name: no class.
    vocabulary = {"attack.*": "An attack: attack.airstrike, attack.shelling", "statement": ""}
    found = Classes(TypeIndex(vocabulary), TypeIndex(["attack.*", "attack.airstrike"]), lambda: WildcardHints(vocabulary))
    found._prepare()
    match = found.of_length[12]("attack.k0000")
    assert found.prefixes[match.lastindex] == "attack." and found.of_length[9]("attack.k1") is None
    assert found.of_length[16]("attack.airstrike") is None and found.of_length[15]("attack.airstrik") is None
    assert found.of_length[10]("attack.k_1") is None and found.of_length[7]("attack.") is None
    assert found.of_length[9]("statement") is None and found.of_length[11]("attack.k123") is not None
    found = Classes(TypeIndex(vocabulary), TypeIndex(["attack.*", "attack.air*"]), lambda: WildcardHints(vocabulary))
    found._prepare()
    match = found.of_length[16]("attack.air009900")
    assert found.of_length[12]("attack.k0000") is None and found.prefixes[match.lastindex] == "attack.air"


def test_each_pack_s_classes_meet_what_a_type_of_theirs_meets():
    """In every bundled pack, a new type of each class meets the plans its prefix meets, with no warning."""
    # The plans ``under`` gives its prefix (the same tuple); the parser knows it.
    from ceasefire.engine import Engine
    from ceasefire.events import EventParser

    for name in ("syria-2016", "gaza-2025", "karabakh-2020", "minsk-2015", "hodeidah-2018"):
        pack = load_agreement(name)
        engine, parser = Engine(pack), EventParser(pack)
        engine.advance(pack.start)
        found = Classes(parser._vocabulary, engine._matcher._index, parser._hinted)
        for _ in range(70):  # none before enough types have asked
            found.of_length[1]("a")
        assert len(found.prefixes) > 1, name
        for prefix in found.prefixes[1:]:
            for _ in range(70):  # the plain pattern, then the length's own
                assert found.prefixes[found.of_length[len(prefix) + 7](prefix + "k000042").lastindex] == prefix
            assert engine._matcher.under(prefix) == Matcher(pack, engine._in_force).plans(prefix + "k000042")
            assert parser._check_type(prefix + "k000042", 1) is True


def test_a_type_on_the_edge_of_the_quick_test_is_of_a_class_on_its_side_only() -> None:
    """A type on the edge of the quick test is of a class on its side only, by every pattern."""
    # attack.* types of 14 characters: with 11 of them among the Syria names' (digits are not), no name can be near (of the class,
    # kept by it); with 12, one may be (no class: the type is checked, warned of if need be, and kept as itself); by the plain
    # pattern and the quick test, and by the length's own pattern alike.
    parser = EventParser(load_agreement("syria-2016"))
    hints = parser._hinted()
    found = Classes(parser._vocabulary, TypeIndex(["attack.*"]), lambda: hints)
    found._prepare()
    assert hints.fewest[14] == 12
    for tail, taken in [("kkkk000", True), ("kkkkk00", False), ("k000000", True), ("abcdef0", False), ("abc0d00", True)]:
        event_type = "attack." + tail
        assert (event_type.encode().translate(hints.marks).count(1) < 12) == taken
        assert (found.of_length[14](event_type) is not None) == taken == (found._compiled(14)(event_type) is not None)
