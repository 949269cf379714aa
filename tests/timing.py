"""What a test may say about time on a shared, noisy machine: that a call does not hang, and how its time grows.

No test asserts how long something takes: another process on the machine can make anything slower, and a red run
blocks everyone. Figures belong in bench/. What timing tests protect is kept in forms that noise cannot break:

- `no_hang` bounds one call by HANG_LIMIT, hundreds of times what any input here takes on a loaded machine: only a
  hang (a loop that never ends, a regular expression backtracking exponentially) reaches it, and it is interrupted
  there instead of stalling the suite.
- `assert_linear` compares the same work at two sizes, in CPU time, which other processes do not add to: their
  ratio tells linear from quadratic growth on a loaded machine as on a quiet one.
"""
import signal
import time
from contextlib import contextmanager

HANG_LIMIT = 60.0  # seconds; every call these tests bound takes milliseconds, or a few seconds for a 10 MB page
GROWTH = 16  # the larger input is this many times the smaller one
# Linear work grows by GROWTH, quadratic by GROWTH**2; the bound is their geometric middle, which leaves either side a
# factor of four. The machine needs room: the time per byte of one and the same linear parser changes by up to 2.5x
# with the size of its input (measured here, 640 KB to 10 MB), as a larger input outgrows the caches, or the
# allocator hands it fresh pages where a smaller one reused freed memory.
LINEAR_BOUND = GROWTH**1.5
REPEATS = 2  # timings per size; the smallest is the one compared, as noise only ever adds time
BATCH = 0.05  # CPU seconds: a timing repeats the call until it has taken this long
ATTEMPTS = 3  # measurements of the ratio before a test fails on it


class Hang(AssertionError):
    pass


@contextmanager
def hang_guard(what: str, limit: float = HANG_LIMIT):
    """Raise Hang in the block when it runs past `limit` seconds (SIGALRM: the main thread only, as tests run)."""

    def interrupt(signum, frame):
        raise Hang(f"{what} ran past {limit:.0f} s: it hangs")

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, limit)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def no_hang(function, *args, **kwargs):
    """`function(*args, **kwargs)`, failing the test when it runs past HANG_LIMIT seconds."""
    with hang_guard(getattr(function, "__qualname__", repr(function))):
        return function(*args, **kwargs)


def _timed(function, argument):
    """CPU seconds per call of `function(argument)`, over calls that fill BATCH CPU seconds at least (one timing of a
    call of a millisecond is mostly the clock and the caches), and what the last call gave."""
    calls, started = 0, time.process_time()
    while True:
        result = no_hang(function, argument)
        calls += 1
        elapsed = time.process_time() - started
        if elapsed >= BATCH:
            return elapsed / calls, result


def _growth(function, small, large):
    """The ratio of the two inputs' smallest timings, each size timed REPEATS times in turn, with those timings."""
    timings = {"small": [], "large": []}
    for _ in range(REPEATS):
        for size, argument in (("small", small), ("large", large)):
            seconds, result = _timed(function, argument)
            timings[size].append(seconds)
    fastest = {size: min(seconds) for size, seconds in timings.items()}
    return fastest["large"] / max(fastest["small"], 1e-9), fastest, result


def assert_linear(function, inputs, *, what: str = ""):
    """Assert that `function` takes time linear in its input's size, and return what it gave for the larger input.

    `inputs(factor)` builds the input at `factor` times a base size; factors 1 and GROWTH are asked for. Time is the
    process's CPU time, which other processes do not add to; a ratio past the bound is measured again, up to ATTEMPTS
    times, and fails only if it is past the bound every time."""
    small, large = inputs(1), inputs(GROWTH)
    for _ in range(ATTEMPTS):
        ratio, fastest, result = _growth(function, small, large)
        if ratio <= LINEAR_BOUND:
            return result
    name = what or getattr(function, "__qualname__", repr(function))
    raise AssertionError(
        f"{name}: {GROWTH}x the input took {ratio:.1f}x the time ({fastest['small']:.4f} s, then "
        f"{fastest['large']:.4f} s, {ATTEMPTS} times): linear is {GROWTH}x, quadratic {GROWTH**2}x"
    )
