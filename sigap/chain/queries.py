"""Chain health: per-link rates and medians, silent links, slowest paths, the last drill. Reads only."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sigap.chain.access import announcements_touching, deliveries_below
from sigap.chain.models import Announcement, Delivery
from sigap.domain.chain import LinkStats, PathTime, Sample, end_to_end_minutes, link_stats, slowest_paths
from sigap.organization.models import Unit


@dataclass(frozen=True)
class LinkRow:
    parent: str
    child: str
    stats: LinkStats


@dataclass(frozen=True)
class SilentRow:
    name: str
    unit: str
    parent: str
    title: str
    sent_at: datetime
    escalated: bool


@dataclass(frozen=True)
class DrillLink:
    parent: str
    child: str
    name: str
    sent_at: datetime
    minutes: float | None


@dataclass(frozen=True)
class DrillResult:
    announcement: Announcement
    recipients: int
    acknowledged: int
    end_to_end_minutes: float | None
    links: list[DrillLink]


@dataclass
class Health:
    root: Unit | None
    since: datetime
    until: datetime
    links: list[LinkRow] = field(default_factory=list)
    silent: list[SilentRow] = field(default_factory=list)
    slowest: list[tuple[list[str], PathTime]] = field(default_factory=list)
    drill: DrillResult | None = None
    sent: int = 0
    acknowledged: int = 0


def _names(codes: set[str]) -> dict[str, str]:
    return {unit.code: str(unit) for unit in Unit.objects.filter(code__in=codes)}


def _person(delivery: Delivery) -> str:
    return delivery.recipient.get_full_name() or delivery.recipient.get_username()


def chain_health(*, root: Unit | None, now: datetime, days: int = 30) -> Health:
    since = now - timedelta(days=days)
    deliveries = list(
        deliveries_below(root).filter(sent_at__gte=since, sent_at__lte=now, is_resident=False)
        .select_related("unit", "parent_unit", "recipient", "announcement")
    )
    samples = [
        Sample(link=(d.parent_unit.code, d.unit.code), sent_at=d.sent_at, acknowledged_at=d.acknowledged_at,
               overdue=d.acknowledged_at is None and d.escalate_at <= now)
        for d in deliveries
    ]
    stats = link_stats(samples)
    names = _names({code for s in stats for code in s.link})
    health = Health(root=root, since=since, until=now, sent=len(deliveries),
                    acknowledged=sum(1 for d in deliveries if d.acknowledged_at is not None))
    health.links = [LinkRow(parent=names.get(s.link[0], s.link[0]), child=names.get(s.link[1], s.link[1]), stats=s)
                    for s in stats]
    health.silent = [
        SilentRow(name=_person(d), unit=str(d.unit), parent=str(d.parent_unit), title=d.announcement.title,
                  sent_at=d.sent_at, escalated=d.escalated_at is not None)
        for d in deliveries if d.acknowledged_at is None and d.escalate_at <= now
    ]
    health.slowest = [([names.get(code, code) for code in path.path], path) for path in slowest_paths(stats)]
    health.drill = last_drill(root)
    return health


def last_drill(root: Unit | None) -> DrillResult | None:
    drill = announcements_touching(root).filter(is_drill=True).order_by("-created_at", "-pk").first()
    if drill is None:
        return None
    deliveries = list(deliveries_below(root).filter(announcement=drill, is_resident=False)
                      .select_related("unit", "parent_unit", "recipient").order_by("sent_at", "unit__path"))
    links = [
        DrillLink(parent=str(d.parent_unit), child=str(d.unit), name=_person(d), sent_at=d.sent_at,
                  minutes=(d.acknowledged_at - d.sent_at).total_seconds() / 60 if d.acknowledged_at else None)
        for d in deliveries
    ]
    return DrillResult(
        announcement=drill,
        recipients=len(deliveries),
        acknowledged=sum(1 for d in deliveries if d.acknowledged_at is not None),
        end_to_end_minutes=end_to_end_minutes(drill.created_at, [d.acknowledged_at for d in deliveries]),
        links=links,
    )
