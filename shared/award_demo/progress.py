"""Plain-text progress: a heading per step and a bar per loop, ``[#####.....] 20/40 applications``.
On a terminal the bar is redrawn in place; elsewhere (logs, CI) only the finished bar is printed."""
import sys


class Progress:
    def __init__(self, out=None, width=20):
        self.out, self.width = out or sys.stdout, width
        self.tty = hasattr(self.out, "isatty") and self.out.isatty()
        self.number = 0

    def step(self, title):
        self.number += 1
        print(f"\n{self.number:>2}. {title}", file=self.out, flush=True)

    def note(self, text):
        print(f"    {text}", file=self.out, flush=True)

    def bar(self, items, what):
        items = list(items)
        total = len(items)
        for done, item in enumerate(items, start=1):
            yield item
            if self.tty:
                print("\r" + self._bar(done, total, what), end="", file=self.out, flush=True)
        if self.tty:
            print(file=self.out, flush=True)
        else:
            print(self._bar(total, total, what), file=self.out, flush=True)

    def _bar(self, done, total, what):
        filled = self.width * done // total if total else self.width
        return f"    [{'#' * filled}{'.' * (self.width - filled)}] {done}/{total} {what}"
