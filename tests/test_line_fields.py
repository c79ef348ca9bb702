"""A log line's own fields: what makes a header, ids kept as given, every text field checked, tolls and their sum."""

from __future__ import annotations

import pytest
from conftest import HEADER, attack

from ceasefire import LogError, check

NO_AGREEMENT = "<events>:1: no agreement named: begin the log with a header such as"


@pytest.mark.parametrize("first", [{"agreement": "syria-2016", "type": "statement"}, {"agreement": "syria-2016", "date": "2016-09-13"}],
                         ids=["with-a-type", "with-a-date"])
def test_a_first_line_with_a_type_or_a_date_is_an_event_not_a_header(first):
    """A line naming an agreement is a header only without type and date; otherwise no agreement is named."""
    with pytest.raises(LogError) as caught:
        check([first])
    assert str(caught.value).startswith(NO_AGREEMENT)


def test_an_empty_id_is_refused():
    """id = "" is no id."""
    with pytest.raises(LogError) as caught:
        check([HEADER, attack("2016-09-13T10:00:00+03:00", id="")])
    assert str(caught.value) == '<events>:2: id must be a non-empty string, got ""'


def test_each_of_six_text_fields_is_checked_when_all_are_given():
    """Actor, target, claimed_target, location and source given and sound, note empty: the note is refused."""
    row = attack("2016-09-13T10:00:00+03:00", claimed_target="isil", location="Aleppo", source="SOHR", note="")
    with pytest.raises(LogError) as caught:
        check([HEADER, row])
    assert str(caught.value) == '<events>:2: note must be a non-empty string, got ""'


@pytest.mark.parametrize("fields, event_id", [({"id": "x1"}, "x1"), ({"id": 7, "target": "Zoé"}, 7)], ids=["plain", "number-beside-text"])
def test_an_id_is_kept_as_given(fields, event_id):
    """A string id, or a number beside a text that is not ASCII: the breach carries it unchanged."""
    (breach,) = check([HEADER, attack("2016-09-13T10:00:00+03:00", **fields)]).breaches
    assert breach.event_id == event_id


@pytest.mark.parametrize(
    "tolls, casualties",
    [({"casualties": 5, "killed": 2}, 5), ({"injured": 3}, 3), ({"killed": 2}, 2), ({"count": 3}, None)],
    ids=["casualties-win", "injured-alone", "killed-alone", "no-toll"],
)
def test_casualties_are_the_sum_of_the_tolls_only_when_not_given(tolls, casualties):
    """Casualties given stay; otherwise they are killed plus injured, and with neither there are none."""
    (breach,) = check([HEADER, attack("2016-09-13T10:00:00+03:00", **tolls)]).breaches
    assert breach.casualties == casualties
