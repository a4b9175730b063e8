"""Chain maths: per-link rates and medians, silent links, slowest paths, end-to-end time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sigap.domain.chain import Sample, end_to_end_minutes, link_stats, silent_links, slowest_paths

T0 = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)


def sample(parent: str, child: str, minutes: float | None, *, overdue: bool = False) -> Sample:
    acked = T0 + timedelta(minutes=minutes) if minutes is not None else None
    return Sample(link=(parent, child), sent_at=T0, acknowledged_at=acked, overdue=overdue)


def test_median_and_rate_per_link() -> None:
    [stats] = link_stats([sample("K", "RW1", 10), sample("K", "RW1", 30), sample("K", "RW1", 20),
                          sample("K", "RW1", None)])

    assert stats.median_minutes == 20
    assert stats.rate == 0.75


def test_a_link_is_silent_only_when_nobody_answered_and_the_limit_passed() -> None:
    stats = link_stats([sample("K", "RW1", None, overdue=True), sample("K", "RW2", None),
                        sample("K", "RW3", 5), sample("K", "RW3", None, overdue=True)])

    assert silent_links(stats) == [("K", "RW1")]


def test_the_worst_links_come_first() -> None:
    stats = link_stats([sample("K", "RW1", 5), sample("K", "RW2", 50), sample("K", "RW3", None, overdue=True)])

    assert [s.link[1] for s in stats] == ["RW3", "RW2", "RW1"]


def test_slowest_paths_sum_the_medians_down_to_each_leaf() -> None:
    stats = link_stats([sample("K", "RW1", 10), sample("RW1", "RT1", 5), sample("RW1", "RT2", 40),
                        sample("K", "RW2", 1), sample("RW2", "RT3", 2)])

    paths = slowest_paths(stats)

    assert [(p.path, p.minutes) for p in paths] == [
        (("K", "RW1", "RT2"), 50.0), (("K", "RW1", "RT1"), 15.0), (("K", "RW2", "RT3"), 3.0)]


def test_a_path_through_a_silent_link_ranks_slowest() -> None:
    stats = link_stats([sample("K", "RW1", 100), sample("K", "RW2", None, overdue=True)])

    assert slowest_paths(stats)[0].path == ("K", "RW2")
    assert slowest_paths(stats)[0].complete is False


def test_end_to_end_is_the_last_acknowledgement_or_none_while_anyone_is_silent() -> None:
    assert end_to_end_minutes(T0, [T0 + timedelta(minutes=3), T0 + timedelta(minutes=9)]) == 9
    assert end_to_end_minutes(T0, [T0 + timedelta(minutes=3), None]) is None
    assert end_to_end_minutes(T0, []) is None
