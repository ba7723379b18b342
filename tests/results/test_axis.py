"""A trend's axis spans its figures and their intervals, so a change of a few points shows;
it never goes past 0–100 and never narrows to where noise looks like change."""

from app.results.axis import axis_for


def test_the_axis_spans_the_figures_and_intervals_in_steps_that_read_easily() -> None:
    axis = axis_for([62.9, 52.9, 73.0, 44.1, 29.4, 58.7])
    assert (axis.low, axis.high) == (20, 80)
    assert axis.ticks == [20, 30, 40, 50, 60, 70, 80]
    assert axis.y(20, top=30, bottom=260) == 260 and axis.y(80, top=30, bottom=260) == 30
    assert axis_for([45.3, 88.0]).ticks == [40, 50, 60, 70, 80, 90]  # both ends on a line


def test_the_axis_stays_within_the_scale_and_is_never_narrower_than_twenty_points() -> None:
    assert (axis_for([98.0, 99.5]).low, axis_for([98.0, 99.5]).high) == (80, 100)
    assert (axis_for([0.5, 3.0]).low, axis_for([0.5, 3.0]).high) == (0, 20)
    middle = axis_for([61.0, 62.0])
    assert (middle.low, middle.high) == (50, 70)
    assert axis_for([]).low == 0 and axis_for([]).high == 100  # nothing to show: the scale
