"""Fingerprints: SHA-256 of a breach's facts, by CPython's own implementation where it has one."""

from __future__ import annotations

import builtins
import hashlib
import json
import subprocess
import sys

from conftest import EXAMPLES
from hypothesis import given
from hypothesis import strategies as st

from ceasefire import fingerprints
from ceasefire.fingerprints import Fingerprinter

SEED = EXAMPLES[0]  # the seed article's log


@given(st.text())
def test_the_sha256_used_gives_hashlibs_digest(text):
    """Whichever implementation is found, a text's digest is hashlib's: fingerprints do not change with it."""
    data = text.encode("utf-8", "surrogatepass")
    assert fingerprints._sha256()(data).hexdigest() == hashlib.sha256(data).hexdigest()


def test_without_cpythons_own_sha256_hashlibs_is_used(monkeypatch):
    """Where the interpreter has no built-in SHA-256 module, hashlib's is the one."""
    real = builtins.__import__

    def refuse(name, *args, **kwargs):
        if name in ("_sha2", "_sha256"):
            raise ImportError(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", refuse)
    assert fingerprints._sha256() is hashlib.sha256


def test_fingerprints_are_unchanged():
    """A breach's fingerprint is the first 20 hex digits of SHA-256 over its facts, joined by the unit separator."""
    from ceasefire import check

    breach = check(SEED).breaches[0]
    facts = (str(SEED), breach.provision, breach.rule, breach.kind, breach.date, breach.party or "",
             breach.event_type or "", breach.target or "")
    expected = hashlib.sha256("\x1f".join(facts).encode()).hexdigest()[:20]
    assert Fingerprinter(str(SEED))(breach) == expected


def test_a_check_that_writes_fingerprints_loads_no_openssl():
    """JSON Lines shows each breach's fingerprint without hashlib's OpenSSL (when CPython has its own SHA-256)."""
    probe = ("import sys\nfrom ceasefire.cli import main\n"
             "try:\n    main(['check', sys.argv[1], '-f', 'jsonl'], prog_name='ceasefire')\nexcept SystemExit:\n    pass\n"
             "print(__import__('json').dumps('_hashlib' in sys.modules), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", probe, str(SEED)], capture_output=True, text=True)
    assert '"fingerprint"' in done.stdout
    builtin = any(_importable(name) for name in ("_sha2", "_sha256"))
    assert json.loads(done.stderr.splitlines()[-1]) is not builtin


def _importable(name: str) -> bool:
    try:
        __import__(name)
    except ImportError:
        return False
    return True


PART = st.one_of(st.none(), st.text(max_size=80), st.sampled_from(["cessation", "attack", "event", "sy-gov", "attack.airstrike"]))


@given(st.text(min_size=0, max_size=120), st.lists(st.tuples(PART, PART, PART, st.text(max_size=30), PART, PART, PART), min_size=1, max_size=8))
def test_a_fingerprint_by_its_shape_is_the_hash_of_its_parts_joined(file, breaches):
    """The quick way (the parts before the date hashed once per shape, and copied) gives the digest of the parts joined whole."""
    from ceasefire.found import Found

    marks = Fingerprinter(file)
    for provision, rule, kind, date, party, event_type, target in breaches:
        found = Found(provision or "p", rule or "r", kind or "event", "minor", date, party, 2, "e", event_type=event_type, target=target)
        whole = hashlib.sha256(fingerprints._joined(file, found, date)).hexdigest()[:20]
        assert marks._digest(found, date) == whole
        assert marks._digest(found, date) == whole  # the shape, kept
        assert marks(found).partition("-")[0] == whole  # and read inline for a recorded breach (-N: the N-th alike at its date)


def test_past_the_shapes_kept_a_fingerprint_is_the_same(monkeypatch):
    """Past the most shapes a fingerprinter keeps, each breach is hashed whole, to the same digest."""
    from ceasefire.found import Found

    monkeypatch.setattr(fingerprints, "_MOST_SHAPES", 2)
    marks = Fingerprinter("logs/a.jsonl")
    for i in range(6):
        found = Found("cessation", f"rule-{i}", "event", "minor", f"2016-09-12T20:0{i}:00+03:00", "sy-gov", i, None, target="x")
        assert marks(found) == hashlib.sha256(fingerprints._joined("logs/a.jsonl", found, found.date)).hexdigest()[:20]
    assert len(marks._shapes) == 2


def test_a_breach_with_a_lone_surrogate_is_fingerprinted_as_its_parts_joined():
    """A log's lone surrogates (``\\ud800`` in JSON) in the parts after the date, or in the date, hash as the parts joined whole do."""
    from ceasefire.found import Found

    marks = Fingerprinter("logs/a.jsonl")
    for date, party, target in [("2016-09-12T20:00:00+03:00", "sy-gov", "x"), ("2016-09-12T20:01:00+03:00", "sy-gov", "x"),
                                ("2016-09-12T20:02:00+03:00", "sy-gov", "x\ud800"), ("2016-09-12T20:03:00+03:00", "sy-gov", "x\ud800"),
                                ("2016-09-12T20:04:00+03:00\udfff", "sy-gov", "x"), ("2016-09-12T20:05:00+03:00", "sy-gov", "x")]:
        found = Found("cessation", "attack", "event", "minor", date, party, 2, "e", target=target)
        assert marks(found) == hashlib.sha256(fingerprints._joined("logs/a.jsonl", found, date)).hexdigest()[:20]


def test_a_log_of_many_breaches_goes_on_with_hashlibs_sha256_and_the_same_fingerprints(monkeypatch):
    """Past ``_QUICKER_AFTER`` breaches, fingerprints are hashed with hashlib's SHA-256 and are the same as CPython's own."""
    # OpenSSL's SHA-256 is quicker for each, slower to load; every fingerprint, repeats at one date included, is checked.
    from ceasefire.found import Found

    breaches = [Found("cessation", "attack", "event", "minor", f"2016-09-13T10:{i // 3:02d}:00+03:00", party, 2 + i, f"e{i}",
                      event_type="attack.airstrike", target="opposition") for i in range(60) for party in ("sy-gov", "ru")]
    standard = Fingerprinter("log.jsonl")
    expected = [standard(b) for b in breaches]
    monkeypatch.setattr(fingerprints, "_QUICKER_AFTER", 5)
    quicker = Fingerprinter("log.jsonl")
    assert [quicker(b) for b in breaches] == expected
    assert quicker._sha256 is hashlib.sha256 and standard._sha256 is not hashlib.sha256
    assert any(mark.endswith("-2") for mark in expected)  # (repeats at one date among them)
