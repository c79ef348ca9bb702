"""The bundled packs' parsed forms: current, exactly what tomllib makes of the TOML, and ignored once they stop matching it."""

from __future__ import annotations

import hashlib
import math
import shutil
import tomllib
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pytest

from ceasefire import bundled_packs, load_agreement, packs
from ceasefire.parsedpacks import decode, encode, sibling
from ceasefire.settings import find_config
from ceasefire.snapshot import pack_hash

RULES = Path(__file__).resolve().parent.parent / "rules"
NAMES = sorted(bundled_packs())


def _same(a: Any, b: Any, where: str = "") -> None:
    """Equal, and of the same type all the way down (1 is not 1.0 nor True; offsets and key order count)."""
    assert type(a) is type(b), f"{where}: {type(a).__name__} vs {type(b).__name__}"
    if isinstance(a, dict):
        assert list(a) == list(b), where
        for key in a:
            _same(a[key], b[key], f"{where}.{key}")
    elif isinstance(a, list):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b)):
            _same(x, y, f"{where}[{i}]")
    elif isinstance(a, float) and math.isnan(a):
        assert math.isnan(b), where
    elif isinstance(a, (datetime, time)):
        assert (a, a.tzinfo, a.isoformat()) == (b, b.tzinfo, b.isoformat()), where
    else:
        assert a == b, where


@pytest.mark.parametrize("name", NAMES)
def test_each_bundled_pack_has_its_current_parsed_form(name):
    """NAME.parsed.json is what ``python -m ceasefire.parsedpacks`` writes for the TOML as it is now."""
    pack = RULES / f"{name}.toml"
    assert sibling(pack).read_text(encoding="utf-8") == encode(pack.read_bytes(), hashlib.sha256), \
        "a bundled pack changed: run python -m ceasefire.parsedpacks"


@pytest.mark.parametrize("name", NAMES)
def test_a_parsed_form_holds_exactly_what_tomllib_reads(name):
    """Every value, its type, key order, dates and offsets: the same data as parsing the TOML."""
    pack = RULES / f"{name}.toml"
    digest, data = decode(sibling(pack).read_bytes())
    assert digest == hashlib.sha256(pack.read_bytes()).hexdigest()
    _same(data, tomllib.loads(pack.read_text(encoding="utf-8")))


def test_every_toml_type_survives_the_round_trip():
    """Strings, integers, floats (signed zero, infinities, NaN), booleans, the four kinds of date and time, arrays, tables."""
    raw = ('s = "x\\u00e9\\n"\ni = -9223372036854775809\nf = -0.0\nb = true\ninf = -inf\nnan = nan\none = 1.0\n'
           "odt = 2016-09-12T19:00:00.123456+03:00\nutc = 2016-09-12T16:00:00Z\nldt = 2016-09-12T19:00:00\n"
           "ld = 2016-09-12\nlt = 19:00:00.5\nempty = {}\n[[t]]\na = [1, [2.5, \"3\"], {d = 2016-01-01}]\n").encode()
    digest, data = decode(encode(raw, hashlib.sha256))
    assert digest == hashlib.sha256(raw).hexdigest()
    _same(data, tomllib.loads(raw.decode()))
    assert isinstance(data["ld"], date) and not isinstance(data["ld"], datetime)


def test_a_table_shaped_like_a_tag_is_refused():
    """A one-key table named ``@datetime`` could not be told from a date-time: the writer refuses it."""
    with pytest.raises(ValueError, match="tag"):
        encode(b'[x]\n"@datetime" = "2016-09-12"\n', hashlib.sha256)


@pytest.fixture
def rules_copy(tmp_path, monkeypatch):
    """The bundled Syria pack and its parsed form in a folder of their own, taken for the bundled packs' folder."""
    for name in ("syria-2016.toml", "syria-2016.parsed.json"):
        shutil.copy(RULES / name, tmp_path / name)
    monkeypatch.setattr(packs, "_rules_dir", lambda: tmp_path)
    return tmp_path


def test_a_bundled_pack_reads_the_same_from_its_parsed_form(rules_copy):
    """The Agreement and its hash are the same whether read through the parsed form or from the TOML alone."""
    via_json = load_agreement("syria-2016")
    (rules_copy / "syria-2016.parsed.json").unlink()
    packs._CACHE.clear()
    via_toml = load_agreement("syria-2016")
    assert via_json is not via_toml
    assert repr(via_json) == repr(via_toml) and pack_hash(via_json) == pack_hash(via_toml)


def test_an_edited_pack_is_read_from_its_toml(rules_copy):
    """A pack changed after its parsed form was written: the TOML, as it now is, decides."""
    pack = rules_copy / "syria-2016.toml"
    text = pack.read_text(encoding="utf-8")
    pack.write_text(text.replace('timezone = "Asia/Damascus"', 'timezone = "Europe/Moscow"', 1), encoding="utf-8")
    assert str(load_agreement("syria-2016").timezone) == "Europe/Moscow"


def test_a_broken_parsed_form_is_passed_over(rules_copy):
    """A parsed form cut short or of another shape is not trusted: the TOML is read."""
    form = rules_copy / "syria-2016.parsed.json"
    form.write_text(form.read_text(encoding="utf-8")[:500], encoding="utf-8")
    assert load_agreement("syria-2016").id == "syria-2016"
    packs._CACHE.clear()
    form.write_text('{"sha256": 1}', encoding="utf-8")
    assert load_agreement("syria-2016").id == "syria-2016"


def test_a_pyproject_naming_our_table_by_escapes_is_still_found(tmp_path):
    """``[tool."\\u0063easefire"]`` is [tool.ceasefire]: the quick look for the word does not miss it."""
    (tmp_path / "pyproject.toml").write_text('[tool."\\u0063easefire"]\nfail-on = "never"\n', encoding="utf-8")
    assert find_config(tmp_path) == (tmp_path / "pyproject.toml", "tool.ceasefire")
