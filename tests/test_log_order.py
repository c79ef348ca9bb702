"""Date order in a log: which earlier line an out-of-order event is measured against, and how that line's date is shown."""

from __future__ import annotations

import pytest
from conftest import HEADER, event

from ceasefire import LogError, check, load_agreement
from ceasefire.events import EventParser

ORDER = "the log must be in date order (pass --sort to sort it)"


def refusal(*rows) -> str:
    """The LogError a Syria log of these rows gets."""
    with pytest.raises(LogError) as caught:
        check([HEADER, *rows])
    return str(caught.value)


def test_an_earlier_bare_date_shows_the_day_it_came_after():
    """After a statement dated only the 14th, one at 10:00 on the 13th is out of order, measured against '2016-09-14'."""
    assert refusal(event("2016-09-14", "statement"), event("2016-09-13T10:00:00+03:00", "statement")) == (
        f"<events>:3: event dated 2016-09-13T10:00:00+03:00 is earlier than line 2 (2016-09-14): {ORDER}")


def test_the_first_of_two_events_at_the_same_instant_is_the_one_named():
    """Lines 2 and 3 share an instant; line 4, earlier, is measured against line 2."""
    rows = [event("2016-09-14T10:00:00+03:00", "statement"), event("2016-09-14T10:00:00+03:00", "statement"),
            event("2016-09-13T10:00:00+03:00", "statement")]
    assert refusal(*rows) == f"<events>:4: event dated 2016-09-13T10:00:00+03:00 is earlier than line 2 (2016-09-14T10:00:00+03:00): {ORDER}"


def test_events_with_no_line_number_are_measured_against_the_previous_event():
    """A parser fed events without line numbers says 'the previous event', not 'line None'."""
    parser = EventParser(load_agreement("syria-2016"))
    parser.parse(event("2016-09-14T10:00:00+03:00", "statement"), None)
    with pytest.raises(LogError) as caught:
        parser.parse(event("2016-09-13T10:00:00+03:00", "statement"), None)
    assert caught.value.line is None
    assert caught.value.message == f"event dated 2016-09-13T10:00:00+03:00 is earlier than the previous event (2016-09-14T10:00:00+03:00): {ORDER}"


@pytest.mark.parametrize("sign", [-1, 1], ids=["negative", "positive"])
def test_an_id_too_long_to_print_is_refused(sign):
    """An id of (minus) ten to the 4300th is no whole number of at most 4300 digits."""
    assert refusal(event("2016-09-14T10:00:00+03:00", "statement", id=sign * 10**4300)) == (
        "<events>:2: id must be a string or a whole number of at most 4300 digits, got a number of more than 4300 digits")
