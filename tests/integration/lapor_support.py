"""Files of LAPOR! complaints as the tests hand them to the import: CSV text or an XLSX workbook."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

HEADER = ("Tracking ID", "Tanggal Laporan", "Judul Laporan", "Isi Laporan", "Klasifikasi", "Kategori", "Status",
          "Nama Pelapor", "Nomor Telepon", "Email", "Anonim", "Rahasia")


def complaint(lapor_id: str = "1234567", **cells: str) -> list[str]:
    row = {
        "Tracking ID": lapor_id, "Tanggal Laporan": "2026-11-09", "Judul Laporan": "Jalan berlubang di Wajo",
        "Isi Laporan": "Lubang besar di depan pasar Wajo, berbahaya untuk motor.", "Klasifikasi": "Pengaduan",
        "Kategori": "jalan_rusak", "Status": "Terdisposisi Belum Ditindaklanjuti", "Nama Pelapor": "La Ode Lapor",
        "Nomor Telepon": "081234500077", "Email": "", "Anonim": "Tidak", "Rahasia": "Tidak",
    }
    row.update(cells)
    return [row[name] for name in HEADER]


def csv_text(rows: Sequence[Sequence[str]], header: Sequence[str] = HEADER) -> str:
    import csv

    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def write_csv(tmp_path: Path, rows: Sequence[Sequence[str]], *, header: Sequence[str] = HEADER,
              encoding: str = "utf-8", name: str = "lapor.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(csv_text(rows, header).encode(encoding))
    return path


def write_xlsx(tmp_path: Path, rows: Sequence[Sequence[object]], *, header: Sequence[str] = HEADER,
               name: str = "lapor.xlsx") -> Path:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    path = tmp_path / name
    workbook.save(path)
    return path
