"""Output a log cannot forge: control and bidi characters escaped in human formats and on stderr; XML and JSON always valid."""

from __future__ import annotations

import json
import os
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from ceasefire.escaping import file_name, printable, xml_safe

from conftest import HEADER, cli

FORGED = "\n::error file=src/app.py,line=1::FORGED"
HOSTILE = {"target": FORGED, "location": "\x1b[2J\x1b[31mred \u202eevil", "actor": "sy-gov"}


def hostile_log(folder: Path, name: str = "log.jsonl", **fields: str) -> Path:
    """A Syria log whose one attack carries hostile strings in its fields."""
    event = {"date": "2016-09-17T17:00:00+03:00", "type": "attack.airstrike", **(fields or HOSTILE)}
    path = folder / name
    path.write_text(json.dumps(HEADER) + "\n" + json.dumps(event) + "\n", encoding="utf-8")
    return path


def raw_controls(text: str) -> list[str]:
    """The characters of ``text`` that a human format must not print raw (the newline ending each line aside)."""
    return [c for line in text.splitlines() for c in line if printable(c) != c]


@pytest.mark.parametrize(
    "text, shown",
    [("a\nb", "a\\nb"), ("\x1b[31m", "\\x1b[31m"), ("\u202eabc", "\\u202eabc"), ("tab\there", "tab\\there"),
     ("a\u2028b", "a\\u2028b"), ("\ud800", "\\ud800"), ("é ü 中文 عربي", "é ü 中文 عربي"), ("\x85\u200f", "\\x85\\u200f")],
)
def test_printable_escapes_controls_and_bidi_and_keeps_scripts(text, shown):
    """Controls, separators, bidi marks and surrogates are escaped; letters of every script are kept."""
    assert printable(text) == shown


@pytest.mark.parametrize("quiet", [False, True], ids=["text", "quiet"])
def test_text_format_prints_one_line_per_finding_with_log_strings_escaped(tmp_path, quiet):
    """A target holding a newline and a workflow command, ESC sequences, a bidi override: shown escaped."""
    path = hostile_log(tmp_path)
    result = cli("check", path, "--color", "always", *(["-q"] if quiet else []))
    lines = result.stdout.splitlines()
    assert not any(line.startswith("::") for line in lines)
    finding = [line for line in lines if "cessation" in line and "attack" in line]
    assert len(finding) == 1
    assert "on \\n::error file=src/app.py,line=1::FORGED at \\x1b[2J\\x1b[31mred \\u202eevil" in finding[0]
    assert "\u202e" not in result.stdout and "\x1b[2J" not in result.stdout


def test_github_format_cannot_be_forged(tmp_path):
    """In the github format a log's newline stays inside its annotation and ESC or bidi characters are escaped."""
    result = cli("check", hostile_log(tmp_path), "-f", "github")
    lines = result.stdout.splitlines()
    assert all(line.startswith(("::error file=", "::warning file=")) for line in lines)
    shown = str(tmp_path / "log.jsonl")
    assert [line.split(",")[0] for line in lines if "FORGED" in line] == [f"::warning file={shown}", f"::error file={shown}"]
    assert not any(line.startswith("::error file=src/app.py") for line in lines)
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout


@pytest.mark.parametrize("name", ["new\nline.jsonl", "esc\x1b[2J.jsonl", "bidi\u202e.jsonl"])
def test_file_names_are_escaped_in_reports_and_errors(tmp_path, name):
    """A file name with a newline, ESC or a bidi override: escaped in the report and in a one-line error."""
    path = hostile_log(tmp_path, name, type="attack.airstrike", actor="sy-gov", target="opposition")
    result = cli("check", path)
    assert raw_controls(result.stdout) == []
    assert printable(str(path)) in result.stdout
    path.write_text(json.dumps(HEADER) + '\n{"type": "statement"}\n')
    result = cli("check", path)
    assert result.exit_code == 2
    assert result.stderr == f"{printable(str(path))}:2: missing required field 'date'\n"


def test_error_messages_escape_what_the_log_wrote(tmp_path):
    """A header naming a pack with control characters: the error is one escaped line."""
    path = tmp_path / "log.jsonl"
    path.write_text(json.dumps({"agreement": "x\n::error::FORGED\u202e.toml"}) + "\n")
    result = cli("check", path)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and raw_controls(result.stderr) == []


def test_junit_is_well_formed_with_nul_and_controls(tmp_path):
    """A NUL, ESC or form feed in a field: the JUnit report still parses as XML, showing them escaped."""
    path = hostile_log(tmp_path, location="a\x00b\x0c\x1b", actor="sy-gov", target="opposition")
    result = cli("check", path, "-f", "junit")
    root = ET.fromstring(result.stdout.encode("utf-8"))
    text = "".join(root.itertext())
    assert "a\\x00b\\x0c\\x1b" in text


def test_xml_safe_keeps_what_xml_allows():
    """Tabs, newlines and every allowed character are kept; NUL and the like are escaped."""
    assert xml_safe("a\tb\nc\x00d\x08\uffff é") == "a\tb\nc\\x00d\\x08\\uffff é"


@pytest.mark.parametrize("fmt", ["json", "jsonl", "gitlab", "sarif", "junit", "github", "text"])
def test_a_file_name_that_is_not_utf8_never_makes_invalid_output(tmp_path, fmt):
    """A log named with bytes that are not UTF-8: every format's output is valid UTF-8, the name shown with \\xNN."""
    name = os.fsdecode(b"caf\xe9-\xff.jsonl")
    path = hostile_log(tmp_path, name, type="attack.airstrike", actor="sy-gov", target="opposition")
    result = cli("check", path, "-f", fmt)
    assert result.exit_code == 1, result.stderr
    result.stdout.encode("utf-8")
    shown = "caf\\xe9-\\xff.jsonl"
    if fmt in ("json", "jsonl", "gitlab"):
        documents = [json.loads(line) for line in result.stdout.splitlines()] if fmt == "jsonl" else [json.loads(result.stdout)]
        assert shown in json.dumps(documents, ensure_ascii=False).replace("\\\\", "\\")
    elif fmt == "sarif":
        assert json.loads(result.stdout)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("caf%5Cxe9-%5Cxff.jsonl")
    else:
        assert shown in result.stdout


def test_file_name_turns_undecodable_bytes_into_text():
    """file_name() leaves a UTF-8 name alone and shows other bytes as \\xNN."""
    assert file_name("é.jsonl") == "é.jsonl"
    assert file_name(os.fsdecode(b"\xff.jsonl")) == "\\xff.jsonl"
    assert printable(os.fsdecode(b"\xff.jsonl")) == "\\xff.jsonl"  # the same on stderr
