"""The expression language: our own parser into linear forms — no eval."""

from __future__ import annotations

from decimal import Decimal

import pytest

from forms.expr import Cell, ExprError, Scope, expand_keys, parse_linear
from forms.loader import get_form

FORM = get_form("gov-2021")


def scope(axis=None, row=None, column=None, table="t3"):
    def expand(t, what, first, last):
        keys = FORM.tables[t].row_keys if what == "rows" else FORM.tables[t].column_keys
        return expand_keys(f"{first}..{last}", keys)

    def known(cell):
        return cell.table in FORM.tables and FORM.tables[cell.table].has_cell(cell.row, cell.column)
    return Scope(table, axis, row, column, expand, known)


def test_bare_names_are_rows_in_a_column_rule():
    lin = parse_linear("new_received + carried_over - total_processed", scope("column", column="legal"))
    assert lin.terms == ((1, Cell("t3", "new_received", "legal")), (1, Cell("t3", "carried_over", "legal")),
                         (-1, Cell("t3", "total_processed", "legal")))


def test_bare_names_are_columns_in_a_row_rule_and_ranges_follow_table_order():
    lin = parse_linear("sum(natural..other_org)", scope("row", row="granted"))
    assert [c.column for c in lin.cells] == ["natural", "business", "research", "public_interest", "legal", "other_org"]


def test_a_row_range_skips_nothing_and_keeps_order():
    lin = parse_linear("sum(granted..other_other)", scope("column", column="natural"))
    assert len(lin.terms) == 21
    assert lin.cells[0].row == "granted" and lin.cells[-1].row == "other_other"


def test_full_and_last_year_addresses_and_nested_signs():
    lin = parse_linear("-(t2.rules.issued - last.t2.rules.in_force) + 3", scope())
    assert lin.terms == ((-1, Cell("t2", "rules", "issued")), (1, Cell("t2", "rules", "in_force", last=True)))
    assert lin.constant == 3


def test_evaluate_counts_blanks_and_mixes_decimals():
    lin = parse_linear("t2.fees.amount + t2.rules.issued + 0.5", scope())
    values = {Cell("t2", "fees", "amount"): Decimal("1.25")}
    total, blanks = lin.evaluate(values.get)
    assert total == Decimal("1.75") and blanks == 1


@pytest.mark.parametrize("text,message", [
    ("granted +", "缺少单元格或数字"),
    ("granted * 2", "无法识别"),
    ("__import__('os')", "无法识别"),
    ("nosuchrow", "没有单元格 t3.nosuchrow.natural"),
    ("sum(granted..natural)", "没有单元格"),
    ("(granted", r"这里应为“\)”"),
    ("granted granted", "多余的"),
    ("", "表达式为空"),
])
def test_mistakes_are_explained(text, message):
    with pytest.raises(ExprError, match=message):
        parse_linear(text, scope("column", column="natural"))


def test_expand_keys_lists_and_ranges():
    keys = ["a", "b", "c", "d"]
    assert expand_keys("b..d", keys) == ["b", "c", "d"]
    assert expand_keys("a, c", keys) == ["a", "c"]
    with pytest.raises(ExprError, match="前后颠倒"):
        expand_keys("d..a", keys)
    with pytest.raises(ExprError, match="没有“e”"):
        expand_keys("e", keys)


def test_cell_parse_round_trip():
    for text in ("t3.granted.natural", "last.t2.rules.in_force"):
        assert str(Cell.parse(text)) == text
    with pytest.raises(ValueError):
        Cell.parse("t3.granted")
