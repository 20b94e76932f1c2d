"""The small expression language of format files.

Rules and computed cells are sums and differences of cells, so an expression is parsed into a
*linear form*: a constant plus a list of (coefficient, cell) terms. That form is all the rules
engine needs — evaluating it is a short loop, fast enough to re-check a whole report on every
keystroke — and it makes "which cells does this rule read" a plain attribute.

Grammar (no eval, no exec: this module is the whole interpreter):

    expr  := term (("+" | "-") term)*
    term  := "-" term | NUMBER | REF | "sum" "(" item ("," item)* ")" | "(" expr ")"
    item  := REF ".." REF | expr
    REF   := NAME ("." NAME)*          e.g. granted, a1.value, t3.new_received.total, last.in_force

What a reference means depends on where the rule stands (see `Scope`): inside a rule that runs
once per column, a bare name is a row of that column; once per row, a column of that row. `row.col`
is a cell of the rule's table, `table.row.col` any cell, and a leading `last.` reads last year's report.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple, TypeAlias

from .vocabulary import Vocabulary


class ExprError(ValueError):
    """A mistake in an expression; the message is meant for the author of a format file."""


# A figure in a cell: a count (int) or an amount in 万元 (Decimal); blank cells are None.
Number: TypeAlias = "int | Decimal"


class Cell(NamedTuple):
    """The address of one cell: table, row and column keys; `last` for last year's report.

    A named tuple, not a dataclass: cells are dictionary keys on the hot path of every check,
    and tuples hash in C.
    """

    table: str
    row: str
    column: str
    last: bool = False

    def __str__(self) -> str:
        ref = f"{self.table}.{self.row}.{self.column}"
        return "last." + ref if self.last else ref

    @classmethod
    def parse(cls, text: str) -> Cell:
        parts = text.split(".")
        last = parts[0] == "last"
        if last:
            parts = parts[1:]
        if len(parts) != 3 or not all(parts):
            raise ValueError(f"not a cell address: {text!r}")
        return cls(parts[0], parts[1], parts[2], last)


@dataclass(frozen=True)
class Linear:
    """constant + Σ coefficient × cell."""

    terms: tuple[tuple[int, Cell], ...]
    constant: Decimal | int = 0

    @property
    def cells(self) -> tuple[Cell, ...]:
        return tuple(cell for _, cell in self.terms)

    def evaluate(self, value_of: Callable[[Cell], Number | None]) -> tuple[Number, int]:
        """The value with blanks read as 0, and how many of the cells were blank."""
        total: Number = self.constant
        blanks = 0
        for coefficient, cell in self.terms:
            value = value_of(cell)
            if value is None:
                blanks += 1
            elif coefficient == 1:
                total += value
            else:
                total += coefficient * value
        return total, blanks

    def __add__(self, other: Linear) -> Linear:
        return Linear(self.terms + other.terms, self.constant + other.constant)

    def __neg__(self) -> Linear:
        return Linear(tuple((-c, cell) for c, cell in self.terms), -self.constant)


class Axis(Vocabulary):
    """How a rule is applied (`for_each:` in a format file)."""

    ROW = "row"         # once per row: bare names are columns
    COLUMN = "column"   # once per column: bare names are rows


class Scope:
    """Turns the names written in an expression into cells, for one place a rule is applied.

    `axis` is Axis.COLUMN (the rule runs once per column; bare names are rows) or Axis.ROW (bare names
    are columns) or None (only full addresses). `expand` lists the keys between two names
    inclusive, in table order, for `a..b` ranges.
    """

    def __init__(self, table: str, axis: Axis | None, row: str | None, column: str | None,
                 expand: Callable[[str, str, str, str], Sequence[str]],
                 known: Callable[[Cell], bool]):
        self.table, self.row, self.column = table, row, column
        self.axis = Axis(axis) if axis is not None else None
        self._expand = expand
        self._known = known

    def cell(self, name: str) -> Cell:
        parts = name.split(".")
        last = parts[0] == "last"
        if last:
            parts = parts[1:]
        if len(parts) == 3:
            cell = Cell(parts[0], parts[1], parts[2], last)
        elif len(parts) == 2:
            cell = Cell(self.table, parts[0], parts[1], last)
        elif len(parts) == 1 and self.axis is Axis.COLUMN and self.column is not None:
            cell = Cell(self.table, parts[0], self.column, last)
        elif len(parts) == 1 and self.axis is Axis.ROW and self.row is not None:
            cell = Cell(self.table, self.row, parts[0], last)
        else:
            raise ExprError(f"“{name}”不是完整的单元格地址（应写成 表.行.列）")
        if not self._known(Cell(cell.table, cell.row, cell.column)):
            raise ExprError(f"没有单元格 {cell}（“{name}”）")
        return cell

    def span(self, first: str, last_name: str) -> list[Cell]:
        a, b = self.cell(first), self.cell(last_name)
        if a.last != b.last or a.table != b.table:
            raise ExprError(f"范围 {first}..{last_name} 的两端不在同一张表")
        if a.column == b.column:
            keys = self._expand(a.table, "rows", a.row, b.row)
            return [Cell(a.table, k, a.column, a.last) for k in keys
                    if self._known(Cell(a.table, k, a.column))]
        if a.row == b.row:
            keys = self._expand(a.table, "columns", a.column, b.column)
            return [Cell(a.table, a.row, k, a.last) for k in keys
                    if self._known(Cell(a.table, a.row, k))]
        raise ExprError(f"范围 {first}..{last_name} 必须在同一行或同一列")


_TOKEN = re.compile(r"\s*(?:(?P<num>\d+(?:\.\d+)?)|(?P<name>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)"
                    r"|(?P<op>\.\.|[-+(),]))")


def _tokenize(text: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise ExprError(f"表达式“{text}”第{pos + 1}个字符处无法识别：“{text[pos:].strip()[:10]}”")
        kind = m.lastgroup or ""
        tokens.append((kind, m.group(kind)))
        pos = m.end()
    tokens.append(("end", ""))
    return tokens


def parse_linear(text: str, scope: Scope) -> Linear:
    """Parse `text` in `scope` into a linear form, or raise ExprError saying what is wrong."""
    if not isinstance(text, str) or not text.strip():
        raise ExprError("表达式为空")
    return _Parser(text, scope).parse()


class _Parser:
    """Recursive descent over `expr := term (± term)*`, `term := -term | (expr) | number | name |
    sum(item, …)`, `item := name..name | expr`."""

    def __init__(self, text: str, scope: Scope):
        self.text = text
        self.scope = scope
        self.tokens = _tokenize(text)
        self.pos = 0

    def parse(self) -> Linear:
        result = self.expr()
        if self.peek()[0] != "end":
            raise ExprError(f"表达式“{self.text}”：多余的“{self.peek()[1]}”")
        return result

    def peek(self, ahead: int = 0) -> tuple[str, str]:
        return self.tokens[min(self.pos + ahead, len(self.tokens) - 1)]

    def take(self, expected: str | None = None) -> tuple[str, str]:
        tok = self.tokens[self.pos]
        if expected is not None and tok[1] != expected:
            raise ExprError(f"表达式“{self.text}”：这里应为“{expected}”，实际是“{tok[1] or '结尾'}”")
        self.pos += 1
        return tok

    def expr(self) -> Linear:
        result = self.term()
        while self.peek()[1] in ("+", "-"):
            op = self.take()[1]
            right = self.term()
            result = result + (right if op == "+" else -right)
        return result

    def term(self) -> Linear:
        kind, value = self.peek()
        if value == "-":
            self.take()
            return -self.term()
        if value == "(":
            self.take()
            inner = self.expr()
            self.take(")")
            return inner
        if kind == "num":
            self.take()
            return Linear((), Decimal(value) if "." in value else int(value))   # the regex admits digits only
        if kind == "name" and value == "sum" and self.peek(1)[1] == "(":
            return self.sum()
        if kind == "name":
            self.take()
            return Linear(((1, self.scope.cell(value)),))
        raise ExprError(f"表达式“{self.text}”：“{value or '结尾'}”处缺少单元格或数字")

    def sum(self) -> Linear:
        self.take()
        self.take("(")
        result = self.item()
        while self.peek()[1] == ",":
            self.take()
            result = result + self.item()
        self.take(")")
        return result

    def item(self) -> Linear:
        kind, value = self.peek()
        if kind == "name" and self.peek(1)[1] == "..":
            self.take()
            self.take("..")
            end_kind, end = self.take()
            if end_kind != "name":
                raise ExprError(f"表达式“{self.text}”：范围“{value}..”后面应是单元格名")
            return Linear(tuple((1, c) for c in self.scope.span(value, end)))
        return self.expr()


def expand_keys(names: str, keys: Sequence[str]) -> list[str]:
    """`a..b` or `a, b, c` over an ordered key list (for a rule's `rows:` / `columns:`)."""
    result: list[str] = []
    for part in (p.strip() for p in names.split(",")):
        if ".." in part:
            first, last = (s.strip() for s in part.split("..", 1))
            for name in (first, last):
                if name not in keys:
                    raise ExprError(f"没有“{name}”（可选：{', '.join(keys)}）")
            i, j = keys.index(first), keys.index(last)
            if i > j:
                raise ExprError(f"范围 {part} 前后颠倒")
            result.extend(keys[i:j + 1])
        elif part:
            if part not in keys:
                raise ExprError(f"没有“{part}”（可选：{', '.join(keys)}）")
            result.append(part)
    return result
