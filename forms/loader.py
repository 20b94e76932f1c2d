"""Reads and validates a format file (YAML) into a `Form`.

A format file is written by a person, so every mistake is reported with the file, the line and
the path inside it (`tables[1].rows[3].key`), in Chinese, and nothing is guessed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import NoReturn, TypeVar

import yaml

from .definition import (
    BlankPrint,
    BlankStrategy,
    Block,
    CellKind,
    CheckType,
    Column,
    Compare,
    Computed,
    Form,
    HeaderNode,
    KeyFigure,
    KeyFigures,
    Layout,
    Op,
    ProseFigure,
    ProseNeed,
    Row,
    Section,
    SectionKind,
    SectionRole,
    Severity,
    SpecialCheck,
    SummaryPart,
    Table,
    Vocabulary,
    WizardPages,
)
from .expr import Axis, Cell, ExprError, Linear, Scope, expand_keys, parse_linear

FORMATS_DIR = Path(__file__).with_name("formats")
KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_SPACE_NEAR_CJK = re.compile(r"\s+(?=[^\x00-\x7f])|(?<=[^\x00-\x7f])\s+")


def _prose(text) -> str:
    """Folded YAML text joins lines with spaces, which Chinese does not use."""
    return _SPACE_NEAR_CJK.sub("", " ".join(str(text).split()))


class FormatError(ValueError):
    """A format file is not valid; the message names the file and the place."""


class _Map(dict):
    line = 0


class _List(list):
    line = 0


class _LineLoader(yaml.SafeLoader):
    """A safe loader whose mappings and sequences remember the line they start on."""


def _construct_mapping(loader, node):
    loader.flatten_mapping(node)
    result = _Map(loader.construct_pairs(node, deep=True))
    if len(result) != len(node.value):
        keys = [loader.construct_object(k) for k, _ in node.value]
        dupe = next(k for k in keys if keys.count(k) > 1)
        raise FormatError(f"第{node.start_mark.line + 1}行：键“{dupe}”重复")
    result.line = node.start_mark.line + 1
    return result


def _construct_sequence(loader, node):
    result = _List(loader.construct_sequence(node, deep=True))
    result.line = node.start_mark.line + 1
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


V = TypeVar("V", bound=Vocabulary)


class _Reader:
    """Typed access to the parsed file that reports mistakes with their place."""

    def __init__(self, source: str):
        self.source = source

    def fail(self, node, path: str, what: str) -> NoReturn:
        line = getattr(node, "line", 0)
        where = f"第{line}行，" if line else ""
        raise FormatError(f"格式文件 {self.source}：{where}{path}：{what}")

    def mapping(self, node, path: str, allowed: AbstractSet[str], required: AbstractSet[str] = frozenset()) -> dict:
        if not isinstance(node, dict):
            self.fail(node, path, "应为键值表")
        for key in node:
            if key not in allowed:
                self.fail(node, path, f"未知的键“{key}”（可用：{'、'.join(sorted(allowed))}）")
        for key in required:
            if key not in node or node[key] is None:
                self.fail(node, path, f"缺少“{key}”")
        return node

    def text(self, node: dict, key: str, path: str, default: str | None = None) -> str | None:
        value = node.get(key, default)
        if value is not None and not isinstance(value, str):
            self.fail(node, f"{path}.{key}" if path else key, "应为文字")
        return value

    def words(self, node: dict, key: str, path: str) -> str:
        """A text that must be there (a label, a heading, a title)."""
        value = self.text(node, key, path)
        if value is None:
            self.fail(node, f"{path}.{key}" if path else key, "不能为空")
        return value

    def word(self, node: dict, key: str, path: str, vocabulary: type[V], default: str | None = None) -> V:
        """One word of a vocabulary (`kind: count`), as its enum member."""
        value = node.get(key, default)
        try:
            return vocabulary(value)
        except ValueError:
            self.fail(node, f"{path}.{key}" if path else key, f"只能是 {vocabulary.choices()}")

    def key(self, node: dict, path: str, name: str = "key") -> str:
        value = node.get(name)
        if not isinstance(value, str) or not KEY.match(value):
            self.fail(node, f"{path}.{name}", f"应为英文字母、数字和下划线组成的键，实际为“{value}”")
        return value

    def seq(self, node: dict, key: str, path: str, required: bool = True) -> list:
        value = node.get(key)
        if value is None and not required:
            return []
        if not isinstance(value, list) or (required and not value):
            self.fail(node, f"{path}.{key}", "应为非空列表")
        return value

    def aliases(self, node: dict, path: str, own: str | None) -> tuple[str, ...]:
        """`aliases: [...]`: other texts published reports print for a label or heading."""
        value = node.get("aliases")
        if value is None:
            return ()
        where = f"{path}.aliases"
        if not isinstance(value, list) or not all(isinstance(a, str) and a.strip() for a in value):
            self.fail(node, where, "应为文字的列表")
        for alias in value:
            if alias == own:
                self.fail(node, where, f"“{alias}”就是名称本身，不必列为别名")
            if value.count(alias) > 1:
                self.fail(node, where, f"“{alias}”重复")
        return tuple(value)

    def apart(self, node, path: str, named: list[tuple[str, tuple[str, ...]]], what: str) -> None:
        """An alias names one thing only: it is no other's label or alias (`named`: label and aliases
        of each row, column or section, in order)."""
        labels = {label for label, _ in named}
        owner: dict[str, str] = {}
        for label, aliases in named:
            for alias in aliases:
                if alias in labels or owner.setdefault(alias, label) != label:
                    self.fail(node, path, f"别名“{alias}”已是另一{what}的名称或别名，无法确定指哪一{what}")


def load_form(path: str | Path) -> Form:
    """Read and validate one format file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise FormatError(f"无法读取格式文件 {path.name}：{exc}") from None
    return parse_form(text, path.name)


def parse_form(text: str, source: str = "<格式文件>") -> Form:
    try:
        data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except FormatError as exc:
        raise FormatError(f"格式文件 {source}：{exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第{mark.line + 1}行第{mark.column + 1}列" if mark else ""
        raise FormatError(f"格式文件 {source}：{where}不是有效的YAML（{getattr(exc, 'problem', exc)}）") from None
    return _build(data, _Reader(source))


def _build(data, r: _Reader) -> Form:
    top = r.mapping(data, "（文件）", {"id", "name", "short_name", "basis", "document_number", "issued", "years",
                                      "default", "status", "blank_prints_as", "sections", "tables",
                                      "computed", "checks", "prose_figures", "carry_over", "compare",
                                      "summary"},
                    {"id", "name", "basis", "document_number", "years", "sections", "tables"})
    form_id = top["id"]
    if not isinstance(form_id, str) or not re.match(r"^[a-z0-9][a-z0-9-]*$", form_id):
        r.fail(top, "id", f"格式编号应为小写字母、数字和连字符，实际为“{form_id}”")
    years = r.mapping(top["years"], "years", {"from", "to"}, {"from"})
    for k in ("from", "to"):
        if years.get(k) is not None and not isinstance(years[k], int):
            r.fail(years, f"years.{k}", "应为年份数字")
    blank_prints_as = r.word(top, "blank_prints_as", "", BlankPrint, BlankPrint.ZERO)

    tables = _tables(top["tables"], r)
    sections = _sections(top["sections"], tables, r)
    rules = _Rules(tables, r)
    computed = _computed(top.get("computed") or [], rules)
    compares, specials = _checks(top.get("checks") or [], rules)
    figures = _prose_figures(top.get("prose_figures") or [], rules)
    carry = _carry_over(top.get("carry_over") or [], rules)
    key_figures = _key_figures(top["compare"], rules) if top.get("compare") is not None else None
    summary = _summary(top.get("summary") or [], "summary", rules)
    issued = top.get("issued")
    name = r.words(top, "name", "")
    return Form(id=form_id, name=name, short_name=r.text(top, "short_name", "", "") or name,
                basis=r.words(top, "basis", ""),
                document_number=r.words(top, "document_number", ""),
                years=(years["from"], years.get("to")), sections=sections, tables=tables,
                computed=computed, compares=compares, specials=specials, prose_figures=figures,
                issued=str(issued) if issued is not None else None, default=bool(top.get("default")),
                status=r.text(top, "status", "", "") or "", blank_prints_as=blank_prints_as,
                carry_over=carry, source=r.source, compare=key_figures, summary=summary)


# --- sections -------------------------------------------------------------------------------------

def _sections(nodes, tables: dict[str, Table], r: _Reader) -> list[Section]:
    if not isinstance(nodes, list) or not nodes:
        r.fail(nodes, "sections", "应为非空列表")
    result: list[Section] = []
    for i, node in enumerate(nodes):
        path = f"sections[{i}]"
        section = _section(node, path, tables, r)
        if any(s.key == section.key for s in result):
            r.fail(node, path, f"章节键“{section.key}”重复")
        if section.role is not None and any(s.role is section.role for s in result):
            r.fail(node, f"{path}.role", f"只能有一个章节是 {section.role}")
        result.append(section)
    r.apart(nodes, "sections", [(s.heading, s.aliases) for s in result], "章节")
    return result


def _section(node, path: str, tables: dict[str, Table], r: _Reader) -> Section:
    r.mapping(node, path, {"key", "heading", "kind", "hint", "optional", "table", "prose", "appendix", "role",
                           "aliases", "if_empty"},
              {"key", "heading", "kind"})
    key = r.key(node, path)
    kind = r.word(node, "kind", path, SectionKind)
    table = node.get("table")
    if kind is SectionKind.TABLE and table not in tables:
        r.fail(node, f"{path}.table", f"没有表格“{table}”")
    prose = r.word(node, "prose", path, ProseNeed, ProseNeed.REQUIRED if kind is SectionKind.PROSE else ProseNeed.NONE)
    role = r.word(node, "role", path, SectionRole) if node.get("role") is not None else None
    heading = r.words(node, "heading", path)
    return Section(key=key, heading=heading, kind=kind, hint=_prose(r.text(node, "hint", path) or ""),
                   optional=bool(node.get("optional")), table=table, prose=prose,
                   appendix=bool(node.get("appendix")), role=role, aliases=r.aliases(node, path, heading),
                   if_empty=r.text(node, "if_empty", path) or "")


# --- tables ---------------------------------------------------------------------------------------

def _tables(nodes, r: _Reader) -> dict[str, Table]:
    if not isinstance(nodes, list) or not nodes:
        r.fail(nodes, "tables", "应为非空列表")
    tables: dict[str, Table] = {}
    for i, node in enumerate(nodes):
        table = _table(node, f"tables[{i}]", r, tables)
        tables[table.key] = table
    return tables


def _table(node, path: str, r: _Reader, earlier: dict[str, Table]) -> Table:
    r.mapping(node, path, {"key", "short", "title", "subtitle", "layout", "unit", "label_header",
                           "unit_header", "value_columns", "label_columns", "corner", "columns",
                           "rows", "blocks", "print_header", "wizard_pages"},
              {"key", "short", "title", "layout", "columns"})
    key = r.key(node, path)
    if key in earlier:
        r.fail(node, path, f"表格键“{key}”重复")
    layout = r.word(node, "layout", path, Layout)
    columns, tree = _columns(node["columns"], f"{path}.columns", r)
    body = _BODIES[layout](node, path, r, columns)
    wizard_pages = r.word(node, "wizard_pages", path, WizardPages,
                          WizardPages.BLOCKS if layout is Layout.LIST else WizardPages.ONE)
    return Table(key=key, short=r.words(node, "short", path), title=r.words(node, "title", path),
                 subtitle=r.text(node, "subtitle", path), layout=layout, columns=columns,
                 rows=body.rows, blocks=body.blocks, column_header=tree, print_header=body.print_header,
                 unit=r.text(node, "unit", path), label_header=r.text(node, "label_header", path),
                 unit_header=r.text(node, "unit_header", path),
                 value_columns=int(node.get("value_columns", 1)), label_columns=int(node.get("label_columns", 1)),
                 corner=r.text(node, "corner", path), wizard_pages=wizard_pages)


def _columns(nodes, path: str, r: _Reader) -> tuple[list[Column], tuple[HeaderNode, ...]]:
    """Columns may be a flat list or a tree of header groups; leaves carry keys."""
    if not isinstance(nodes, list) or not nodes:
        r.fail(nodes, path, "应为非空列表")
    columns: list[Column] = []
    tree = tuple(_column_node(n, f"{path}[{j}]", r, columns) for j, n in enumerate(nodes))
    r.apart(nodes, path, [(c.label, c.aliases) for c in columns], "列")
    return columns, tree


def _column_node(node, path: str, r: _Reader, columns: list[Column]) -> HeaderNode:
    """One node of the column header: a group of columns (`children`) or a column, added to `columns`."""
    r.mapping(node, path, {"key", "label", "kind", "unit", "children", "aliases"}, {"label"})
    label = r.words(node, "label", path)
    if node.get("children"):
        if node.get("aliases") is not None:
            r.fail(node, f"{path}.aliases", "只有列可以有别名，列的分组标题不能有")
        children = tuple(_column_node(c, f"{path}.children[{j}]", r, columns) for j, c in enumerate(node["children"]))
        return HeaderNode(label=label, children=children)
    key = r.key(node, path)
    kind = r.word(node, "kind", path, CellKind, CellKind.COUNT)
    if any(c.key == key for c in columns):
        r.fail(node, path, f"列键“{key}”重复")
    columns.append(Column(key=key, label=label, kind=kind, unit=r.text(node, "unit", path),
                          aliases=r.aliases(node, path, label)))
    return HeaderNode(label=label, key=key)


def _row(node, path: str, r: _Reader, columns: tuple[str, ...], groups=(), block=None) -> Row:
    r.mapping(node, path, {"key", "label", "unit", "level", "kind", "group", "aliases"}, {"key", "label"})
    kind = r.word(node, "kind", path, CellKind) if node.get("kind") is not None else None
    level = node.get("level", 0)
    if not isinstance(level, int) or level < 0:
        r.fail(node, f"{path}.level", "应为不小于0的整数")
    label = r.words(node, "label", path)
    return Row(key=r.key(node, path), label=label, unit=r.text(node, "unit", path),
               level=level, kind=kind, groups=tuple(groups), block=block,
               columns=() if node.get("group") else columns, aliases=r.aliases(node, path, label))


@dataclass
class _Body:
    """The rows of a table and how they are arranged, as its layout declares them."""

    rows: list[Row]
    blocks: list[Block] = field(default_factory=list)
    print_header: tuple[HeaderNode, ...] = ()


def _blocks_body(node, path: str, r: _Reader, columns: list[Column]) -> _Body:
    """`blocks`: rows in blocks under headings, each block as wide as `value_columns` at most."""
    return _in_blocks(node, path, r, columns, width=node.get("value_columns", 1))


def _list_body(node, path: str, r: _Reader, columns: list[Column]) -> _Body:
    """`list`: rows in blocks, one value column."""
    return _in_blocks(node, path, r, columns, width=None)


def _matrix_body(node, path: str, r: _Reader, columns: list[Column]) -> _Body:
    """`matrix`: rows nested in groups, whose labels take one label column per level."""
    rows = _grouped_rows(node, path, r, columns)
    label_columns = node.get("label_columns", 1)
    depth = max((len(x.groups) for x in rows), default=0)
    if label_columns <= depth:
        r.fail(node, f"{path}.label_columns", f"分组有{depth}层，至少需要{depth + 1}列标签")
    return _Body(rows)


def _flat_body(node, path: str, r: _Reader, columns: list[Column]) -> _Body:
    """`flat`: logical rows printed side by side under `print_header`, which names each row once."""
    rows = _grouped_rows(node, path, r, columns)
    row_keys = {x.key for x in rows}
    header = tuple(_print_header(h, f"{path}.print_header[{j}]", r, row_keys, columns)
                   for j, h in enumerate(r.seq(node, "print_header", path)))
    named = [n.row for h in header for n in _nodes(h) if n.row is not None and n.key is None]
    if sorted(named) != sorted(row_keys):
        r.fail(node, f"{path}.print_header", "必须恰好列出每一行一次")
    return _Body(rows, print_header=header)


_BODIES = {Layout.BLOCKS: _blocks_body, Layout.LIST: _list_body, Layout.MATRIX: _matrix_body, Layout.FLAT: _flat_body}


def _in_blocks(node, path: str, r: _Reader, columns: list[Column], width: int | None) -> _Body:
    all_columns = tuple(c.key for c in columns)
    body = _Body([])
    for j, b in enumerate(r.seq(node, "blocks", path)):
        bpath = f"{path}.blocks[{j}]"
        r.mapping(b, bpath, {"key", "heading", "columns", "rows"}, {"key", "heading", "rows"})
        bcols = tuple(b.get("columns") or all_columns)
        for c in bcols:
            if c not in all_columns:
                r.fail(b, f"{bpath}.columns", f"没有列“{c}”")
        if width is not None and len(bcols) > width:
            r.fail(b, f"{bpath}.columns", "列数超过了 value_columns")
        brows = [_row(rn, f"{bpath}.rows[{k}]", r, bcols, block=b["key"])
                 for k, rn in enumerate(r.seq(b, "rows", bpath))]
        body.rows.extend(brows)
        body.blocks.append(Block(key=r.key(b, bpath), heading=b["heading"], rows=tuple(x.key for x in brows),
                                 columns=bcols))
    _check_rows(node, path, r, body.rows)
    return body


def _grouped_rows(node, path: str, r: _Reader, columns: list[Column]) -> list[Row]:
    rows: list[Row] = []
    _walk(r.seq(node, "rows", path), f"{path}.rows", (), r, tuple(c.key for c in columns), rows)
    _check_rows(node, path, r, rows)
    return rows


def _walk(items: list, path: str, groups: tuple[str, ...], r: _Reader, columns: tuple[str, ...],
          into: list[Row]) -> None:
    """Rows and groups of rows (`{group: label, rows: [...]}`), depth first, into `into`."""
    for k, rn in enumerate(items):
        rp = f"{path}[{k}]"
        if isinstance(rn, dict) and "group" in rn and "rows" in rn:
            r.mapping(rn, rp, {"group", "rows"})
            _walk(r.seq(rn, "rows", rp), f"{rp}.rows", groups + (rn["group"],), r, columns, into)
        else:
            into.append(_row(rn, rp, r, columns, groups))


def _check_rows(node, path: str, r: _Reader, rows: list[Row]) -> None:
    seen = set()
    for row in rows:
        if row.key in seen:
            r.fail(node, path, f"行键“{row.key}”重复（同一张表内行键必须唯一）")
        seen.add(row.key)
    r.apart(node, path, [(row.label, row.aliases) for row in rows], "行")


def _nodes(node: HeaderNode) -> list[HeaderNode]:
    """A header node and every node under it."""
    return [node] + [n for child in node.children for n in _nodes(child)]


def _print_header(node, path: str, r: _Reader, rows: set[str], columns: list[Column]) -> HeaderNode:
    """A node of a flat table's printed header: a logical row (its columns become the leaves) or a
    group of them."""
    r.mapping(node, path, {"label", "row", "children"}, {"label"})
    row = node.get("row")
    if row is not None:
        if row not in rows:
            r.fail(node, f"{path}.row", f"没有行“{row}”")
        leaves = tuple(HeaderNode(label=c.label, key=c.key, row=row) for c in columns)
        return HeaderNode(label=node["label"], row=row, children=leaves)
    kids = r.seq(node, "children", path)
    return HeaderNode(label=node["label"], children=tuple(_print_header(c, f"{path}.children[{j}]", r, rows, columns)
                                                          for j, c in enumerate(kids)))


# --- computed cells and checks --------------------------------------------------------------------

@dataclass
class _Rules:
    """What the rules of a file are read against: its tables, and the reader that reports mistakes."""

    tables: dict[str, Table]
    r: _Reader

    def expand(self, table: str, what: str, first: str, last: str) -> list[str]:
        keys = self.tables[table].row_keys if what == "rows" else self.tables[table].column_keys
        return expand_keys(f"{first}..{last}", keys)

    def known(self, cell: Cell) -> bool:
        return cell.table in self.tables and self.tables[cell.table].has_cell(cell.row, cell.column)

    def axis(self, node: dict, path: str) -> Axis | None:
        return self.r.word(node, "for_each", path, Axis) if node.get("for_each") is not None else None

    def scope(self, table: str = "", axis: Axis | None = None, row: str | None = None,
              column: str | None = None) -> Scope:
        return Scope(table, axis, row, column, self.expand, self.known)

    def linear(self, text, scope: Scope, node, path: str) -> Linear:
        if isinstance(text, (int, float)) and not isinstance(text, bool):
            text = str(text)
        try:
            return parse_linear(text, scope)
        except ExprError as exc:
            self.r.fail(node, path, str(exc))

    def table(self, node, path: str) -> Table:
        key = node.get("table")
        if key not in self.tables:
            self.r.fail(node, f"{path}.table", f"没有表格“{key}”")
        return self.tables[key]

    def places(self, node: dict, path: str, table: Table) -> list[tuple[str | None, str | None]]:
        """The (row, column) places a row-wise or column-wise rule is applied at."""
        axis = self.axis(node, path)
        try:
            if axis is Axis.COLUMN:
                return [(None, c) for c in _expand_names(node.get("columns"), table.column_keys)]
            if axis is Axis.ROW:
                rows = [x.key for x in table.rows if not x.is_group]
                return [(x, None) for x in _expand_names(node.get("rows"), rows)]
        except ExprError as exc:
            self.r.fail(node, path, str(exc))
        return [(None, None)]


def _expand_names(names, keys):
    if names is None:
        return list(keys)
    return expand_keys(names, keys)


def _carry_over(nodes, rules: _Rules) -> list[tuple[str, str, str]]:
    r = rules.r
    result = []
    for i, node in enumerate(nodes):
        path = f"carry_over[{i}]"
        r.mapping(node, path, {"table", "from", "to"}, {"table", "from", "to"})
        table = rules.table(node, path)
        for end in ("from", "to"):
            if node[end] not in table.row_keys:
                r.fail(node, f"{path}.{end}", f"表格 {table.key} 没有行“{node[end]}”")
        result.append((table.key, node["from"], node["to"]))
    return result


def _key_figures(node, rules: _Rules) -> KeyFigures:
    """`compare:` — 上年对照's figures (key, label, value: an expression of this year's cells) and
    `swing: {percent, least}`, what counts as a large change."""
    r = rules.r
    r.mapping(node, "compare", {"swing", "figures"}, {"swing", "figures"})
    swing = r.mapping(node["swing"], "compare.swing", {"percent", "least"}, {"percent", "least"})
    percent = _figure_number(swing, "percent", "compare.swing", r, whole=False, above=0)
    least = _figure_number(swing, "least", "compare.swing", r, whole=False, above=-1)
    figures: list[KeyFigure] = []
    for i, item in enumerate(r.seq(node, "figures", "compare")):
        path = f"compare.figures[{i}]"
        r.mapping(item, path, {"key", "label", "value"}, {"key", "label", "value"})
        key = r.key(item, path)
        if any(f.key == key for f in figures):
            r.fail(item, path, f"键“{key}”重复")
        value = rules.linear(item["value"], rules.scope(), item, f"{path}.value")
        if any(c.last for c in value.cells):
            r.fail(item, f"{path}.value", "不能引用上年数据（上年的数字按上年格式中同一键的表达式读取）")
        if not value.cells:
            r.fail(item, f"{path}.value", "应至少引用一个单元格")
        kinds = {rules.tables[c.table].kind_of(c) for c in value.cells}
        kind = CellKind.DECIMAL if CellKind.DECIMAL in kinds else CellKind.COUNT
        figures.append(KeyFigure(key=key, label=r.words(item, "label", path), value=value, kind=kind))
    return KeyFigures(figures=tuple(figures), percent=percent, least=least)


def _computed(nodes, rules: _Rules) -> list[Computed]:
    r = rules.r
    result: dict[Cell, Computed] = {}
    for i, node in enumerate(nodes):
        path = f"computed[{i}]"
        r.mapping(node, path, {"id", "table", "for_each", "rows", "columns", "cell", "value", "description"},
                  {"id", "table", "cell", "value"})
        table = rules.table(node, path)
        for row, column in rules.places(node, path, table):
            scope = rules.scope(table.key, rules.axis(node, path), row, column)
            target = rules.linear(node["cell"], scope, node, f"{path}.cell")
            if len(target.terms) != 1 or target.constant:
                r.fail(node, f"{path}.cell", "应为一个单元格")
            cell = target.terms[0][1]
            if cell in result:
                r.fail(node, path, f"单元格 {cell} 已由规则 {result[cell].rule} 计算，不能重复定义")
            value = rules.linear(node["value"], scope, node, f"{path}.value")
            if any(c.last for c in value.cells):
                r.fail(node, f"{path}.value", "计算单元格不能引用上年数据")
            result[cell] = Computed(rule=str(node["id"]), cell=cell, value=value,
                                    description=node.get("description", ""))
    return _topological(result, r)


def _topological(by_cell: dict[Cell, Computed], r: _Reader) -> list[Computed]:
    """Order computed cells so that each comes after the computed cells it adds up."""
    order: list[Computed] = []
    state: dict[Cell, int] = {}

    def visit(cell: Cell, chain: list[Cell]):
        if state.get(cell) == 2:
            return
        if state.get(cell) == 1:
            raise FormatError(f"格式文件 {r.source}：计算单元格循环引用：{' → '.join(map(str, chain + [cell]))}")
        state[cell] = 1
        for part in by_cell[cell].value.cells:
            if part in by_cell:
                visit(part, chain + [cell])
        state[cell] = 2
        order.append(by_cell[cell])

    for cell in by_cell:
        visit(cell, [])
    return order


def _checks(nodes, rules: _Rules) -> tuple[list[Compare], list[SpecialCheck]]:
    """The comparison rules (one `Compare` per place each is applied at) and the built-in checks
    (`type: ...`), in the order of the file."""
    compares: list[Compare] = []
    specials: list[SpecialCheck] = []
    for i, node in enumerate(nodes):
        path = f"checks[{i}]"
        if not isinstance(node, dict):
            rules.r.fail(node, path, "应为键值表")
        severity = rules.r.word(node, "severity", path, Severity)
        if "type" in node:
            specials.append(_special(node, path, severity, rules))
        else:
            compares.extend(_compare(node, path, severity, rules))
    return compares, specials


def _compare(node: dict, path: str, severity: Severity, rules: _Rules) -> list[Compare]:
    r = rules.r
    r.mapping(node, path, {"id", "table", "for_each", "rows", "columns", "needs", "left", "op", "right",
                           "severity", "blank", "fix", "message"},
              {"id", "table", "left", "op", "right", "message"})
    table = rules.table(node, path)
    op = r.word(node, "op", path, Op)
    blank = r.word(node, "blank", path, BlankStrategy, BlankStrategy.ZERO)
    needs = node.get("needs")
    if needs not in (None, "last"):
        r.fail(node, f"{path}.needs", "只能是 last")
    message = _prose(node["message"])
    result = []
    for row, column in rules.places(node, path, table):
        scope = rules.scope(table.key, rules.axis(node, path), row, column)
        left = rules.linear(node["left"], scope, node, f"{path}.left")
        right = rules.linear(node["right"], scope, node, f"{path}.right")
        if needs != "last" and any(c.last for c in left.cells + right.cells):
            r.fail(node, path, "引用了上年数据（last.），须写 needs: last")
        result.append(Compare(rule=str(node["id"]), severity=severity, left=left, op=op, right=right, blank=blank,
                              message=message, context=_context(table, row, column), needs_last=needs == "last",
                              fix=_fix(node, path, scope, rules)))
    return result


def _fix(node: dict, path: str, scope: Scope, rules: _Rules) -> tuple[Cell, Linear] | None:
    """`fix: {cell, value}`: the cell a failed comparison suggests changing, and to what."""
    if node.get("fix") is None:
        return None
    f = rules.r.mapping(node["fix"], f"{path}.fix", {"cell", "value"}, {"cell", "value"})
    target = rules.linear(f["cell"], scope, f, f"{path}.fix.cell")
    if len(target.terms) != 1:
        rules.r.fail(f, f"{path}.fix.cell", "应为一个单元格")
    return target.terms[0][1], rules.linear(f["value"], scope, f, f"{path}.fix.value")


def _context(table: Table, row: str | None, column: str | None) -> dict:
    """The words a check's message may name: {table}, {row}, {column}."""
    context = {"table": table.short}
    if row is not None:
        context["row"] = table.row(row).label
    if column is not None:
        context["column"] = table.column(column).label
    return context


_PROSE_MENTION = {"when", "section", "must_mention", "must_not_match", "message"}
_OPTION_KEYS = {CheckType.PROSE_MENTION: _PROSE_MENTION, CheckType.PROSE_FIGURES: {"other_organ", "other_figure"},
                CheckType.JUMP: {"tables", "factor", "margin", "reason", "reason_from_zero", "message"},
                CheckType.CEILING: {"tables", "limit", "reason", "message"},
                CheckType.PROSE_REPEAT: {"threshold", "min_chars", "message", "carried_message"}}


def _special(node: dict, path: str, severity: Severity, rules: _Rules) -> SpecialCheck:
    kind = rules.r.word(node, "type", path, CheckType)
    extra = _OPTION_KEYS.get(kind, set())
    rules.r.mapping(node, path, {"id", "type", "severity"} | extra, {"id", "severity"} | extra)
    read = _OPTION_READERS.get(kind)
    options = read(node, path, rules) if read else {}
    return SpecialCheck(rule=str(node["id"]), type=kind, severity=severity, options=options)


def _figure_tables(node: dict, path: str, rules: _Rules) -> tuple[str, ...]:
    """`tables: [t3, t4]`: the tables whose figures a `jump` or `ceiling` check looks at."""
    value = node["tables"]
    if not isinstance(value, list) or not value:
        rules.r.fail(node, f"{path}.tables", "应为表格键的非空列表，如 [t3, t4]")
    for i, key in enumerate(value):
        if not isinstance(key, str) or key not in rules.tables:
            rules.r.fail(node, f"{path}.tables[{i}]", f"没有表格“{key}”")
    return tuple(value)


def _figure_number(node: dict, key: str, path: str, r: _Reader, whole: bool, above: int) -> int | Decimal:
    """A numeric parameter (`factor: 10`, `margin: 100`): a number (a whole one if `whole`) above `above`."""
    value = node[key]
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (whole and not isinstance(value, int)) \
            or value <= above:
        what = "整数" if whole else "数"
        r.fail(node, f"{path}.{key}", f"应为大于{above}的{what}，实际为“{value}”")
    return value if isinstance(value, int) else Decimal(str(value))


def _jump(node: dict, path: str, rules: _Rules) -> dict:
    """The options of a `jump` check: a figure over `factor` times last year's and larger by over `margin`."""
    return {"tables": _figure_tables(node, path, rules),
            "factor": _figure_number(node, "factor", path, rules.r, whole=False, above=1),
            "margin": _figure_number(node, "margin", path, rules.r, whole=True, above=-1),
            "reason": _prose(node["reason"]), "reason_from_zero": _prose(node["reason_from_zero"]),
            "message": _prose(node["message"])}


def _ceiling(node: dict, path: str, rules: _Rules) -> dict:
    """The options of a `ceiling` check: a figure above `limit` (a number, or an expression of this
    year's cells such as `t3.new_received.total + t3.carried_over.total`)."""
    limit = rules.linear(node["limit"], rules.scope(), node, f"{path}.limit")
    if any(c.last for c in limit.cells):
        rules.r.fail(node, f"{path}.limit", "不能引用上年数据")
    return {"tables": _figure_tables(node, path, rules), "limit": limit, "reason": _prose(node["reason"]),
            "message": _prose(node["message"])}


def _prose_repeat(node: dict, path: str, rules: _Rules) -> dict:
    """The options of a `prose_repeat` check: a section whose share of characters in common with last
    year's same section is at least `threshold` (a fraction, 0.8), among sections of at least
    `min_chars` characters (a short “本机关无其他需要报告的事项。” may say the same every year)."""
    threshold = _figure_number(node, "threshold", path, rules.r, whole=False, above=0)
    if threshold > 1:
        rules.r.fail(node, f"{path}.threshold", f"应为0到1之间的比例，如 0.8，实际为“{threshold}”")
    return {"threshold": float(threshold), "min_chars": _figure_number(node, "min_chars", path, rules.r, whole=True,
                                                                      above=-1),
            "message": _prose(node["message"]), "carried_message": _prose(node["carried_message"])}


def _prose_mention(node: dict, path: str, rules: _Rules) -> dict:
    """The options of a `prose_mention` check: when it applies, and what the section must say."""
    r = rules.r
    when = r.mapping(node["when"], f"{path}.when", {"left", "op", "right"}, {"left", "op", "right"})
    op = r.word(when, "op", f"{path}.when", Op)
    scope = rules.scope()
    try:
        pattern = re.compile(node["must_not_match"])
    except re.error as exc:
        r.fail(node, f"{path}.must_not_match", f"正则表达式有误：{exc}")
    return {"left": rules.linear(when["left"], scope, when, f"{path}.when.left"), "op": op,
            "right": rules.linear(when["right"], scope, when, f"{path}.when.right"),
            "section": node["section"], "must_mention": node["must_mention"],
            "must_not_match": pattern, "message": _prose(node["message"])}


def _pattern(node: dict, key: str, path: str, r: _Reader) -> re.Pattern[str]:
    """A regular expression of the file, compiled once at load (checks run on every keystroke)."""
    text = r.words(node, key, path)
    try:
        return re.compile(text)
    except re.error as exc:
        r.fail(node, f"{path}.{key}", f"正则表达式有误：{exc}")


def _prose_figure_options(node: dict, path: str, rules: _Rules) -> dict:
    """R8's words that make a figure not this organ's table figure: in the sentence before it
    (`other_organ`: 全市、各部门), in its clause (`other_figure`: a change, a part of a total)."""
    return {key: _pattern(node, key, path, rules.r) for key in ("other_organ", "other_figure")}


def _prose_figures(nodes, rules: _Rules) -> list[ProseFigure]:
    r = rules.r
    result = []
    for i, node in enumerate(nodes):
        path = f"prose_figures[{i}]"
        r.mapping(node, path, {"pattern", "value", "what"}, {"pattern", "value", "what"})
        try:
            pattern = re.compile(node["pattern"])
        except re.error as exc:
            r.fail(node, f"{path}.pattern", f"正则表达式有误：{exc}")
        if pattern.groups != 1:
            r.fail(node, f"{path}.pattern", "必须恰好有一个括号分组，括住数字")
        result.append(ProseFigure(pattern=pattern, value=rules.linear(node["value"], rules.scope(), node,
                                                                      f"{path}.value"),
                                  what=node["what"]))
    return result


def _summary(nodes, path: str, rules: _Rules) -> tuple[SummaryPart, ...]:
    """`summary:` — the parts of the 插入数据摘要 sentence (forms.summary), in order."""
    r = rules.r
    if not isinstance(nodes, list):
        r.fail(nodes, path, "应为列表")
    return tuple(_summary_part(node, f"{path}[{i}]", rules) for i, node in enumerate(nodes))


def _summary_part(node, path: str, rules: _Rules) -> SummaryPart:
    r = rules.r
    r.mapping(node, path, {"text", "value", "omit_zero", "items", "separator", "none"}, {"text"})
    text = r.words(node, "text", path)
    items = node.get("items")
    if "value" in node:
        if text.count("{}") != 1:
            r.fail(node, f"{path}.text", "应有一处“{}”，写数字的地方")
        value = rules.linear(node["value"], rules.scope(), node, f"{path}.value")
        return SummaryPart(text=text, value=value, omit_zero=bool(node.get("omit_zero")))
    if items is None:
        return SummaryPart(text=text)
    if not isinstance(items, list) or not items:
        r.fail(node, f"{path}.items", "应为不空的列表，每项有 text 和 value")
    parts = _summary(items, f"{path}.items", rules)
    if any(part.value is None for part in parts):
        r.fail(node, f"{path}.items", "每项都要有 value")
    return SummaryPart(text=text, items=parts, separator=r.text(node, "separator", path, "、") or "",
                       none=r.text(node, "none", path, "") or "")


_OPTION_READERS: dict[CheckType, Callable[[dict, str, _Rules], dict]] = {
    CheckType.PROSE_MENTION: _prose_mention, CheckType.JUMP: _jump, CheckType.CEILING: _ceiling,
    CheckType.PROSE_REPEAT: _prose_repeat, CheckType.PROSE_FIGURES: _prose_figure_options}


@cache
def _bundled() -> dict[str, Form]:
    forms: dict[str, Form] = {}
    for path in sorted(FORMATS_DIR.glob("*.yaml")):
        form = load_form(path)
        if form.id in forms:
            raise FormatError(f"格式编号“{form.id}”在 {forms[form.id].source} 和 {path.name} 中重复")
        forms[form.id] = form
    return forms


def all_forms() -> list[Form]:
    """The bundled formats, newest first."""
    return sorted(_bundled().values(), key=lambda f: -(f.years[0] or 0))


def get_form(form_id: str) -> Form:
    forms = _bundled()
    if form_id not in forms:
        raise KeyError(form_id)
    return forms[form_id]


def default_form() -> Form:
    return next(f for f in all_forms() if f.default)


def form_for_year(year: int) -> Form:
    """The format that applies to a report year (the default for years no format covers)."""
    for form in all_forms():
        if form.applies_to(year):
            return form
    return default_form()
