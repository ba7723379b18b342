"""A progress bar on standard error for long command-line jobs."""

import sys


def progress(done: int, total: int, width: int = 30) -> None:
    """Redraw the bar; a log file (not a terminal) gets the finished bar only."""
    if total <= 0 or (not sys.stderr.isatty() and done < total):
        return
    filled = width * min(done, total) // total
    bar = "#" * filled + "." * (width - filled)
    print(f"\r[{bar}] {done}/{total}", end="", file=sys.stderr, flush=True)
    if done >= total:
        print(file=sys.stderr)
