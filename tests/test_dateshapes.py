"""dates: a date's grammar read from its shape, and an hour's form, answer as the grammar's pattern does for any text."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from ceasefire import dates

_PIECES = st.lists(st.sampled_from(["2016", "-", "09", "1", "T", " ", ":", "00", ".", ",", "5", "Z", "+", "03", "٣", "x", "\udc80",
                                    "2016-09-17", "T14", ":00", "+03:00", "+0300", "-05", ":30"]), max_size=12).map("".join)


_VALID = st.sampled_from(["2016-09-17", "2016-09-17T14", "2016-09-17 14:00", "2016-09-17T14:00:00", "2016-09-17T14:00:00.123",
                          "2016-09-17T14:00:00,5Z", "2016-09-17T14Z", "2016-09-17T14:00:00+03", "2016-09-17T14:00:00+0300",
                          "2016-09-17T14:00:00-03:00", "2016-09-17T14:00:00+03:00:00", "2016-09-17T14:00+03:00"])
_NEAR = st.tuples(_VALID, st.lists(st.tuples(st.integers(0, 30), st.integers(0, 2), st.sampled_from("0-T :.,Z+x٣")), max_size=3)).map(
    lambda made: _changed(*made))


def _changed(text: str, edits: list[tuple[int, int, str]]) -> str:
    """``text`` with each edit: at a place, a character put in (0), put in its place (1) or taken out (2)."""
    for at, how, char in edits:
        at = min(at, len(text))
        text = text[:at] + char + text[at:] if how == 0 else text[:at] + char + text[at + 1:] if how == 1 else text[:at] + text[at + 1:]
    return text


def _shape(text: str) -> bytes:
    """The shape ``parse_when`` reads a date's grammar from (empty for text UTF-8 cannot hold)."""
    try:
        return text.encode().translate(dates._SHAPE)
    except UnicodeEncodeError:
        return b""


@settings(max_examples=3000)
@given(st.one_of(_NEAR, _PIECES, st.text(max_size=30)))
@example("2016-09-17")
@example("2016-09-17T14")
@example("2016-09-17 14:00:00.123456+03:00:00")
@example("2016-09-17T14:00,5Z")
@example("2016-09-17Z")
@example("2016-09-17T14:00:00+03:")
@example("2016-09-17T14:00:00.")
@example("2016-09-17T14+0300")
@example("2016-09-17T14:00:00+03:00:0")
@example("2016-09-17T14:00:00.Z")
@example("2016-09-17T14:00:00+03:00:0Z")
@example("2016-09-17T1")
@example("٢٠١٦-09-17")
def test_a_shape_is_in_the_grammar_when_its_date_matches_the_pattern(text):
    """``_in_grammar`` of a text's shape is exactly ``re.fullmatch(DATE_GRAMMAR, text)``: every part, optional or not."""
    assert dates._in_grammar(_shape(text)) == (re.fullmatch(dates.DATE_GRAMMAR, text) is not None)


@settings(max_examples=2000)
@given(st.one_of(_NEAR.map(lambda text: text[:13]), _NEAR, _PIECES.map(lambda text: text[:13]), st.text(max_size=14)))
@example("2016-09-17T14")
@example("2016-09-17 14")
@example("2016-09-17T1٤")
@example("2016-09-17T145")
def test_an_hour_has_its_form_when_it_matches_the_pattern(text):
    """The hour ``learn_instant`` learns has the form ``YYYY-MM-DDTHH`` in ASCII digits exactly when the pattern says so."""
    assert dates._is_hour(text) == (re.fullmatch("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}", text) is not None)
