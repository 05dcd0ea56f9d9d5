"""Issue 32, item 12: the demo's progress is drawn by a library (rich), not by hand: on a
terminal the bar moves in place; in a pipe or a CI log each loop leaves one plain line."""
import io

from award_demo.progress import Progress


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_in_a_log_each_loop_leaves_one_plain_line_and_long_notes_are_not_cut():
    out = io.StringIO()
    progress = Progress(out)
    progress.step("The agency engages experts")
    assert list(progress.bar(["a", "b", "c"], "experts")) == ["a", "b", "c"]
    progress.note("x" * 150)
    lines = out.getvalue().splitlines()
    assert lines[:2] == ["", " 1. The agency engages experts"]
    [bar] = [line for line in lines if "experts" in line and "engages" not in line]
    assert "━" in bar and bar.rstrip().split()[-3:-1] == ["3/3", "experts"]
    assert "    " + "x" * 150 in lines
    assert "\x1b" not in out.getvalue() and "\r" not in out.getvalue()


def test_on_a_terminal_the_bar_is_rich_s_and_moves_in_place():
    out = Terminal()
    progress = Progress(out)
    assert progress.tty
    for _ in progress.bar(range(5), "score sheets"):
        pass
    drawn = out.getvalue()
    assert "\x1b[" in drawn and "━" in drawn and "5/5" in drawn and "score sheets" in drawn


def test_a_bar_left_running_by_a_failure_is_stopped():
    out = Terminal()
    progress = Progress(out)
    bar = progress.bar(range(5), "applications")
    next(bar)  # the replay stops inside the loop
    progress.close()
    assert progress._bars is None
