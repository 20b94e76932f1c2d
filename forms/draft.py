"""Draft files: the report as one UTF-8 JSON file (docs/draft-file.md, schema in docs/draft.schema.json).

Other programs read and write these files, so the reader is strict and says exactly where a file is
wrong — never a traceback, never a guess — and the writer is atomic and deterministic (the same
report always gives the same bytes).
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import NoReturn

from .atomic import ReadError, atomic_write, read_bytes_checked
from .definition import CellKind, Form, Table
from .expr import Cell, Number
from .loader import all_forms, get_form
from .numbers import MAX_DIGITS, format_value
from .report import INFO_FIELDS, Report
from .text import unusable_characters

FORMAT_TAG = "nianbao.report"
VERSION = 1
MAX_BYTES = 20 * 1024 * 1024
_TOP_KEYS = ("format", "version", "form", "organ", "year", "info", "sections", "carried_text", "tables")
_DECIMAL_TEXT = re.compile(r"^-?\d+(\.\d+)?$")
# The longest figure text read at all: 15 digits, a point and more decimals than any amount needs.
# Longer ones are refused before they are parsed (Python refuses ints of over 4,300 digits anyway).
_MAX_NUMBER_TEXT = 40
YEAR_RANGE = (2000, 2100)


class DraftError(ValueError):
    """A draft file that cannot be read. `str()` is the message for the user, naming the place."""

    def __str__(self) -> str:
        return self.args[0]


def _fail(where: str, what: str, place: str = "") -> NoReturn:
    """`where` is the path in the file (for whoever wrote it), `place` the cell as printed (for the clerk)."""
    at = f"“{where}”处{f'（{place}）' if place else ''}：" if where else ""
    raise DraftError(_shown(f"草稿文件{at}{what}"))


def _shown(message: str) -> str:
    """A message that names a key of the file as it is, with what no output can hold as U+XXXX."""
    for code in unusable_characters(message):
        message = message.replace(chr(int(code[2:], 16)), code)
    return message


def read_draft(path: str | Path) -> Report:
    path = Path(path)
    try:
        data = read_bytes_checked(path, MAX_BYTES, "草稿文件")
    except ReadError as exc:
        raise DraftError(str(exc)) from None
    try:
        return parse_draft(data)
    except DraftError as exc:
        raise DraftError(f"“{path.name}”：{exc}") from None


def _reject_constant(name):
    raise ValueError(f"不允许的数值 {name}")


class _LongNumber:
    """A JSON number too long to be a figure, kept unparsed so the reader can say where it is."""

    def __init__(self, text: str) -> None:
        self.length = len(text)


def _parse_int(text: str) -> int | _LongNumber:
    return _LongNumber(text) if len(text) > _MAX_NUMBER_TEXT else int(text)


def _parse_float(text: str) -> float | _LongNumber:
    return _LongNumber(text) if len(text) > _MAX_NUMBER_TEXT else float(text)


class _Object(dict):
    """A JSON object; `duplicate` is the first key the file writes twice (json keeps only the last)."""

    duplicate: str | None = None


def _object_pairs(pairs: list[tuple[str, object]]) -> _Object:
    obj = _Object()
    for key, value in pairs:
        if key in obj and obj.duplicate is None:
            obj.duplicate = key
        obj[key] = value
    return obj


def parse_draft(data: bytes | str) -> Report:
    if isinstance(data, bytes):
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise DraftError(f"草稿文件不是UTF-8编码的文本（第{exc.start + 1}个字节）。"
                             f"它可能不是年报通的草稿文件，或已经损坏。") from None
    else:
        text = data.removeprefix("\ufeff")
    try:
        doc = json.loads(text, parse_constant=_reject_constant, parse_int=_parse_int, parse_float=_parse_float,
                         object_pairs_hook=_object_pairs)
    except json.JSONDecodeError as exc:
        raise DraftError(f"草稿文件第{exc.lineno}行第{exc.colno}列不是有效的JSON（{_json_reason(exc.msg)}）。"
                         f"文件可能不完整或已经损坏。") from None
    except RecursionError:
        raise DraftError("草稿文件内容无效：嵌套层次过深。它可能不是年报通的草稿文件，或已经损坏。") from None
    except ValueError as exc:
        raise DraftError(f"草稿文件内容无效：{exc}。它可能不是年报通的草稿文件，或已经损坏。") from None
    _check_duplicates(doc)
    return _report_from(doc)


def _check_duplicates(doc) -> None:
    """A key written twice is an error: json would keep the last silently, and a table could vanish."""
    pending = [("", doc)]
    while pending:
        where, node = pending.pop()
        if isinstance(node, _Object):
            if node.duplicate is not None:
                key = node.duplicate
                _fail(f"{where}.{key}" if where else key,
                      f"项目“{key}”写了不止一次。每个项目只能写一次，请删去多余的一项后再打开。")
            pending.extend((f"{where}.{k}" if where else k, v) for k, v in node.items())
        elif isinstance(node, list):
            pending.extend((f"{where}[{i}]", v) for i, v in enumerate(node))


_JSON_REASONS = {"Expecting value": "缺少值", "Unterminated string": "字符串没有结束",
                 "Expecting property name enclosed in double quotes": "键名应使用双引号",
                 "Expecting ',' delimiter": "缺少逗号", "Expecting ':' delimiter": "缺少冒号",
                 "Extra data": "末尾有多余内容", "Invalid control character": "含有无效的控制字符",
                 "Invalid \\uXXXX escape": "“\\u”后面应为4位十六进制数",
                 "Invalid \\escape": "反斜杠“\\”后面的字符无效",
                 "Illegal trailing comma": "最后一项后面多了逗号"}


def _json_reason(msg: str) -> str:
    """The json module's reason in Chinese (its own words are English)."""
    for key, reason in _JSON_REASONS.items():
        if msg.startswith(key):
            return reason
    return "格式不正确"


def _report_from(doc) -> Report:
    if not isinstance(doc, dict):
        _fail("", "最外层应为一个对象（{…}）。")
    _check_envelope(doc)
    form = _form_of(doc)
    report = Report(form=form, year=_year_of(doc))
    # through the report's setters: what the file holds becomes text every output accepts
    report.set_organ(_organ_of(doc))
    for key, text in _strings(doc.get("info"), "info", set(INFO_FIELDS)).items():
        report.set_info(key, text)
    section_keys = {s.key for s in form.sections if s.has_prose}
    for key, text in _strings(doc.get("sections"), "sections", section_keys).items():
        report.set_section(key, text)
    report.carried_text = _carried_text(doc.get("carried_text"), section_keys) & set(report.sections)
    stated = _tables(doc.get("tables"), form, report)
    for cell, value in stated.items():
        if report.value(cell) != value:
            report.stated[cell] = value
    return report


def _check_envelope(doc: dict) -> None:
    """The tag, the version and the top-level keys of a draft file."""
    if doc.get("format") != FORMAT_TAG:
        _fail("format", f"应为“{FORMAT_TAG}”，这不是年报通的草稿文件。")
    version = doc.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        _fail("version", "应为正整数。")
    if version > VERSION:
        _fail("version", f"文件版本为{version}，是更新版本的年报通保存的；本程序只能读取版本{VERSION}。"
                         f"请升级年报通后再打开。")
    for key in doc:
        if key not in _TOP_KEYS:
            _fail(key, f"未知的项目“{key}”（可用：{'、'.join(_TOP_KEYS)}）。")


def _form_of(doc: dict) -> Form:
    form_id = doc.get("form")
    try:
        form = get_form(form_id) if isinstance(form_id, str) else None
    except KeyError:
        form = None
    if form is None:
        known = "、".join(f.id for f in all_forms())
        _fail("form", f"未知的报告格式“{form_id}”（可用：{known}）。")
    return form


def _organ_of(doc: dict) -> str:
    organ = doc.get("organ", "")
    if organ is None:
        return ""
    if not isinstance(organ, str):
        _fail("organ", "机关名称应为文字。")
    return organ


def _year_of(doc: dict) -> int | None:
    year = doc.get("year")
    if year is None:
        return None
    if isinstance(year, bool) or not isinstance(year, int):
        _fail("year", "年度应为整数，如 2025。")
    if not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
        _fail("year", f"年度{year}不在{YEAR_RANGE[0]}—{YEAR_RANGE[1]}之间。")
    return year


def _strings(node, where: str, allowed: set[str]) -> dict[str, str]:
    if node is None:
        return {}
    if not isinstance(node, dict):
        _fail(where, "应为一个对象（{…}）。")
    result = {}
    for key, value in node.items():
        if key not in allowed:
            _fail(f"{where}.{key}", f"未知的项目“{key}”（可用：{'、'.join(sorted(allowed))}）。")
        if value is None:
            continue
        if not isinstance(value, str):
            _fail(f"{where}.{key}", "应为文字。")
        if value:
            result[key] = value
    return result


def _carried_text(node, allowed: set[str]) -> set[str]:
    """`carried_text`: the sections whose text is still last year's as carried over (a mark kept until
    the text is edited); a key of a section without text is dropped."""
    if node is None:
        return set()
    if not isinstance(node, list):
        _fail("carried_text", "应为部分键的列表（[…]），如 [\"overview\", \"problems\"]。")
    for i, key in enumerate(node):
        if not isinstance(key, str) or key not in allowed:
            _fail(f"carried_text[{i}]", f"未知的部分“{key}”（可用：{'、'.join(sorted(allowed))}）。")
    return set(node)


def _tables(node, form: Form, report: Report) -> dict[Cell, Number | None]:
    """Input cells go into the report; computed cells found in the file are returned as stated."""
    stated: dict[Cell, Number | None] = {}
    for table_key, rows in _object(node, "tables").items():
        table = form.tables.get(table_key)
        where = f"tables.{table_key}"
        if table is None:
            _fail(where, f"格式 {form.id} 没有表格“{table_key}”（可用：{'、'.join(form.tables)}）。")
        for row_key, columns in _object(rows, where).items():
            rwhere = f"{where}.{row_key}"
            if row_key not in table.row_keys or table.row(row_key).is_group:
                _fail(rwhere, f"表格 {table_key} 没有可填数的行“{row_key}”。")
            for column_key, raw in _object(columns, rwhere).items():
                cell = _cell_of(table, row_key, column_key, f"{rwhere}.{column_key}")
                # the JSON path for whoever wrote the file, the printed place for the clerk
                value = _cell_value(raw, table.kind_of(cell), f"{rwhere}.{column_key}", table.place(cell))
                if form.is_computed(cell):
                    stated[cell] = value
                elif value is not None:
                    report.values[cell] = value
    return stated


def _object(node, where: str) -> dict:
    """A JSON object of the file; null is an empty one."""
    if node is None:
        return {}
    if not isinstance(node, dict):
        _fail(where, "应为一个对象（{…}）。")
    return node


def _cell_of(table: Table, row_key: str, column_key: str, where: str) -> Cell:
    if not table.has_cell(row_key, column_key):
        _fail(where, f"“{table.row(row_key).label}”行没有列“{column_key}”"
                     f"（可用：{'、'.join(table.row(row_key).columns)}）。")
    return Cell(table.key, row_key, column_key)


def _cell_value(raw, kind: CellKind, where: str, place: str = "") -> Number | None:
    if raw is None:
        return None
    if isinstance(raw, bool):
        _fail(where, f"应为数字，实际是{'true' if raw else 'false'}。", place)
    if isinstance(raw, _LongNumber) or (isinstance(raw, str) and len(raw) > _MAX_NUMBER_TEXT):
        length = raw.length if isinstance(raw, _LongNumber) else len(raw)
        _fail(where, f"数字太长（{length}个字符），不是表中可以填的数。请改为实际的数字后再打开。", place)
    if kind == CellKind.DECIMAL:
        return _amount(raw, where, place)
    if isinstance(raw, float) and raw.is_integer() and abs(raw) < 10 ** MAX_DIGITS:
        raw = int(raw)
    if not isinstance(raw, int):
        what = "整数" if kind == CellKind.SIGNED else "不小于0的整数"
        _fail(where, f"应为{what}（件数），实际是 {json.dumps(raw, ensure_ascii=False)[:40]}。", place)
    if abs(raw) >= 10 ** MAX_DIGITS:
        _fail(where, "数字位数太多。", place)
    return raw


def _amount(raw, where: str, place: str) -> Decimal:
    """An amount in 万元: written as a string ("96171.6"); a JSON number is accepted too."""
    if isinstance(raw, (int, float)):
        raw = repr(raw) if isinstance(raw, float) else str(raw)
    if not isinstance(raw, str) or not _DECIMAL_TEXT.match(raw.strip()):
        _fail(where, f"应为金额（如 \"96171.6\"），实际是 {json.dumps(raw, ensure_ascii=False)[:40]}。", place)
    raw = raw.strip()
    if len(raw.split(".")[0].lstrip("-0")) > MAX_DIGITS:
        _fail(where, "金额位数太多。", place)
    return Decimal(raw)         # the pattern admits digits and one point only


def draft_dict(report: Report) -> dict:
    """The report as the JSON object of docs/draft-file.md (computed cells included)."""
    form = report.form
    tables: dict = {}
    for table in form.tables.values():
        rows: dict = {}
        for cell in table.cells:
            if form.is_computed(cell):
                if cell in report.stated:
                    value = report.stated[cell]
                    include = True
                else:
                    value = report.value(cell)
                    include = value is not None
            else:
                value = report.values.get(cell)
                include = value is not None
            if include:
                rows.setdefault(cell.row, {})[cell.column] = (
                    format_value(value) if isinstance(value, Decimal) else value)
        if rows:
            tables[table.key] = rows
    doc = {"format": FORMAT_TAG, "version": VERSION, "form": form.id, "organ": report.organ,
           "year": report.year}
    info = {k: report.info[k] for k in INFO_FIELDS if report.info.get(k)}
    if info:
        doc["info"] = info
    sections = {s.key: report.sections[s.key] for s in form.sections if report.sections.get(s.key)}
    if sections:
        doc["sections"] = sections
    carried = [s.key for s in form.sections if s.key in report.carried_text and report.sections.get(s.key)]
    if carried:
        doc["carried_text"] = carried
    doc["tables"] = tables
    return doc


def dump_draft(report: Report) -> bytes:
    return (json.dumps(draft_dict(report), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def write_draft(report: Report, path: str | Path) -> Path:
    """Save atomically; raises SaveError (plain message) and leaves any previous file intact."""
    return atomic_write(path, dump_draft(report))
