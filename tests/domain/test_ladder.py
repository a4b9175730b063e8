from __future__ import annotations

import pytest

from sigap.domain.ladder import LadderPolicy, Rung, UnitNode, ladder_for, next_rung

UNITS = {
    "walikota": UnitNode("walikota", None),
    "sekda": UnitNode("sekda", "walikota"),
    "pupr": UnitNode("pupr", "sekda"),
    "kec-murhum": UnitNode("kec-murhum", "sekda"),
    "kel-wajo": UnitNode("kel-wajo", "kec-murhum"),
    "rw003": UnitNode("rw003", "kel-wajo", head_is_officer=True),
    "rt002": UnitNode("rt002", "rw003", head_is_officer=True),
}


def test_agency_ladder_climbs_officers_head_sekda_walikota() -> None:
    assert ladder_for("pupr", UNITS) == (
        Rung(0, "pupr", "officers"),
        Rung(1, "pupr", "head"),
        Rung(2, "sekda", "head"),
        Rung(3, "walikota", "head"),
    )


def test_territorial_ladder_climbs_rt_rw_lurah_camat_sekda_walikota() -> None:
    assert ladder_for("rt002", UNITS) == (
        Rung(0, "rt002", "head"),
        Rung(1, "rw003", "head"),
        Rung(2, "kel-wajo", "head"),
        Rung(3, "kec-murhum", "head"),
        Rung(4, "sekda", "head"),
        Rung(5, "walikota", "head"),
    )


def test_kelurahan_item_goes_to_the_camat_before_the_sekda() -> None:
    assert [r.unit for r in ladder_for("kel-wajo", UNITS)][1:4] == ["kel-wajo", "kec-murhum", "sekda"]


def test_max_level_cuts_the_ladder() -> None:
    assert [r.level for r in ladder_for("pupr", UNITS, max_level=2)] == [0, 1, 2]


def test_unknown_unit_names_the_unit() -> None:
    with pytest.raises(KeyError, match="dinkes"):
        ladder_for("dinkes", UNITS)


def test_unknown_parent_names_the_missing_unit() -> None:
    with pytest.raises(KeyError, match="ghost"):
        ladder_for("orphan", {"orphan": UnitNode("orphan", "ghost")})


def test_cycle_in_the_unit_tree_is_refused() -> None:
    units = {"a": UnitNode("a", "b"), "b": UnitNode("b", "a")}
    with pytest.raises(ValueError, match="cycle"):
        ladder_for("a", units)


def test_next_rung_is_one_level_up() -> None:
    assert next_rung(ladder_for("pupr", UNITS), 1) == Rung(2, "sekda", "head")


def test_next_rung_at_the_top_is_none() -> None:
    assert next_rung(ladder_for("pupr", UNITS), 3) is None


def test_grace_follows_the_configured_days_per_level() -> None:
    assert [LadderPolicy().grace_for(level) for level in (1, 2, 3)] == [2, 2, 3]


def test_grace_repeats_the_last_value_above_the_configured_levels() -> None:
    assert LadderPolicy().grace_for(7) == 3


def test_grace_for_level_zero_is_refused() -> None:
    with pytest.raises(ValueError, match="level 1"):
        LadderPolicy().grace_for(0)


def test_empty_grace_list_is_refused() -> None:
    with pytest.raises(ValueError, match="grace"):
        LadderPolicy(grace_working_days=())
