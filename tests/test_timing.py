"""The timing helpers the other tests rely on tell linear from quadratic work, and stop a call that hangs."""
import pytest

from tests.timing import GROWTH, Hang, assert_linear, hang_guard, no_hang


def _count_repeats(items: list) -> int:
    """Quadratic on distinct items: each is looked for from the start of the list."""
    return sum(items.index(item) for item in items)


def test_quadratic_work_is_told_from_linear():
    with pytest.raises(AssertionError, match=rf"_count_repeats: {GROWTH}x the input took \d+\.\dx the time"):
        assert_linear(_count_repeats, lambda factor: list(range(200 * factor)))


def test_linear_work_passes_and_gives_what_it_returned_for_the_larger_input():
    assert assert_linear(sum, lambda factor: list(range(10_000 * factor))) == sum(range(10_000 * GROWTH))


def test_a_call_that_never_returns_is_interrupted():
    def spin():
        while True:
            pass

    with pytest.raises(Hang, match="spin ran past 0 s: it hangs"):
        with hang_guard("spin", limit=0.2):
            spin()


def test_a_call_that_returns_is_left_alone():
    assert no_hang(sorted, [3, 1, 2]) == [1, 2, 3]
