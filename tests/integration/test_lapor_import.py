"""`manage.py lapor_import`: LAPOR! complaints become reports in the desk's queue once, all rows or none."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from sigap.lapor import files
from sigap.lapor.models import LaporCategory, LaporLink
from sigap.reports.models import Category, Report
from tests.integration.lapor_support import complaint, write_csv, write_xlsx

pytestmark = pytest.mark.django_db


def run(path: Path, *args: str) -> None:
    call_command("lapor_import", str(path), *args)


def test_a_complaint_becomes_a_report_in_the_desks_queue_with_its_lapor_id(tmp_path: Path, frozen_now) -> None:
    path = write_csv(tmp_path, [complaint("1234567")])

    run(path)

    link = LaporLink.objects.get(lapor_id="1234567")
    assert link.report.status == "received" and link.report.lead_unit is None
    assert link.report.title == "Jalan berlubang di Wajo"
    assert link.status_at_import == "Terdisposisi Belum Ditindaklanjuti"


def test_importing_the_same_file_twice_creates_nothing_new(tmp_path: Path, frozen_now, capsys) -> None:
    path = write_csv(tmp_path, [complaint("1111111"), complaint("2222222")])
    run(path)
    before = Report.objects.count()

    run(path)

    assert Report.objects.count() == before
    assert "imported 0 complaint(s), 2 already imported before" in capsys.readouterr().out


def test_the_reporters_identity_and_flags_are_kept_as_lapor_gave_them(tmp_path: Path, frozen_now) -> None:
    path = write_csv(tmp_path, [complaint("3333333", **{"Nama Pelapor": "Wa Ode Rahasia", "Anonim": "Tidak",
                                                        "Rahasia": "Ya", "Email": "rahasia@example.com"})])

    run(path)

    report = LaporLink.objects.get(lapor_id="3333333").report
    assert (report.reporter_name, report.reporter_phone, report.reporter_email) == (
        "Wa Ode Rahasia", "+6281234500077", "rahasia@example.com")
    assert report.rahasia and not report.anonim


def test_a_lapor_category_name_mapped_in_the_admin_finds_the_sigap_category(tmp_path: Path, frozen_now) -> None:
    LaporCategory.objects.update_or_create(category=Category.objects.get(code="drainase"),
                                           defaults={"lapor_name": "Banjir dan Drainase"})
    path = write_csv(tmp_path, [complaint("4444444", Kategori="banjir dan drainase")])

    run(path)

    assert LaporLink.objects.get(lapor_id="4444444").report.category.code == "drainase"


def test_a_bad_row_is_named_by_line_and_nothing_of_the_file_is_stored(tmp_path: Path, frozen_now, capsys) -> None:
    path = write_csv(tmp_path, [complaint("5555551"), complaint("5555552", Kategori="Tidak Ada"),
                                complaint("5555553", Status="Hampir Selesai")])

    with pytest.raises(CommandError, match="2 bad row"):
        run(path)

    errors = capsys.readouterr().err
    assert "line 3: category:" in errors and "line 4: status:" in errors
    assert not LaporLink.objects.exists()


def test_a_row_the_intake_refuses_is_named_by_line(tmp_path: Path, frozen_now, capsys) -> None:
    path = write_csv(tmp_path, [complaint("6666661", **{"Nomor Telepon": "", "Email": ""})])

    with pytest.raises(CommandError):
        run(path)

    assert "line 2: reporter:" in capsys.readouterr().err
    assert not Report.objects.filter(title="Jalan berlubang di Wajo").exists()


def test_a_file_without_the_expected_columns_is_refused_naming_them(tmp_path: Path, frozen_now) -> None:
    path = write_csv(tmp_path, [["1", "x"]], header=["No", "Judul"])

    with pytest.raises(CommandError, match=r"missing column.*Tracking ID.*Isi Laporan"):
        run(path)


def test_a_column_mapping_reads_a_file_with_other_headers(tmp_path: Path, frozen_now) -> None:
    header = ["No Tiket", "Judul", "Isi", "Kategori", "HP"]
    path = write_csv(tmp_path, [["7777777", "Sampah menumpuk", "Sampah tidak diangkut seminggu.", "sampah",
                                 "081234500078"]], header=header)

    run(path, "--columns", "lapor_id=No Tiket,title=Judul,description=Isi,reporter_phone=HP")

    assert LaporLink.objects.get(lapor_id="7777777").report.category.code == "sampah"


def test_a_column_mapping_naming_an_unknown_field_is_refused(tmp_path: Path) -> None:
    path = write_csv(tmp_path, [complaint()])

    with pytest.raises(CommandError, match=r"unknown field.*tiket"):
        run(path, "--columns", "tiket=No Tiket")


def test_the_same_lapor_id_twice_in_a_file_is_a_bad_row(tmp_path: Path, frozen_now, capsys) -> None:
    path = write_csv(tmp_path, [complaint("8888888"), complaint("8888888")])

    with pytest.raises(CommandError):
        run(path)

    assert "line 3: lapor_id: 8888888 already appears on line 2" in capsys.readouterr().err
    assert not LaporLink.objects.exists()


def test_a_file_with_too_many_rows_is_refused(tmp_path: Path, frozen_now, monkeypatch) -> None:
    monkeypatch.setattr(files, "MAX_ROWS", 2)
    path = write_csv(tmp_path, [complaint(str(n)) for n in range(1000, 1003)])

    with pytest.raises(CommandError, match="too many rows"):
        run(path)


def test_a_file_over_the_size_cap_is_refused_before_it_is_read(tmp_path: Path, monkeypatch) -> None:
    path = write_csv(tmp_path, [complaint()])
    monkeypatch.setattr("sigap.lapor.management.commands.lapor_import.MAX_BYTES", 10)

    with pytest.raises(CommandError, match="larger than"):
        run(path)


def test_formulas_in_cells_are_stored_as_text(tmp_path: Path, frozen_now) -> None:
    formula = '=HYPERLINK("http://evil.example","klik")'
    path = write_csv(tmp_path, [complaint("9999991", **{"Judul Laporan": formula})])

    run(path)

    assert LaporLink.objects.get(lapor_id="9999991").report.title == formula


def test_an_xlsx_formula_is_stored_as_its_text_not_its_value(tmp_path: Path, frozen_now) -> None:
    path = write_xlsx(tmp_path, [complaint("9999992", **{"Judul Laporan": "=1+1"})])

    run(path)

    assert LaporLink.objects.get(lapor_id="9999992").report.title == "=1+1"


def test_an_xlsx_file_imports_like_a_csv_one(tmp_path: Path, frozen_now) -> None:
    row: list[object] = list(complaint("9999993"))
    row[0] = 9999993  # a tracking number typed as a number in the spreadsheet
    path = write_xlsx(tmp_path, [row])

    run(path)

    assert LaporLink.objects.filter(lapor_id="9999993").exists()


def test_utf8_with_a_bom_is_read(tmp_path: Path, frozen_now) -> None:
    path = write_csv(tmp_path, [complaint("1010101", **{"Nama Pelapor": "Wa Ode Sitti Ṣalīḥ"})], encoding="utf-8-sig")

    run(path)

    assert LaporLink.objects.get(lapor_id="1010101").report.reporter_name == "Wa Ode Sitti Ṣalīḥ"


def test_a_latin1_file_is_refused_rather_than_guessed(tmp_path: Path, frozen_now) -> None:
    path = write_csv(tmp_path, [complaint("2020202", **{"Nama Pelapor": "José"})], encoding="latin-1")

    with pytest.raises(CommandError, match="not UTF-8"):
        run(path)
    assert not LaporLink.objects.exists()


def test_a_file_with_nul_bytes_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "nul.csv"
    path.write_bytes(b"Tracking ID,Judul\x00 Laporan\n1,x\n")

    with pytest.raises(CommandError, match="NUL"):
        run(path)


def test_a_nul_inside_an_xlsx_cell_is_refused_as_unreadable(tmp_path: Path, frozen_now) -> None:
    from openpyxl import load_workbook
    from openpyxl.cell import cell as openpyxl_cell

    path = write_xlsx(tmp_path, [complaint("3030303")])
    workbook = load_workbook(path)
    target = workbook.active["C2"]
    # openpyxl refuses to write a NUL itself; set the text past that check, as a hostile tool would.
    target._value = "Judul\x00berbahaya"
    target.data_type = openpyxl_cell.TYPE_STRING
    workbook.save(path)

    with pytest.raises(CommandError, match="not well-formed"):
        run(path)
    assert not LaporLink.objects.exists()


def test_a_control_character_in_a_csv_cell_is_a_bad_row(tmp_path: Path, frozen_now, capsys) -> None:
    path = write_csv(tmp_path, [complaint("4040404", **{"Judul Laporan": "Judul\x07berbunyi"})])

    with pytest.raises(CommandError):
        run(path)

    assert "line 2: title: holds a control character" in capsys.readouterr().err


def test_a_file_that_is_no_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"not a zip at all")

    with pytest.raises(CommandError, match="not a readable XLSX"):
        run(path)


def test_a_lapor_name_shared_by_two_categories_finds_the_first_in_sigaps_order(tmp_path: Path, frozen_now) -> None:
    # The demo city maps jalan_rusak, drainase and lampu_jalan (in that order) to "Infrastruktur".
    path = write_csv(tmp_path, [complaint("5050505", Kategori="Infrastruktur")])

    run(path)

    assert LaporLink.objects.get(lapor_id="5050505").report.category.code == "jalan_rusak"


def test_a_semicolon_csv_as_an_indonesian_excel_writes_it_is_read(tmp_path: Path, frozen_now) -> None:
    path = tmp_path / "titik-koma.csv"
    text = write_csv(tmp_path, [complaint("6060606", **{"Isi Laporan": "Lubang, besar, dalam, di Wajo."})]
                     ).read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")

    run(path)

    assert LaporLink.objects.get(lapor_id="6060606").report.description == "Lubang, besar, dalam, di Wajo."


def test_a_workbook_that_unpacks_past_the_cap_is_refused(tmp_path: Path, monkeypatch) -> None:
    path = write_xlsx(tmp_path, [complaint()])
    monkeypatch.setattr(files, "MAX_UNZIPPED_BYTES", 1000)

    with pytest.raises(CommandError, match="unpacks to more than"):
        run(path)
