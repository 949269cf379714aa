"""The tests' one polling loop: wait for a condition, up to a timeout."""
import time


def wait_for(predicate, timeout: float = 60.0, interval: float = 0.2, message: str = "condition",
             error: type[Exception] | None = AssertionError):
    """Poll until predicate() is truthy and return its value; after `timeout` seconds raise `error` naming `message`,
    or with `error=None` return the last (falsy) value and let the caller go on.

    A predicate may raise to end the wait at once (a process it waits on has exited)."""
    deadline = time.monotonic() + timeout
    value = None
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    if error is None:
        return value
    raise error(f"timed out after {timeout} s waiting for {message}")
