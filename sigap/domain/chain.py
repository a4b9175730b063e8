"""Communication-chain maths: per-link acknowledgement rates, medians, silent links, slowest paths.

A link is (parent unit code, child unit code): the head of the parent relays to the head of the child. Times are
minutes from the moment a message was sent to a recipient until they acknowledged it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from statistics import median

Link = tuple[str, str]


@dataclass(frozen=True)
class Sample:
    """One delivery on one link."""

    link: Link
    sent_at: datetime
    acknowledged_at: datetime | None
    overdue: bool  # unacknowledged past the escalation limit


@dataclass(frozen=True)
class LinkStats:
    link: Link
    sent: int
    acknowledged: int
    overdue: int
    median_minutes: float | None

    @property
    def rate(self) -> float:
        return self.acknowledged / self.sent if self.sent else 0.0

    @property
    def silent(self) -> bool:
        """Nobody on this link acknowledged anything, and at least one message is past its limit."""
        return self.acknowledged == 0 and self.overdue > 0


def minutes_between(start: datetime, end: datetime) -> float:
    return max((end - start).total_seconds(), 0.0) / 60.0


def link_stats(samples: Iterable[Sample]) -> list[LinkStats]:
    """Stats per link, the worst first (lowest rate, then slowest median)."""
    grouped: dict[Link, list[Sample]] = defaultdict(list)
    for sample in samples:
        grouped[sample.link].append(sample)
    stats = []
    for link, items in grouped.items():
        times = [minutes_between(s.sent_at, s.acknowledged_at) for s in items if s.acknowledged_at is not None]
        stats.append(
            LinkStats(
                link=link,
                sent=len(items),
                acknowledged=len(times),
                overdue=sum(1 for s in items if s.acknowledged_at is None and s.overdue),
                median_minutes=median(times) if times else None,
            )
        )
    return sorted(stats, key=lambda s: (s.rate, -(s.median_minutes or 0.0), s.link))


def silent_links(stats: Iterable[LinkStats]) -> list[Link]:
    return [s.link for s in stats if s.silent]


@dataclass(frozen=True)
class PathTime:
    path: tuple[str, ...]  # unit codes from the top down to the leaf
    minutes: float
    complete: bool  # every link on the path has a median (someone acknowledged)


def slowest_paths(stats: Iterable[LinkStats], *, limit: int = 5) -> list[PathTime]:
    """Sum the links' median times along every root-to-leaf path; the slowest first.

    A path through a link with no acknowledgement at all is incomplete and ranks above every complete one: a
    message that never arrives is the slowest possible.
    """
    medians: dict[Link, float | None] = {s.link: s.median_minutes for s in stats}
    children: Mapping[str, list[str]] = _children(medians)
    paths: list[PathTime] = []

    def walk(node: str, trail: tuple[str, ...], total: float, complete: bool) -> None:
        below = children.get(node, [])
        if not below and len(trail) > 1:
            paths.append(PathTime(path=trail, minutes=total, complete=complete))
        for child in below:
            if child in trail:
                continue
            value = medians[(node, child)]
            walk(child, (*trail, child), total + (value or 0.0), complete and value is not None)

    child_codes = {child for _parent, child in medians}
    for root in sorted({parent for parent, _child in medians} - child_codes):
        walk(root, (root,), 0.0, True)
    return sorted(paths, key=lambda p: (p.complete, -p.minutes, p.path))[:limit]


def _children(medians: Mapping[Link, float | None]) -> dict[str, list[str]]:
    children: dict[str, list[str]] = defaultdict(list)
    for parent, child in sorted(medians):
        children[parent].append(child)
    return children


def end_to_end_minutes(started_at: datetime, acknowledged: Iterable[datetime | None]) -> float | None:
    """How long until the last recipient acknowledged; None while anyone is still silent."""
    moments = list(acknowledged)
    if not moments or any(moment is None for moment in moments):
        return None
    return minutes_between(started_at, max(m for m in moments if m is not None))
