"""Heads are appointed through one action, from the admin or a CSV import that is all or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from sigap.chain.actions import appoint_head, register_resident
from sigap.chain.models import HeadAppointment
from sigap.core.errors import Forbidden, InvalidInput
from sigap.organization.access import heads_of
from sigap.organization.models import Position, Unit
from tests.integration.chain_helpers import MONDAY_9, WAJO

pytestmark = pytest.mark.django_db


def write_csv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "heads.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_appointing_a_head_gives_a_position_a_profile_and_a_record() -> None:
    unit = Unit.objects.get(code=f"{WAJO}/RW002/RT001")

    position = appoint_head(unit=unit, name="La Ode Baru", phone="0812 3000 0001", now=MONDAY_9)

    assert position.role == "ketua_rt" and position.is_head
    assert position.person.profile.phone == "+6281230000001"
    assert HeadAppointment.objects.filter(unit=unit, person=position.person).exists()


def test_a_new_head_replaces_the_previous_one() -> None:
    unit = Unit.objects.get(code=f"{WAJO}/RW001/RT001")

    position = appoint_head(unit=unit, name="Pengganti", phone="081230000002", now=MONDAY_9)

    assert [p.person_id for p in heads_of(unit)] == [position.person_id]


def test_the_same_phone_is_the_same_person() -> None:
    first = appoint_head(unit=Unit.objects.get(code=f"{WAJO}/RW002"), name="Ibu RW", phone="081230000003")
    second = appoint_head(unit=Unit.objects.get(code=f"{WAJO}/RW003"), name="Ibu RW", phone="+6281230000003")

    assert first.person_id == second.person_id


def test_a_head_needs_a_whatsapp_identity() -> None:
    with pytest.raises(InvalidInput) as refused:
        appoint_head(unit=Unit.objects.get(code=f"{WAJO}/RW002"), name="Tanpa HP", phone="")
    assert refused.value.field == "phone"


def test_heads_are_only_for_territorial_units() -> None:
    with pytest.raises(InvalidInput):
        appoint_head(unit=Unit.objects.get(code="pupr"), name="X", phone="081230000004")


def test_a_ketua_rt_may_not_appoint_the_rw_head(user) -> None:
    with pytest.raises(Forbidden):
        appoint_head(unit=Unit.objects.get(code=f"{WAJO}/RW001"), name="X", phone="081230000005",
                     by=user("rt.wajo.01.01"))


def test_csv_import_appoints_every_row(tmp_path) -> None:
    path = write_csv(tmp_path, "unit_code,name,phone,whatsapp_user_id\n"
                               f"{WAJO}/RW002,Ketua RW 2,081240000001,\n"
                               f"{WAJO}/RW002/RT001,Ketua RT 2.1,,ID.123456\n")

    call_command("import_heads", str(path))

    assert heads_of(Unit.objects.get(code=f"{WAJO}/RW002")).get().person.first_name == "Ketua RW 2"
    assert heads_of(Unit.objects.get(code=f"{WAJO}/RW002/RT001")).get().person.profile.whatsapp_user_id == \
        "ID.123456"


def test_csv_with_a_bad_row_names_the_line_and_imports_nothing(tmp_path, capsys) -> None:
    before = Position.objects.count()
    path = write_csv(tmp_path, "unit_code,name,phone\n"
                               f"{WAJO}/RW002,Ketua RW 2,081240000001\n"
                               f"{WAJO}/RW002/RT001,Ketua RT,not-a-phone\n"
                               "99.99.99/RW001,Nobody,081240000003\n"
                               f"{WAJO}/RW003,,081240000004\n")

    with translation.override("en"), pytest.raises(CommandError, match="3 bad row"):
        call_command("import_heads", str(path))

    errors = capsys.readouterr().err
    assert "line 3: phone" in errors
    assert "line 4: unit_code" in errors and "Unknown unit" in errors
    assert "line 5: name" in errors
    assert Position.objects.count() == before


def test_csv_without_the_required_columns_is_refused(tmp_path) -> None:
    with pytest.raises(CommandError, match="missing column"):
        call_command("import_heads", str(write_csv(tmp_path, "code,name\nx,y\n")))


def test_csv_naming_a_unit_twice_is_refused(tmp_path) -> None:
    path = write_csv(tmp_path, f"unit_code,name,phone\n{WAJO}/RW002,A,081240000001\n{WAJO}/RW002,B,081240000002\n")

    with pytest.raises(CommandError):
        call_command("import_heads", str(path))


def test_a_resident_registers_to_one_rt(user) -> None:
    resident = user("petugas.dlh")
    register_resident(person=resident, rt=Unit.objects.get(code=f"{WAJO}/RW001/RT001"))
    register_resident(person=resident, rt=Unit.objects.get(code=f"{WAJO}/RW001/RT002"))

    active = Position.objects.filter(person=resident, role="warga", is_active=True)
    assert [p.unit.code for p in active] == [f"{WAJO}/RW001/RT002"]


def test_a_resident_can_only_register_to_an_rt(user) -> None:
    with pytest.raises(InvalidInput):
        register_resident(person=user("petugas.dlh"), rt=Unit.objects.get(code=f"{WAJO}/RW001"))


def test_the_admin_appoints_a_head_through_the_action(client, user) -> None:
    client.force_login(user("admin"))
    unit = Unit.objects.get(code=f"{WAJO}/RW002")

    response = client.post("/admin/chain/headappointment/add/",
                           {"unit": unit.pk, "name": "Ketua RW Admin", "phone": "081250000001",
                            "whatsapp_user_id": ""})

    assert response.status_code == 302
    assert heads_of(unit).get().person.profile.phone == "+6281250000001"
    assert HeadAppointment.objects.filter(unit=unit, source="admin").count() == 1


def test_the_admin_chain_pages_render(client, user) -> None:
    client.force_login(user("admin"))

    for path in ("/admin/chain/headappointment/", "/admin/chain/headappointment/add/",
                 "/admin/chain/announcement/", "/admin/chain/chainpolicy/"):
        assert client.get(path).status_code == 200, path


def test_the_admin_form_refuses_a_bad_phone_and_appoints_nobody(client, user) -> None:
    client.force_login(user("admin"))
    unit = Unit.objects.get(code=f"{WAJO}/RW002")

    response = client.post("/admin/chain/headappointment/add/",
                           {"unit": unit.pk, "name": "X", "phone": "12", "whatsapp_user_id": ""})

    assert response.status_code == 200
    assert "phone" in response.context["adminform"].form.errors
    assert not HeadAppointment.objects.filter(unit=unit).exists()
