"""Facts about units said once: the complaint desk is found by its kind, the territorial kinds and the pass-up chain
are one list each (sigap.organization)."""

from __future__ import annotations

import pytest

from sigap.organization.models import PASS_UP_KINDS, TERRITORIAL_KINDS, Unit, UnitKind
from sigap.organization.queries import complaint_desk

pytestmark = pytest.mark.django_db


def test_the_complaint_desk_is_found_by_its_kind_whatever_its_code() -> None:
    # given a city that codes its desk its own way
    Unit.objects.filter(kind=UnitKind.COMPLAINT_DESK).update(code="bagian-pengaduan")

    # when the desk is looked up, then it is that unit
    desk = complaint_desk()
    assert desk is not None and desk.code == "bagian-pengaduan"


def test_an_active_complaint_desk_wins_over_a_retired_one() -> None:
    # given the seeded desk retired and a new desk opened after it
    Unit.objects.filter(kind=UnitKind.COMPLAINT_DESK).update(is_active=False)
    new = Unit.objects.create(code="pengaduan-baru", name="Unit Pengaduan", kind=UnitKind.COMPLAINT_DESK)

    # when the desk is looked up, then it is the active one
    assert complaint_desk() == new


def test_a_city_without_a_complaint_desk_has_none() -> None:
    Unit.objects.filter(kind=UnitKind.COMPLAINT_DESK).update(kind=UnitKind.BIDANG)

    assert complaint_desk() is None


def test_a_report_is_passed_up_through_rt_rw_and_kelurahan_but_not_to_the_camat() -> None:
    chain = {UnitKind.RT, UnitKind.RW, UnitKind.KELURAHAN}

    assert (chain, chain | {UnitKind.KECAMATAN}) == (PASS_UP_KINDS, TERRITORIAL_KINDS)
