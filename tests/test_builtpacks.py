"""The bundled packs' built forms: current, exactly the Agreement packfile builds, and passed over once they stop matching the TOML."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import attrs
import pytest

from ceasefire import bundled_packs, load_agreement, packs
from ceasefire.agreement import Agreement
from ceasefire.areas import Area
from ceasefire.builtpacks import SUFFIX, decode, encode
from ceasefire.errors import PackError
from ceasefire.packfile import parse_pack
from ceasefire.snapshot import pack_hash
from ceasefire.tomlfile import read_toml

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules"
NAMES = sorted(bundled_packs())


def _same(a: Any, b: Any, where: str = "") -> None:
    """Equal, of the same type all the way down, each value class field by field; date-times with the very same tzinfo."""
    assert type(a) is type(b), f"{where}: {type(a).__name__} vs {type(b).__name__}"
    if attrs.has(type(a)):
        for field in attrs.fields(type(a)):
            _same(getattr(a, field.name), getattr(b, field.name), f"{where}.{field.name}")
    elif isinstance(a, (tuple, list)):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b)):
            _same(x, y, f"{where}[{i}]")
    elif isinstance(a, dict):
        assert list(a) == list(b), where
        for key in a:
            _same(a[key], b[key], f"{where}.{key}")
    elif isinstance(a, datetime):
        assert (a, a.isoformat()) == (b, b.isoformat()) and a.tzinfo is b.tzinfo, where
    elif isinstance(a, frozenset):
        assert a == b and all(type(x) is str for x in a | b), where
    else:
        assert a == b and (not hasattr(a, "key") or a is b), where  # a ZoneInfo: the very same one, as ZoneInfo(key) gives


def _parsed(name: str, shown: str) -> Agreement:
    pack = RULES / f"{name}.toml"
    return parse_pack(read_toml(pack, shown), shown)


def _form(name: str) -> Path:
    return RULES / f"{name}{SUFFIX}"


@pytest.mark.parametrize("name", NAMES)
def test_each_bundled_pack_has_its_current_built_form(name):
    """NAME.agreement.json is what ``python -m ceasefire.parsedpacks`` writes for the TOML and the pack code as they are now."""
    raw = (RULES / f"{name}.toml").read_bytes()
    assert _form(name).read_text(encoding="utf-8") == encode(_parsed(name, name), raw, hashlib.sha256), \
        "a bundled pack (or the code that builds one) changed: run python -m ceasefire.parsedpacks"


@pytest.mark.parametrize("name", NAMES)
def test_a_built_form_holds_exactly_the_agreement_packfile_builds(name):
    """Every field of every value, its type, key order, dates with their tzinfo, the time zone itself; the path as the caller shows it."""
    shown = f"somewhere/else/{name}.toml"
    size, digest, agreement = decode(_form(name).read_bytes(), shown)
    raw = (RULES / f"{name}.toml").read_bytes()
    assert (size, digest) == (len(raw), hashlib.sha256(raw).hexdigest())
    _same(agreement, _parsed(name, shown))
    assert agreement.path == shown


def test_a_bundled_pack_is_loaded_from_its_built_form_without_validating_it_again(monkeypatch):
    """``load_agreement`` of a bundled pack does not run packfile, and gives what packfile gives."""
    import ceasefire.packfile

    monkeypatch.setattr(ceasefire.packfile, "parse_pack", lambda *args: pytest.fail("the pack was parsed again"))
    monkeypatch.setattr(packs, "_CACHE", {})
    for name in NAMES:
        _same(load_agreement(name), _parsed(name, str(RULES / f"{name}.toml")), name)


@pytest.fixture
def rules_copy(tmp_path, monkeypatch):
    """The bundled Syria pack and its parsed and built forms in a folder of their own, taken for the bundled packs' folder."""
    for name in ("syria-2016.toml", "syria-2016.parsed.json", f"syria-2016{SUFFIX}"):
        shutil.copy(RULES / name, tmp_path / name)
    monkeypatch.setattr(packs, "_rules_dir", lambda: tmp_path)
    monkeypatch.setattr(packs, "_CACHE", {})
    return tmp_path


def _parses(monkeypatch) -> list[str]:
    """Record each time packfile validates a pack."""
    import ceasefire.packfile

    calls: list[str] = []
    real = ceasefire.packfile.parse_pack
    monkeypatch.setattr(ceasefire.packfile, "parse_pack", lambda data, path: calls.append(path) or real(data, path))
    return calls


def test_the_built_form_is_used_and_gives_what_the_toml_gives(rules_copy, monkeypatch):
    """With the built form: no parse, and the same Agreement (its repr, its hash for snapshots) as parsing the TOML once the form is gone."""
    calls = _parses(monkeypatch)
    via_form = load_agreement("syria-2016")
    assert calls == []
    (rules_copy / f"syria-2016{SUFFIX}").unlink()
    packs._CACHE.clear()
    via_toml = load_agreement("syria-2016")
    assert calls == [str(rules_copy / "syria-2016.toml")]
    _same(via_form, via_toml)
    assert repr(via_form) == repr(via_toml) and pack_hash(via_form) == pack_hash(via_toml)  # snapshots name the pack by this hash


def test_an_edited_pack_is_validated_from_its_toml(rules_copy, monkeypatch):
    """A pack changed after its built form was written: the TOML, as it now is, decides, mistakes and all."""
    calls = _parses(monkeypatch)
    pack = rules_copy / "syria-2016.toml"
    text = pack.read_text(encoding="utf-8")
    pack.write_text(text.replace('timezone = "Asia/Damascus"', 'timezone = "Europe/Moscow"', 1), encoding="utf-8")
    assert str(load_agreement("syria-2016").timezone) == "Europe/Moscow" and len(calls) == 1
    packs._CACHE.clear()
    pack.write_text(text.replace('timezone = "Asia/Damascus"', 'timezone = "Asia/Istanbul"', 1), encoding="utf-8")
    assert pack.stat().st_size == len(text.encode()) and str(load_agreement("syria-2016").timezone) == "Asia/Istanbul"
    assert len(calls) == 2  # the same size, another hash
    packs._CACHE.clear()
    pack.write_text(text.replace('timezone = "Asia/Damascus"', 'timezone = "Mars/Olympus"', 1), encoding="utf-8")
    with pytest.raises(PackError, match="unknown time zone 'Mars/Olympus'"):
        load_agreement("syria-2016")


def test_a_pack_grown_too_large_is_refused_as_without_a_built_form(rules_copy):
    """A bundled pack padded past the size cap: read_toml's own refusal, not its built form."""
    from ceasefire.tomlfile import MAX_TOML_BYTES

    pack = rules_copy / "syria-2016.toml"
    pack.write_bytes(pack.read_bytes() + b"#" * MAX_TOML_BYTES + b"\n")
    with pytest.raises(PackError, match="larger than"):
        load_agreement("syria-2016")


def test_a_broken_built_form_is_passed_over(rules_copy, monkeypatch):
    """A built form cut short, of another shape, naming an unknown tag or a field no class has: the TOML is read."""
    calls = _parses(monkeypatch)
    form = rules_copy / f"syria-2016{SUFFIX}"
    good = form.read_text(encoding="utf-8")
    document = json.loads(good)
    broken = [good[:500], '{"sha256": 1}', json.dumps({**document, "size": "x"}), good.replace('"@Rule"', '"@Nothing"'), good.replace('"casualties_min"', '"no_such_field"'),
              json.dumps({**document, "agreement": {"@frozenset": []}}), good.replace('"@utc"', '"@eval"')]
    assert all(text != good for text in broken)
    for text in broken:
        form.write_text(text, encoding="utf-8")
        packs._CACHE.clear()
        assert load_agreement("syria-2016").id == "syria-2016"
    assert len(calls) == len(broken)


def test_what_cannot_be_kept_exactly_is_refused():
    """Polygons, a table shaped like a tag, a list, a date-time in a fixed offset: the writer raises rather than keep them wrongly."""
    agreement = load_agreement("syria-2016")
    with pytest.raises(ValueError, match="polygons"):
        encode(attrs.evolve(agreement, area=Area(polygons=(object(),))), b"", hashlib.sha256)
    with pytest.raises(ValueError, match="tag"):
        encode(attrs.evolve(agreement, parties={"@utc": "x"}), b"", hashlib.sha256)
    with pytest.raises(ValueError, match="list"):
        encode(attrs.evolve(agreement, rules=list(agreement.rules)), b"", hashlib.sha256)
    from datetime import timezone

    with pytest.raises(ValueError, match="datetime"):
        encode(attrs.evolve(agreement, start=agreement.start.astimezone(timezone(timedelta(hours=3)))), b"", hashlib.sha256)


def test_checking_a_log_of_a_bundled_pack_imports_no_pack_validation():
    """Checking a log under a bundled pack imports none of packfile's modules, nor the TOML reader."""
    # The built form is read; the TOML reader is not needed, as no settings file in the project names ceasefire.
    probe = ("import sys\nfrom ceasefire.cli import main\ntry:\n    main(['check', sys.argv[1]], prog_name='ceasefire')\n"
             "except SystemExit:\n    pass\nimport json\nprint(json.dumps(sorted(sys.modules)), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", probe, str(ROOT / "examples" / "syria-2016-09.jsonl")],
                          capture_output=True, text=True, cwd=ROOT)
    loaded = set(json.loads(done.stderr.splitlines()[-1]))
    assert "ceasefire.builtpacks" in loaded
    assert loaded & {"ceasefire.packfile", "ceasefire.packcheck", "ceasefire.packparts", "ceasefire.packtimers",
                     "ceasefire.packrules", "ceasefire.parsedpacks", "ceasefire.tomlfile", "tomllib"} == set()
