"""The replay's progress: a heading per step, notes under it and a bar per loop, drawn by rich.

On a terminal the bar moves in place (done/total, what, time taken) and stays when done;
elsewhere (a pipe, a file, CI logs) rich draws nothing while it runs and prints the finished bar
once, as one line without control codes: ``━━━━ 40/40 applications 0:00:03``."""
import sys

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
from rich.progress import Progress as Bars


class Progress:
    def __init__(self, out=None):
        self.out = out or sys.stdout
        self.console = Console(file=self.out, highlight=False, emoji=False, markup=False)
        self.tty = self.console.is_terminal
        self.number = 0
        self._bars = None

    def _print(self, text):
        self.console.print(text, soft_wrap=True)  # a long note is one line in a log, not cut at 80 columns

    def step(self, title):
        self.number += 1
        self._print(f"\n{self.number:>2}. {title}")

    def note(self, text):
        self._print(f"    {text}")

    def bar(self, items, what):
        """Yield ``items``, one bar's step each."""
        items = list(items)
        self._bars = Bars(TextColumn("   "), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"),
                          TimeElapsedColumn(), console=self.console)
        with self._bars as bars:
            task = bars.add_task(what, total=len(items))
            for item in items:
                yield item
                bars.advance(task)
        self._bars = None

    def close(self):
        """Stop a bar left running (the replay stopped inside its loop), so what follows prints clean."""
        if self._bars is not None:
            self._bars.stop()
            self._bars = None
