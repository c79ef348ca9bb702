"""``Fading``: which breaches fall in the last span of fragility for sure, told from their shown dates alone."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from ceasefire.fading import Fading

LAST = "2016-09-13T10:00:00+03:00"


def _fading(span: timedelta) -> Fading:
    fading = Fading(span, datetime.fromisoformat)
    fading.counted(LAST, True)
    return fading


@pytest.mark.parametrize(("date", "within"), [
    ("2016-09-13T10:00:00+03:00", True),  # the same moment
    ("2016-09-13T23:59:59+03:00", True),  # later that local day
    ("2016-09-13T09:59:59+03:00", False),  # earlier
    ("2016-09-14T00:00:00+03:00", False),  # the next day
    ("2016-09-13T10:30:00+05:00", False),  # the same local day in another offset (an earlier instant)
    ("2016-09-13T11:00:00+03:30", False),  # another offset, later
    ("2016-09-13T11:00:00.5+03:00", False),  # not to the second
    ("2016-09-13T11:00:00Z", False),  # no offset of the same form
])
def test_a_breach_is_within_the_last_span_only_on_its_local_day_offset_and_after(date, within):
    """A breach is surely in the last span only when shown on its local day, in its offset, to the second, and no earlier."""
    # With a span of a day or more: shown on the same local day, in the same offset, to the second and no earlier than the last
    # one counted; then it is the last one, whose end is pending.
    fading = _fading(timedelta(days=2))
    assert fading.within(date) is within
    assert (fading.last, fading.pending) == ((date, date) if within else (LAST, None))


def test_a_span_under_a_day_keeps_to_the_hour_and_none_shorter_than_an_hour_is_quick():
    """A span of hours holds breaches of the same local hour only; a span under an hour never says yes."""
    hours = _fading(timedelta(hours=6))
    assert hours.within("2016-09-13T10:59:00+03:00")
    assert not hours.within("2016-09-13T11:00:00+03:00")
    minutes = _fading(timedelta(minutes=30))
    assert minutes.last is None and not minutes.within(LAST)


def test_a_breach_counted_the_long_way_moves_the_day_it_is_judged_by():
    """After a breach of another day is counted the long way, breaches are judged by its day and offset."""
    fading = _fading(timedelta(days=1))
    fading.counted("2016-09-15T08:00:00+02:00", True)
    assert fading.within("2016-09-15T09:00:00+02:00")
    assert not fading.within("2016-09-13T12:00:00+03:00")
    fading.counted("2016-09-16T08:00:00+02:00", False)  # not in the last span: nothing is quick until one is
    assert not fading.within("2016-09-16T09:00:00+02:00")


T0 = datetime.fromisoformat("2016-09-13T10:00:00+03:00")


def _h(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


class _Breach:
    def __init__(self, date: str) -> None:
        self.date = date


def test_a_breach_told_late_lengthens_the_span_it_falls_in_and_joins_the_next_it_reaches():
    """A breach told late lengthens the span it falls in, joins the next one it reaches, or begins one of its own first."""
    # A timer's breach told late, inside an earlier span (or at its very end), makes that span last longer; once it reaches the
    # next span the two are one; before every span it begins one of its own, first.
    from ceasefire.fading import spread

    spans: list[list[object]] = [[_h(0), "b0", _h(72)], [_h(100), "b1", _h(172)]]
    assert spread(spans, _h(10), "late", _h(82)) is False
    assert spans == [[_h(0), "b0", _h(82)], [_h(100), "b1", _h(172)]]
    assert spread(spans, _h(82), "at its end", _h(90)) is False  # at the very end of the span: still in it
    assert spans == [[_h(0), "b0", _h(90)], [_h(100), "b1", _h(172)]]
    assert spread(spans, _h(30), "later", _h(102)) is False  # now reaching the next span: one span
    assert spans == [[_h(0), "b0", _h(172)]]
    assert spread(spans, _h(-80), "first", _h(-8)) is False  # before every span, not reaching the first
    assert spans == [[_h(-80), "first", _h(-8)], [_h(0), "b0", _h(172)]]
    assert spread(spans, _h(172), "last", _h(244)) is True  # at the last span's end: in it, as most breaches are
    assert spans[-1] == [_h(0), "b0", _h(244)]
    spans = [[_h(0), "b0", _h(72)], [_h(100), "b1", _h(172)], [_h(200), "b2", _h(272)]]
    assert spread(spans, _h(80), "between", _h(90)) is False  # after one span, before the next: a span of its own
    assert spread(spans, _h(100), "at a start", _h(150)) is False  # at an earlier span's very start: in it, which keeps its breach
    assert spans == [[_h(0), "b0", _h(72)], [_h(80), "between", _h(90)], [_h(100), "b1", _h(172)], [_h(200), "b2", _h(272)]]
    spans = [[_h(0), "b0", _h(72)], [_h(100), "b1", _h(172)], [_h(200), "b2", _h(272)]]
    assert spread(spans, _h(80), "up to the next", _h(100)) is False  # ending just as the next begins: one span with it
    assert spans == [[_h(0), "b0", _h(72)], [_h(80), "up to the next", _h(172)], [_h(200), "b2", _h(272)]]


def test_the_present_spell_begins_after_the_last_gap_between_spans():
    """The present fragile spell begins at the first span after the last gap, or at the fall it followed if no later."""
    # Spans that touch or overlap are one spell.
    from ceasefire.fading import first_spell

    faded = [[_h(0), _Breach("a"), _h(10)], [_h(5), _Breach("b"), _h(20)], [_h(20), _Breach("c"), _h(25)],
             [_h(30), _Breach("d"), _h(40)]]
    assert first_spell([], faded, None) == (_h(30), "d")
    assert first_spell([], faded[:3], None) == (_h(0), "a")  # touching at 20:00: one spell
    assert first_spell([[_h(26), "run", _h(29)]], faded[:3], None) == (_h(26), "run")
    assert first_spell([], faded, (_h(30), "fell")) == (_h(30), "fell")  # the fall at the very instant the spell began
    assert first_spell([], faded, (_h(29), "fell")) == (_h(30), "d")
    # spans are taken in the order of their instants, not of their shown dates (a date in another offset sorts elsewhere)
    wide, inside = [_h(0), _Breach("2016-09-13T10:00:00+03:00"), _h(10)], [_h(5), _Breach("2016-09-13T05:00:00-10:00"), _h(6)]
    assert first_spell([], [wide, inside], None) == (_h(0), "2016-09-13T10:00:00+03:00")
