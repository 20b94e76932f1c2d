"""Number entry as clerks type it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from forms.numbers import EntryError, check_value, format_value, parse_entry

PLACE = "表三“（一）予以公开”行“自然人”列"


@pytest.mark.parametrize("text,value", [
    ("12", 12), (" 12 ", 12), ("１２３", 123), ("1,234", 1234), ("1，234", 1234), ("12件", 12), ("12 件", 12),
    ("０", 0), ("", None), ("   ", None), (None, None), ("12345678", 12345678), ("3,119件", 3119),
    ("12.0", 12), ("　８　", 8), ("15人次", 15),
])
def test_counts_accepted(text, value):
    assert parse_entry(text, "count", "件", PLACE) == value


@pytest.mark.parametrize("text,message", [
    ("1.5", "只能是整数"), ("-3", "不能填负数"), ("abc", "不是数字"), ("十二", "不是数字"),
    ("1,23", "千位分隔符位置不对"), ("1234567890123456", "位数太多"), ("12万元", "不是数字"),
])
def test_counts_refused_with_a_message_naming_the_cell(text, message):
    with pytest.raises(EntryError) as err:
        parse_entry(text, "count", "件", PLACE)
    assert PLACE in str(err.value) and message in str(err.value)


@pytest.mark.parametrize("text,value", [
    ("96171.6", Decimal("96171.6")), ("0.0001", Decimal("0.0001")), ("12万元", Decimal("12")),
    ("１２．５", Decimal("12.5")), ("12,345.678", Decimal("12345.678")), ("3.50", Decimal("3.5")),
    ("45000000.25", Decimal("45000000.25")), ("12.35万", Decimal("12.35")),
])
def test_amounts_accepted(text, value):
    assert parse_entry(text, "decimal", "万元", PLACE) == value


@pytest.mark.parametrize("text,message", [
    ("0.00001", "最多保留4位小数"), ("-1", "不能是负数"), ("3940元", "按元填写"), ("abc", "不是数字"),
])
def test_amounts_refused(text, message):
    with pytest.raises(EntryError, match=message):
        parse_entry(text, "decimal", "万元", PLACE)


def test_signed_cells_take_negative_numbers():
    assert parse_entry("-8", "signed", "项", PLACE) == -8
    assert parse_entry("－８项", "signed", "项", PLACE) == -8
    assert parse_entry("减8", "signed", "项", PLACE) == -8
    assert parse_entry("增 3项", "signed", "项", PLACE) == 3
    with pytest.raises(EntryError, match="不是数字"):
        parse_entry("减8", "count", "件", PLACE)
    with pytest.raises(EntryError, match="只能是整数"):
        parse_entry("-8.5", "signed", "项", PLACE)


def test_format_value():
    assert format_value(None) == ""
    assert format_value(3119) == "3119"
    assert format_value(3119, thousands=True) == "3,119"
    assert format_value(Decimal("96171.60")) == "96171.6"
    assert format_value(Decimal("12.0000")) == "12"
    assert format_value(Decimal("0.0001")) == "0.0001"
    assert format_value(Decimal("1E+3")) == "1000"


def test_check_value_is_r5():
    assert check_value(-1, "count") == "不能是负数"
    assert check_value(-1, "signed") is None
    assert check_value(Decimal("1.00001"), "decimal") == "金额最多保留4位小数"
    assert check_value(Decimal("1.50000"), "decimal") is None
    assert check_value(True, "count") == "应为整数"


full_width = str.maketrans("0123456789", "０１２３４５６７８９")


@given(st.integers(min_value=0, max_value=10**14), st.booleans(), st.booleans(), st.sampled_from(["", "件", " 件"]),
       st.text(alphabet=" \t　", max_size=3))
def test_any_count_typed_any_way_reads_back(n, commas, wide, unit, pad):
    text = f"{n:,}" if commas else str(n)
    if wide:
        text = text.translate(full_width)
    assert parse_entry(pad + text + unit + pad, "count", "件", PLACE) == n


@given(st.decimals(min_value=0, max_value=10**10, places=4, allow_nan=False, allow_infinity=False))
def test_any_amount_with_four_places_reads_back(d):
    assert parse_entry(format_value(d), "decimal", "万元", PLACE) == d


@given(st.text(max_size=20))
def test_entry_never_fails_other_than_with_a_message(text):
    for kind in ("count", "decimal", "signed"):
        try:
            value = parse_entry(text, kind, "件", PLACE)
        except EntryError as exc:
            assert PLACE in str(exc)
        else:
            assert value is None or check_value(value, kind) is None


@pytest.mark.parametrize("pasted", ["12\u0007", "\u000b12", "1\u00002", "12\ufeff"])
def test_a_control_character_pasted_with_a_figure_is_no_part_of_it(pasted):
    assert parse_entry(pasted) == 12


def test_a_cell_holding_only_a_control_character_is_blank():
    assert parse_entry("\u0007") is None


@pytest.mark.parametrize("typed", ["70 60", "70\t60", "70\t60\t180\t30", "70 60 180 30", "1.5 2", "７０　６０",
                                   "70\u00a060", "70 60件", "12件 3件"])
def test_several_figures_in_one_cell_are_refused_never_joined(typed):
    for kind in ("count", "decimal", "signed"):
        with pytest.raises(EntryError) as err:
            parse_entry(typed, kind, "件", PLACE)
        assert PLACE in str(err.value) and "不是一个数字" in str(err.value)
        assert "如果是一个数字，请去掉空格" in str(err.value)


def test_a_thousands_grouping_with_spaces_is_refused_with_the_way_out():
    """Chinese reports group thousands with commas; “3 001” is as likely two figures (3 and 001 from a
    PDF's row) as one, so the clerk is asked, not guessed for."""
    with pytest.raises(EntryError, match="如果是一个数字，请去掉空格"):
        parse_entry("3 001", "count", "件", PLACE)
    assert parse_entry("3,001", "count", "件", PLACE) == 3001
    assert parse_entry(" 3001 件 ", "count", "件", PLACE) == 3001


def test_a_refusal_quotes_a_long_text_shortened():
    with pytest.raises(EntryError) as err:
        parse_entry("x" * 300_000, "count", "件", PLACE)
    assert PLACE in str(err.value) and len(str(err.value)) < 200
    with pytest.raises(EntryError) as err:
        parse_entry(" ".join(["70"] * 100_000), "count", "件", PLACE)
    assert len(str(err.value)) < 300
