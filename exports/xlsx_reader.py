"""Reading a report's figures from an Excel workbook: our own export, and sheets that people laid out
by hand in the official layout.

Tables are found by their labels, never by fixed cell positions (forms.labels does the matching), so
title and spacer rows, offset tables, merged or unmerged label cells, label variants, numbers stored
as text, "-"/"—"/"/" for none and notes under a table are all fine. What cannot be placed is reported
with the sheet and cell (表三!F12), never guessed. A total in the sheet that disagrees with the sum of
its parts is kept as the sheet's figure (`report.stated`), so the checks show it.

A workbook is untrusted input: it is inspected before openpyxl parses it (an .xls, an encrypted file,
a Word file, a zip bomb, a huge sheet, XML entities are refused with a plain message within seconds).
"""

from __future__ import annotations

import datetime
import re
import statistics
import warnings
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from forms.atomic import explain_read_error
from forms.definition import CellKind, Form, Layout, Table
from forms.expr import Cell
from forms.labels import TableLabels, normalise, split_labelled, title_identity
from forms.loader import all_forms, default_form, form_for_year, get_form
from forms.numbers import EntryError, parse_entry
from forms.report import INFO_FIELDS, Report

from .xlsx_writer import IDENTITY_LABELS

MAX_FILE_BYTES = 30 * 1024 * 1024
MAX_XML_BYTES = 10 * 1024 * 1024          # all XML parts together, uncompressed (parsing ~3 s)
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_SHEET_CELLS = 200_000                  # rows × columns of one sheet
MAX_MERGE_FILL = 10_000                    # larger merged ranges are not spread over their cells
_YEAR_RANGE = (2000, 2100)

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')
_EXCEL_ERRORS = {"#REF!", "#VALUE!", "#DIV/0!", "#N/A", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!"}
_NONE_MARKS = {normalise(m) for m in ("-", "--", "—", "——", "–", "/", "\\", "无", "没有")}

IDENTITY_ALIASES = {
    "organ": (IDENTITY_LABELS["organ"], "单位名称", "填报单位", "填报机关", "报送单位", "报告机关", "机关"),
    "year": (IDENTITY_LABELS["year"], "年度", "统计年度"),
    "form": (IDENTITY_LABELS["form"], "格式", "格式编号"),
    **{key: (label,) for key, label in INFO_FIELDS.items()},
}
IDENTITY_ALIASES["date"] += ("日期", "报告日期")
IDENTITY_ALIASES["address"] += ("地址", "联系地址")
IDENTITY_ALIASES["postcode"] += ("邮编",)
IDENTITY_ALIASES["phone"] += ("电话",)
IDENTITY_ALIASES["email"] += ("邮箱", "电子邮件", "email", "e-mail")
_IDENTITY_BY_LABEL = {normalise(a).lower(): key for key, aliases in IDENTITY_ALIASES.items() for a in aliases}


class WorkbookError(Exception):
    """A file that cannot be imported at all. `str()` is the message for the user."""

    def __str__(self) -> str:
        return self.args[0]


@dataclass
class ImportResult:
    report: Report
    problems: list[str] = field(default_factory=list)    # what to review, in plain Chinese
    form_reason: str = ""                                 # how the format was chosen
    places: dict[str, str] = field(default_factory=dict)  # table key -> where it was found (表三!A5)


def read_xlsx(path: str | Path, form_id: str | None = None) -> ImportResult:
    """Read a workbook into a report. Raises WorkbookError for a file that cannot be used."""
    path = Path(path)
    has_formulas = inspect_file(path)
    workbook = _load(path, data_only=True)
    sheets = [_Sheet(ws) for ws in workbook.worksheets]
    for sheet in sheets:
        if sheet.size > MAX_SHEET_CELLS:
            raise WorkbookError(_too_big(path, sheet.title, sheet.size))
    return _Import(path, sheets, form_id, has_formulas).run()


def _peek(path: Path, size: int = 256) -> bytes:
    with path.open("rb") as handle:
        return handle.read(size)


# --- the file, before any parsing -----------------------------------------------------------------

def inspect_file(path: Path) -> bool:
    """Refuse what openpyxl should never parse; returns whether the sheets hold formulas."""
    name = path.name
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(8)
            # an OLE compound file is an .xls or an encrypted .xlsx: its directory tells which
            ole = handle.read(4 * 1024 * 1024) if head == _OLE_MAGIC else b""
    except OSError as exc:
        raise WorkbookError(explain_read_error(exc, path, "Excel文件")) from None
    if size == 0:
        raise WorkbookError(f"“{name}”是空文件（0字节），不是Excel工作簿。")
    if head == _OLE_MAGIC:
        if "EncryptedPackage".encode("utf-16-le") in ole:
            raise WorkbookError(f"“{name}”设置了打开密码，无法读取。请在Excel或WPS中打开它，取消密码"
                                f"（文件→信息→保护工作簿→用密码进行加密，清空密码）后保存，再导入。")
        raise WorkbookError(f"“{name}”是旧版Excel（.xls）或WPS（.et）格式。请在Excel或WPS中打开它，"
                            f"“另存为”Excel工作簿（.xlsx）后再导入。")
    if size > MAX_FILE_BYTES:
        raise WorkbookError(f"“{name}”太大（{size // (1024 * 1024)}MB），不像年度报告的统计表。"
                            f"请把统计表复制到一个新的工作簿，保存后再导入。")
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{") and b"nianbao" in _peek(path):
        raise WorkbookError(f"“{name}”是年报通的草稿文件，不需要导入：请在窗口中用“打开草稿”打开它"
                            f"（命令行：python main.py open {name}）。")
    if not head.startswith(b"PK"):
        raise WorkbookError(f"“{name}”不是Excel工作簿（.xlsx）。如果它是CSV或文本文件，请在Excel或WPS中"
                            f"打开并“另存为”Excel工作簿（.xlsx）后再导入。")
    try:
        with zipfile.ZipFile(path) as archive:
            return _inspect_parts(archive, path)
    except WorkbookError:
        raise
    except Exception:  # noqa: BLE001 - a cut file, a bad CRC, damaged compression, an encrypted part …
        raise WorkbookError(_damaged(path)) from None


def _inspect_parts(archive: zipfile.ZipFile, path: Path) -> bool:
    name = path.name
    names = set(archive.namelist())
    if "xl/workbook.xml" not in names:
        if "xl/workbook.bin" in names:
            what = "Excel二进制工作簿（.xlsb）"
        elif "content.xml" in names and "mimetype" in names:
            what = "OpenDocument表格（.ods）"
        elif "word/document.xml" in names:
            what = "Word文档"
        elif "ppt/presentation.xml" in names:
            what = "PowerPoint演示文稿"
        else:
            raise WorkbookError(f"“{name}”是一个压缩包，不是Excel工作簿（.xlsx）。")
        raise WorkbookError(f"“{name}”是{what}，不是Excel工作簿（.xlsx）。"
                            f"请在Excel或WPS中打开它，“另存为”Excel工作簿（.xlsx）后再导入。")
    infos = archive.infolist()
    total = sum(i.file_size for i in infos)
    xml_total = sum(i.file_size for i in infos if i.filename.endswith((".xml", ".rels", ".vml")))
    if total > MAX_UNCOMPRESSED_BYTES or xml_total > MAX_XML_BYTES:
        raise WorkbookError(f"“{name}”解压后太大（{max(total, xml_total) // (1024 * 1024)}MB），"
                            f"不像年度报告的统计表。请把统计表复制到一个新的工作簿，保存后再导入。")
    has_formulas = False
    dimensions = []                              # (part, rows, columns) of each sheet
    for info in infos:
        if not info.filename.endswith((".xml", ".rels", ".vml")):
            continue
        data = archive.read(info)
        head = data[:65536]
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            head = head.decode("utf-16", "replace").encode("utf-8", "replace")
        if b"<!DOCTYPE" in head.upper() or b"<!ENTITY" in head.upper():
            raise WorkbookError(f"“{name}”中含有不安全的XML内容（实体定义），为安全起见不予读取。"
                                f"请在Excel或WPS中把统计表复制到一个新的工作簿，保存后再导入。")
        if info.filename.startswith("xl/worksheets/"):
            match = _DIMENSION.search(head)
            if match and match.group(3):
                from openpyxl.utils import column_index_from_string
                rows = int(match.group(4)) - int(match.group(2)) + 1
                cols = column_index_from_string(match.group(3).decode()) - \
                    column_index_from_string(match.group(1).decode()) + 1
                dimensions.append((info.filename, rows, cols))
            has_formulas = has_formulas or b"<f>" in data or b"<f " in data
    for part, rows, cols in dimensions:
        if rows * cols > MAX_SHEET_CELLS:
            sheet = _sheet_names(archive).get(part) or part.rsplit("/", 1)[-1].removesuffix(".xml")
            raise WorkbookError(_too_big(path, sheet, rows * cols, rows, cols))
    return has_formulas


def _damaged(path: Path) -> str:
    """The one message for a file that is a zip but cannot be read as a workbook. Library error
    texts never reach the user: they are English and name nothing the user can act on."""
    return (f"“{path.name}”已损坏或不是完整的Excel工作簿，无法读取。请在Excel或WPS中打开它：能打开的，"
            f"“另存为”Excel工作簿（.xlsx）后再导入；打不开的，请找到原始文件或请发送人重新发送。")


def _sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet part (xl/worksheets/sheet1.xml) -> the name on its tab (表三), so that a message names
    the sheet the user sees. Read after the entity check; an unreadable map just gives no names."""
    from defusedxml import ElementTree

    try:
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except Exception:  # noqa: BLE001 - the names only decorate a message
        return {}
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels}
    names = {}
    for sheet in workbook.iter():
        if sheet.tag.rsplit("}", 1)[-1] != "sheet":
            continue
        rid = next((v for k, v in sheet.attrib.items() if k.rsplit("}", 1)[-1] == "id"), None)
        target = targets.get(rid, "")
        part = target.lstrip("/") if target.startswith("/") else "xl/" + target
        names[part] = sheet.get("name", "")
    return names


def _too_big(path: Path, sheet: str, cells: int, rows: int | None = None, cols: int | None = None) -> str:
    size = f"{rows}行×{cols}列" if rows else f"{cells}个单元格"
    return (f"“{path.name}”中的工作表“{sheet}”太大（{size}），不像年度报告的统计表（上限{MAX_SHEET_CELLS}个单元格）。"
            f"请把统计表复制到一个新的工作簿，保存后再导入。")


def _load(path: Path, data_only: bool):
    """openpyxl's workbook. It is handed an open file, not the name: given a name, openpyxl refuses
    any that does not end in .xlsx/.xlsm, but what the file is was decided by its bytes
    (inspect_file), and a workbook renamed to .xls or sent without extension is still a workbook."""
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings(), path.open("rb") as handle:
            warnings.simplefilter("ignore")
            return load_workbook(handle, data_only=data_only, keep_links=False, rich_text=False)
    except WorkbookError:
        raise
    except OSError as exc:
        if path.exists() and not isinstance(exc, PermissionError):
            raise WorkbookError(_damaged(path)) from None       # openpyxl's own OSError: a part is missing
        raise WorkbookError(explain_read_error(exc, path, "Excel文件")) from None
    except Exception as exc:  # noqa: BLE001 - any failure to parse an untrusted file means "unreadable"
        chain, cause = [], exc
        while cause is not None and len(chain) < 10:     # openpyxl wraps defusedxml's refusal
            chain.append(type(cause).__name__)
            cause = cause.__cause__ or cause.__context__
        if any(name in ("EntitiesForbidden", "DTDForbidden", "ExternalReferenceForbidden") for name in chain):
            raise WorkbookError(f"“{path.name}”中含有不安全的XML内容（实体定义），为安全起见不予读取。") from None
        raise WorkbookError(_damaged(path)) from None


# --- a sheet as positions and texts ---------------------------------------------------------------

class _Sheet:
    """The cells of one worksheet: values at their own (row, column), texts of merged ranges spread
    over every cell of the range (a merged label labels every row it spans)."""

    def __init__(self, ws):
        self.title = ws.title
        # openpyxl keeps stored cells in `_cells`; iter_rows would create every empty cell of the
        # used range, which for a sheet with one far-away cell is millions of objects.
        self.values = {pos: c.value for pos, c in ws._cells.items() if c.value is not None}
        self.size = (max((r for r, _ in self.values), default=0)) * (max((c for _, c in self.values), default=0))
        self.anchor: dict[tuple[int, int], tuple[int, int]] = {}
        self.bottom: dict[tuple[int, int], int] = {}
        self.right: dict[tuple[int, int], int] = {}
        for merged in ws.merged_cells.ranges:
            top_left = (merged.min_row, merged.min_col)
            self.bottom[top_left] = merged.max_row
            self.right[top_left] = merged.max_col
            if (merged.max_row - merged.min_row + 1) * (merged.max_col - merged.min_col + 1) > MAX_MERGE_FILL:
                continue
            for r in range(merged.min_row, merged.max_row + 1):
                for c in range(merged.min_col, merged.max_col + 1):
                    if (r, c) != top_left:
                        self.anchor[(r, c)] = top_left
        self.rows: dict[int, list[int]] = {}
        for r, c in sorted(set(self.values) | {p for p, a in self.anchor.items() if a in self.values}):
            self.rows.setdefault(r, []).append(c)

    def value(self, r: int, c: int):
        return self.values.get((r, c))

    def text(self, r: int, c: int) -> str | None:
        """The label text shown at (r, c), merged ranges included; None for numbers and blanks."""
        value = self.values.get(self.anchor.get((r, c), (r, c)))
        if isinstance(value, str) and value.strip():
            return value
        return None

    def texts(self) -> list[tuple[int, int, str]]:
        """Every text cell once (merged ranges at their top-left cell)."""
        return [(r, c, v) for (r, c), v in self.values.items() if isinstance(v, str) and v.strip()]

    def address(self, r: int, c: int) -> str:
        from openpyxl.utils import get_column_letter

        title = self.title
        if re.search(r"[\s!'()\-,;]", title) or not title:
            title = "'" + title.replace("'", "''") + "'"
        return f"{title}!{get_column_letter(c)}{r}"


def _is_number(value) -> bool:
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


def _looks_numeric(value) -> bool:
    """A value that stands where a figure goes: a number, a number as text, or a mark for none."""
    if _is_number(value):
        return True
    if isinstance(value, str):
        s = normalise(value).replace(",", "")
        return s in _NONE_MARKS or bool(re.fullmatch(r"[+-]?\d+(\.\d+)?(万元|件|条|个|人次|人|次|篇|项)?", s))
    return False


# --- the import -----------------------------------------------------------------------------------

@dataclass
class _Found:
    """One table read from a sheet: where each of its cells was."""

    table: Table
    sheet: _Sheet
    first: tuple[int, int]
    cells: dict[Cell, tuple[int, int]] = field(default_factory=dict)


class _Import:
    def __init__(self, path: Path, sheets: list[_Sheet], form_id: str | None, has_formulas: bool):
        self.path = path
        self.sheets = sheets
        self.form_id = form_id
        self.has_formulas = has_formulas
        self.problems: list[str] = []
        self.unplaced: list[str] = []               # tables found more than once

    def run(self) -> ImportResult:
        identity = self._identity()
        form, reason = self._choose_form(identity)
        organ = identity.get("organ") or ""
        year = self._year(identity)
        report = Report(form=form, organ=organ.strip(), year=year,
                        info={k: identity[k] for k in INFO_FIELDS if identity.get(k)})
        if not report.organ:
            self.problems.append("没有找到机关名称，请在导入后补填。")
        if report.year is None:
            self.problems.append("没有找到报告年度，请在导入后补填。")
        found = self._tables(form)
        if not found and self.unplaced:
            raise WorkbookError(f"“{self.path.name}”中的表格无法导入：" + "".join(self.unplaced))
        if not found:
            labels = "、".join(t.short for t in form.tables.values())
            raise WorkbookError(f"在“{self.path.name}”中没有找到{labels}（按{form.id}格式的栏目名称查找）。"
                                f"请确认文件中的表格是政府信息公开工作年度报告的统计表，栏目名称与官方格式一致；"
                                f"如果是其他年份的格式，请用 --form 指定。")
        self._values(report, found)
        places = {f.table.key: f.sheet.address(*f.first) for f in found}
        return ImportResult(report, self.problems, reason, places)

    # --- identity and format ----------------------------------------------------------------

    def _identity(self) -> dict[str, str]:
        """Fields of an identity sheet (ours or a similar one): a label, then its value to the right;
        or title-row texts such as “填报单位：临河县教育局      2024年度” (forms.labels.split_labelled),
        where a year standing alone is the report year; else the office named by a report title."""
        found: dict[str, str] = {}
        years: list[int] = []                   # years standing alone in texts that name an identity field
        for sheet in self.sheets:
            for r, c, text in sorted(sheet.texts()):
                key = _identity_key(text)
                if key:
                    value = next((sheet.value(r, c + k) for k in range(1, 4) if sheet.value(r, c + k) is not None), None)
                    if value is None or key in found:
                        continue
                    value = _identity_text(value)
                    beside = split_labelled(value) if key == "organ" else None
                    if beside and beside.years and not beside.fields and beside.unlabelled:
                        value = beside.unlabelled          # 填报单位 | 临河县教育局      2024年度
                        years.extend(beside.years)
                    found[key] = value
                    continue
                stated = split_labelled(text)
                named = [(key, value) for label, value in stated.fields if (key := _identity_key(label))]
                for key, value in named:
                    if value and key not in found:
                        found[key] = value
                if named:
                    years.extend(stated.years)
        if "year" not in found and len(set(years)) == 1:
            found["year"] = str(years[0])
        if "organ" not in found:
            organs = {title[0] for s in self.sheets for _, _, t in s.texts() if (title := title_identity(t))}
            if len(organs) == 1:
                found["organ"] = organs.pop()
        return found

    def _choose_form(self, identity: dict[str, str]) -> tuple[Form, str]:
        stated = _form_named(identity.get("form"))
        if self.form_id:
            try:
                form = get_form(self.form_id)
            except KeyError:
                known = "、".join(f.id for f in all_forms())
                raise WorkbookError(f"未知的报告格式“{self.form_id}”（可用：{known}）。") from None
            if stated and stated.id != form.id:
                self.problems.append(f"文件中标明的格式是{stated.id}，按指定的{form.id}读取。")
            return form, f"按指定的格式{form.id}读取"
        if stated:
            return stated, f"文件的报告信息中标明格式为{stated.id}"
        if identity.get("form"):
            self.problems.append(f"文件中标明的报告格式“{identity['form']}”无法识别，改为按栏目名称判断。")
        texts = {normalise(t) for s in self.sheets for _, _, t in s.texts()}
        scores = sorted(((len(texts & _form_labels(f)), f) for f in all_forms()), key=lambda x: -x[0])
        best, second = scores[0], scores[1] if len(scores) > 1 else (0, None)
        if best[0] and best[0] > second[0]:
            return best[1], f"按表格的栏目名称判断为{best[1].id}"
        year = self._year(identity)
        if best[0] and year:
            form = form_for_year(year)
            tied = {f.id for score, f in scores if score == best[0]}
            if form.id in tied:
                return form, f"栏目名称在几种格式中相同，按报告年度{year}判断为{form.id}"
        form = next((f for score, f in scores if score == best[0] and f.default), None) or best[1] \
            if best[0] else default_form()
        self.problems.append(f"无法从文件判断报告格式，按{form.id}（{form.name}）读取。"
                             f"如果不对，请用 --form 指定格式后重新导入。")
        return form, f"无法判断，按{form.id}读取"

    def _year(self, identity: dict[str, str]) -> int | None:
        if identity.get("year"):
            match = re.search(r"\d{4}", normalise(identity["year"]))
            if match and _YEAR_RANGE[0] <= int(match.group()) <= _YEAR_RANGE[1]:
                return int(match.group())
        # A title's year, else a year standing alone (2024年度 in a title row, （2024年度） under a
        # title); two different ones are not guessed between.
        in_titles, alone = set(), set()
        for sheet in self.sheets:
            for _, _, text in sheet.texts():
                title = title_identity(text)
                if title:
                    in_titles.add(title[1])
                else:
                    alone.update(split_labelled(text).years)
        for years in (in_titles, alone):
            years = {y for y in years if _YEAR_RANGE[0] <= y <= _YEAR_RANGE[1]}
            if years:
                return years.pop() if len(years) == 1 else None
        return None

    # --- tables -----------------------------------------------------------------------------

    def _tables(self, form: Form) -> list[_Found]:
        found = []
        for table in form.tables.values():
            labels = TableLabels(table, form)
            candidates = []
            for sheet in self.sheets:
                count = _occurrences(sheet, labels)
                if count > 1:
                    candidates.extend([sheet] * count)
                elif count == 1:
                    candidates.append(sheet)
            if not candidates:
                self.problems.append(f"没有找到{table.short}（{table.title}），它的数字按空白处理。")
                continue
            if len(candidates) > 1:
                where = "、".join(dict.fromkeys(f"“{s.title}”" for s in candidates))
                self.unplaced.append(f"找到{len(candidates)}张{table.short}（在工作表{where}中），无法确定用哪一张，"
                                     f"{table.short}的数字没有导入。请删除多余的表，或分别存成单独的文件后再导入。")
                self.problems.append(self.unplaced[-1])
                continue
            reader = _read_flat if table.layout is Layout.FLAT and not _flat_as_rows(candidates[0], labels) else _read_rows
            result = reader(candidates[0], labels, form, self.problems)
            if result is not None:
                found.append(result)
        return found

    def _values(self, report: Report, found: list[_Found]) -> None:
        form = report.form
        stated: dict[Cell, tuple[object, str]] = {}
        blank_positions = []
        for f in found:
            for cell, (r, c) in f.cells.items():
                table = f.table
                raw = f.sheet.value(r, c)
                address = f.sheet.address(r, c)
                if raw is None:
                    blank_positions.append((f.sheet, r, c, cell))
                    continue
                try:
                    value = _figure(raw, table.kind_of(cell), table.unit_of(cell), f"{address}（{table.place(cell)}）")
                except EntryError as exc:
                    self.problems.append(f"{exc}这个数字没有导入。")
                    continue
                if form.is_computed(cell):
                    stated[cell] = (value, address)
                else:
                    report.set(cell, value)
        self._uncached_formulas(blank_positions, form)
        for cell, (value, address) in stated.items():
            computed = report.value(cell)
            if value != computed:
                report.stated[cell] = value
                should = "空白" if computed is None else _shown(computed)
                self.problems.append(f"{address}：{form.place(cell)}在表中为{_shown(value)}，按各分项计算应为{should}。"
                                     f"已保留表中的数字，检查时会列为错误；请核对各分项。")

    def _uncached_formulas(self, blanks, form: Form) -> None:
        """A formula that no spreadsheet program has calculated yet has no value in the file (files
        made by scripts): say so rather than import a blank."""
        inputs = [b for b in blanks if not form.is_computed(b[3])]
        if not self.has_formulas or not inputs:
            return
        formulas = {ws.title: ws for ws in _load(self.path, data_only=False).worksheets}
        for sheet, r, c, cell in inputs:
            raw = formulas[sheet.title].cell(r, c).value if sheet.title in formulas else None
            if isinstance(raw, str) and raw.startswith("="):
                self.problems.append(f"{sheet.address(r, c)}（{form.place(cell)}）是公式，但文件中没有保存计算结果。"
                                     f"请在Excel或WPS中打开文件并保存，再导入。")


def _identity_key(label: str) -> str | None:
    """The identity field a label names; a note in parentheses is ignored (填报单位（盖章）)."""
    n = normalise(label).lower()
    return _IDENTITY_BY_LABEL.get(n) or _IDENTITY_BY_LABEL.get(re.sub(r"\([^()]*\)$", "", n))


def _identity_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.strftime("%Y-%m-%d")
    return str(value).strip()


def _form_named(text: str | None) -> Form | None:
    """The format an identity sheet names: its id, its name or its document number."""
    if not text:
        return None
    n = normalise(text).lower()
    for form in all_forms():
        if n in {normalise(form.id).lower(), normalise(form.name).lower(), normalise(form.document_number).lower()}:
            return form
    return None


def _form_labels(form: Form) -> set[str]:
    return set().union(*(TableLabels(t, form).all_labels() for t in form.tables.values()))


def _shown(value) -> str:
    from forms.numbers import format_value
    return format_value(value)


def _figure(raw, kind: str, unit: str | None, place: str):
    """A cell's content as the figure of a cell of `kind`; raises EntryError naming `place`."""
    if isinstance(raw, bool):
        raise EntryError(f"{place}：“{'TRUE' if raw else 'FALSE'}”不是数字。")
    if isinstance(raw, (datetime.datetime, datetime.date, datetime.time, datetime.timedelta)):
        raise EntryError(f"{place}：单元格显示为日期或时间，不是数字。请把单元格格式改为“常规”或“数值”并核对数字。")
    if isinstance(raw, float):
        # 15 significant digits, as Excel shows them: formula results such as 0.1+0.2 are stored
        # as 0.30000000000000004.
        raw = format(Decimal(f"{raw:.15g}"), "f")
    elif isinstance(raw, (int, Decimal)):
        raw = format(raw, "f") if isinstance(raw, Decimal) else str(raw)
    text = str(raw).strip()
    if text.upper() in _EXCEL_ERRORS:
        raise EntryError(f"{place}：公式出错（{text}），没有数字。请在Excel或WPS中改正公式或填入数字。")
    if normalise(text) in _NONE_MARKS:
        return CellKind(kind).zero
    return parse_entry(text, kind, unit, place)


# --- locating a table in a sheet ------------------------------------------------------------------

def _occurrences(sheet: _Sheet, labels: TableLabels) -> int:
    """How many copies of the table a sheet holds: 0 when fewer than three of its labels are there,
    else how often its uniquely named rows appear (the median, so one stray label does not count)."""
    hits: dict[str, int] = {}
    for _, _, text in sheet.texts():
        n = normalise(text)
        if n in labels.row_exact or n in labels.column_exact or n in labels.known_exact or n in labels.aliases:
            hits[n] = hits.get(n, 0) + 1
    if len(hits) < 3:
        return 0
    unique_rows = [count for n, count in hits.items()
                   if len(labels.row_exact.get(n, ())) == 1 or n in labels.aliases]
    return max(1, int(statistics.median_low(unique_rows))) if unique_rows else 1


def _row_label_at(labels: TableLabels, text: str) -> bool:
    n = normalise(text)
    return n in labels.row_exact or n in labels.aliases


def _is_header_row(sheet: _Sheet, r: int, labels: TableLabels) -> bool:
    cols = sheet.rows.get(r, [])
    values = [sheet.value(r, c) for c in cols]
    texts = [sheet.text(r, c) for c in cols]
    if any(_is_number(v) for v in values) or any(t and _row_label_at(labels, t) for t in texts):
        return False
    return any(t and labels.column_candidates(t) for t in texts)


def _header_columns(sheet: _Sheet, r: int, labels: TableLabels) -> dict[str, int]:
    """Column key -> sheet column, from one header row (merged headers at their first column)."""
    out = {}
    for c in sheet.rows.get(r, []):
        if (r, c) in sheet.anchor and sheet.anchor[(r, c)][1] != c:
            continue
        text = sheet.text(r, c)
        candidates = labels.column_candidates(text) if text else ()
        if len(candidates) == 1 and candidates[0] not in out:
            out[candidates[0]] = c
    return out


def _under_header(sheet: _Sheet, r: int, c: int, cols: dict[str, int]) -> int:
    """The column of row r that holds the figure of a header at column c. A header merged over
    several columns (表二's 本年处理决定数量) owns them all: when its first column is empty and
    exactly one other column under it holds something, that is the figure."""
    last = max((sheet.right.get((hr, c), c) for hr in range(max(1, r - 40), r)
                if (hr, c) in sheet.right), default=c)
    if sheet.value(r, c) is not None or last == c:
        return c
    others = set(cols.values())
    filled = [x for x in range(c + 1, last + 1) if x not in others and sheet.value(r, x) is not None]
    return filled[0] if len(filled) == 1 else c


def _read_rows(sheet: _Sheet, labels: TableLabels, form: Form, problems: list[str]) -> _Found | None:
    """A table whose rows are named in label columns and whose columns are named in header rows
    above them (表二 blocks, 表三, 统计表, and 表四 when laid out as rows)."""
    table = labels.table
    row_numbers = sorted(sheet.rows)
    headers = {r for r in row_numbers if _is_header_row(sheet, r, labels)}
    hit_rows = [r for r in row_numbers if r not in headers and
                any(labels.row_candidates(t)[0] for c in sheet.rows[r] if (t := sheet.text(r, c)))]
    if not hit_rows:
        return None
    start = hit_rows[0]
    for r in reversed([x for x in row_numbers if x < hit_rows[0]][-8:]):
        if r in headers or all(_heading_like(labels, sheet.text(r, c)) for c in sheet.rows[r]):
            start = r
        else:
            break
    end = hit_rows[-1]
    columns_at: dict[str, int] = {}
    in_header = False
    entries = []                                     # (row, label text or None, columns_at)
    for r in [x for x in row_numbers if start <= x]:
        if r in headers:
            columns_at = {**columns_at, **_header_columns(sheet, r, labels)} if in_header \
                else _header_columns(sheet, r, labels)
            in_header = True
            continue
        in_header = False
        first_value = min(columns_at.values(), default=None)
        label = _label_of_row(sheet, r, labels, first_value)
        has_figures = any(_looks_numeric(sheet.value(r, c)) for c in columns_at.values()) if columns_at else \
            any(_is_number(sheet.value(r, c)) for c in sheet.rows[r])
        if r > end and not (label and has_figures):
            break
        entries.append((r, label if label is not None else None, columns_at, has_figures))
    matching = labels.match_rows([e[1] for e in entries])
    found = _Found(table, sheet, (start, min(sheet.rows[start])))
    where = lambda i: sheet.address(entries[i][0], _first_text_col(sheet, entries[i][0])) + "："  # noqa: E731
    missing_columns: dict[str, list[str]] = {}
    for i, (r, label, cols, has_figures) in enumerate(entries):
        m = matching.matches[i]
        if m.key is None:
            if m.what == "unknown" and has_figures:
                problems.append(f"{where(i)}“{_one_line(label)}”不是{table.short}的栏目，这一行的数字没有导入。"
                                f"请把栏目名称改成与官方格式一致。")
            elif m.what == "blank" and has_figures:
                problems.append(f"{sheet.address(r, min(sheet.rows[r]))}：这一行有数字但没有栏目名称，没有导入。")
            continue
        if m.key in matching.repeated:
            continue
        for column in table.row(m.key).columns:
            c = cols.get(column)
            if c is None:
                missing_columns.setdefault(column, []).append(table.row(m.key).label)
                continue
            found.cells[Cell(table.key, m.key, column)] = (r, _under_header(sheet, r, c, cols))
    matching.missing = [k for k in matching.missing
                        if not all(form.is_computed(Cell(table.key, k, c)) for c in table.row(k).columns)]
    problems.extend(matching.messages(where))
    for column, rows in missing_columns.items():
        if all(form.is_computed(Cell(table.key, _key_of(table, label), column)) for label in rows):
            continue
        listed = "、".join(f"“{x}”" for x in rows[:4]) + ("等" if len(rows) > 4 else "")
        problems.append(f"工作表“{sheet.title}”的{table.short}中找不到“{table.column(column).label}”这一列的标题，"
                        f"{listed}行的这一列没有导入。")
    return found


def _heading_like(labels: TableLabels, text: str | None) -> bool:
    """A text that may stand between a table's header and its first row: a group or block heading,
    a unit or “——”."""
    return text is not None and (labels.is_known(text) or normalise(text) in _NONE_MARKS or len(normalise(text)) <= 2)


def _key_of(table: Table, label: str) -> str:
    return next(r.key for r in table.rows if r.label == label)


def _first_text_col(sheet: _Sheet, r: int) -> int:
    return next((c for c in sheet.rows.get(r, []) if sheet.text(r, c)), min(sheet.rows.get(r, [1])))


def _one_line(text) -> str:
    return re.sub(r"\s+", " ", str(text or "")).strip()


def _label_of_row(sheet: _Sheet, r: int, labels: TableLabels, first_value: int | None) -> str | None:
    """The row's label: of the texts left of the figures, the rightmost that names a row (group
    labels to its left, a unit column to its right are passed over); else the longest text."""
    texts = [t for c in sheet.rows[r] if (first_value is None or c < first_value) and (t := sheet.text(r, c))]
    for text in reversed(texts):
        if labels.row_candidates(text)[0]:
            return text
    if any(labels.is_known(t) for t in texts):
        return next(t for t in texts if labels.is_known(t))
    texts = [t for t in texts if not _looks_numeric(t)]
    return max(texts, key=len) if texts else None


def _flat_as_rows(sheet: _Sheet, labels: TableLabels) -> bool:
    """表四 is printed with its three rows side by side; a sheet may also list them one under the
    other (行政复议 / 未经复议直接起诉 / 复议后起诉 in a column, the five results across)."""
    cells = [(r, c) for r, c, t in sheet.texts() if _row_label_at(labels, t)]
    return len({c for _, c in cells}) == 1 and len(cells) > 1 and any(
        _is_header_row(sheet, r, labels) for r in sheet.rows if r < min(r for r, _ in cells))


def _read_flat(sheet: _Sheet, labels: TableLabels, form: Form, problems: list[str]) -> _Found | None:
    """表四 as printed: each row's name heads a group of column labels; the figures are in the row
    under the header."""
    table = labels.table
    groups = [(r, c, labels.row_candidates(t)[0][0]) for r, c, t in sheet.texts() if _row_label_at(labels, t)]
    if not groups:
        return None
    # Column labels under the group names, within the depth of the printed header.
    first, last = min(r for r, _, _ in groups), max(r for r, _, _ in groups)
    leaves = [(r, c, labels.column_candidates(t)) for r, c, t in sheet.texts() if first < r <= last + 3]
    leaves = [(r, c, k[0]) for r, c, k in leaves if len(k) == 1]
    if not leaves:
        return None
    header_bottom = max(sheet.bottom.get((r, c), r) for r, c, _ in leaves)
    value_row = next((r for r in sorted(sheet.rows) if r > header_bottom), header_bottom + 1)
    found = _Found(table, sheet, min((r, c) for r, c, _ in groups))
    seen: dict[Cell, list[str]] = {}
    for r, c, column in leaves:
        above = [(gc, gr, key) for gr, gc, key in groups if gr < r and gc <= c]
        if not above:
            continue
        _, _, row_key = max(above)
        cell = Cell(table.key, row_key, column)
        seen.setdefault(cell, []).append(sheet.address(r, c))
        found.cells[cell] = (value_row, c)
    for cell, places in seen.items():
        if len(places) > 1:
            del found.cells[cell]
            problems.append(f"{table.short}的“{table.row(cell.row).label}”下有{len(places)}个“{table.column(cell.column).label}”"
                            f"（{'、'.join(places)}），无法确定用哪一个，这个数字没有导入。")
    missing = [c for c in table.cells if c not in found.cells and not form.is_computed(c)]
    if missing:
        listed = "、".join(f"“{table.row(c.row).label}—{table.column(c.column).label}”" for c in missing)
        problems.append(f"工作表“{sheet.title}”的{table.short}中没有找到{listed}，相应的数字按空白处理。")
    return found
