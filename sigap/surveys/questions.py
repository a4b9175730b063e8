"""The questionnaire of PermenPAN-RB 14/2017: nine elements, four answers each (worst to best)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sigap.domain.ikm import ELEMENTS

QUESTIONS: tuple[tuple[str, str, str, tuple[str, str, str, str]], ...] = (
    ("u1", ELEMENTS[0][1], "Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis "
     "pelayanannya?", ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai")),
    ("u2", ELEMENTS[1][1], "Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?",
     ("Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah")),
    ("u3", ELEMENTS[2][1], "Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?",
     ("Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat")),
    ("u4", ELEMENTS[3][1], "Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?",
     ("Sangat mahal", "Cukup mahal", "Murah", "Gratis")),
    ("u5", ELEMENTS[4][1], "Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang "
     "tercantum dalam standar pelayanan dengan hasil yang diberikan?",
     ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai")),
    ("u6", ELEMENTS[5][1], "Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?",
     ("Tidak kompeten", "Kurang kompeten", "Kompeten", "Sangat kompeten")),
    ("u7", ELEMENTS[6][1], "Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait "
     "kesopanan dan keramahan?", ("Tidak sopan dan ramah", "Kurang sopan dan ramah", "Sopan dan ramah",
                                  "Sangat sopan dan ramah")),
    ("u8", ELEMENTS[7][1], "Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?",
     ("Tidak ada", "Ada tetapi tidak berfungsi", "Berfungsi kurang maksimal", "Dikelola dengan baik")),
    ("u9", ELEMENTS[8][1], "Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?",
     ("Buruk", "Cukup", "Baik", "Sangat baik")),
)

ANSWER_HELP = _("1 is the worst answer, 4 the best.")
