"""Reading a report's figures from an Excel workbook: our own export, and sheets that people laid out
by hand in the official layout.

Tables are found by their labels, never by fixed cell positions (forms.labels does the matching), so
title and spacer rows, offset tables, merged or unmerged label cells, label variants, numbers stored
as text, "-"/"—"/"/" for none and notes under a table are all fine. What cannot be placed is reported
with the sheet and cell (表三!F12), never guessed. A total in the sheet that disagrees with the sum of
its parts is kept as the sheet's figure (`report.stated`), so the checks show it.

A workbook is untrusted input: `exports.xlsx_gate` inspects it before openpyxl parses it.
"""

from __future__ import annotations

import datetime
import re
import statistics
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cached_property
from pathlib import Path

from forms.atomic import explain_read_error
from forms.definition import CellKind, Form, Layout, Table
from forms.expr import Cell
from forms.labels import LabelKind, Matching, TableLabels, identity_key, normalise, split_labelled, title_identity
from forms.loader import all_forms, default_form, form_for_year, get_form
from forms.numbers import EntryError, parse_entry
from forms.report import INFO_FIELDS, Report
from forms.text import clean_text

from .common import COMPARE_SHEET, stated_note_start
from .xlsx_gate import WorkbookError, check_sheet_size, check_workbook, damaged

MAX_MERGE_FILL = 10_000                    # larger merged ranges are not spread over their cells
_YEAR_RANGE = (2000, 2100)

_EXCEL_ERRORS = {"#REF!", "#VALUE!", "#DIV/0!", "#N/A", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!"}
_NONE_MARKS = {normalise(m) for m in ("-", "--", "—", "——", "–", "/", "\\", "无", "没有")}


@dataclass
class ImportResult:
    report: Report
    problems: list[str] = field(default_factory=list)    # what to review, in plain Chinese
    form_reason: str = ""                                 # how the format was chosen
    places: dict[str, str] = field(default_factory=dict)  # table key -> where it was found (表三!A5)
    info: list[str] = field(default_factory=list)         # what was left out as no part of a report (said only)


def read_sheets(path: Path, sheets: Sequence[SheetCells], form_id: str | None = None,
                without_tables: bool = False) -> ImportResult:
    """A report from sheets of cells that are not a workbook's (the tables of a Word file, a web page,
    a PDF, and their title lines): the same identity, format choice, placement and messages as a
    workbook's. Raises WorkbookError when no table of the format is there, unless `without_tables`
    (a document whose prose is a report's: each missing table is said, its figures left blank)."""
    return _Import(path, sheets, form_id, has_formulas=False, without_tables=without_tables).run()


def read_xlsx(path: str | Path, form_id: str | None = None) -> ImportResult:
    """Read a workbook into a report. Raises WorkbookError for a file that cannot be used."""
    path = Path(path)
    has_formulas = check_workbook(path)
    workbook = _load(path, data_only=True)
    sheets = [_Sheet(ws) for ws in workbook.worksheets if ws.title != COMPARE_SHEET]   # our 上年对照: not read
    for sheet in sheets:
        check_sheet_size(path, sheet.title, sheet.size)
    return _Import(path, sheets, form_id, has_formulas).run()


def _load(path: Path, data_only: bool):
    """openpyxl's workbook. It is handed an open file, not the name: given a name, openpyxl refuses
    any that does not end in .xlsx/.xlsm, but what the file is was decided by its bytes
    (xlsx_gate), and a workbook renamed to .xls or sent without extension is still a workbook."""
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings(), path.open("rb") as handle:
            warnings.simplefilter("ignore")
            return load_workbook(handle, data_only=data_only, keep_links=False, rich_text=False)
    except WorkbookError:
        raise
    except OSError as exc:
        if path.exists() and not isinstance(exc, PermissionError):
            raise WorkbookError(damaged(path)) from None        # openpyxl's own OSError: a part is missing
        raise WorkbookError(explain_read_error(exc, path, "Excel文件")) from None
    except Exception as exc:  # noqa: BLE001 - any failure to parse an untrusted file means "unreadable"
        chain: list[str] = []
        cause: BaseException | None = exc
        while cause is not None and len(chain) < 10:     # openpyxl wraps defusedxml's refusal
            chain.append(type(cause).__name__)
            cause = cause.__cause__ or cause.__context__
        if any(name in ("EntitiesForbidden", "DTDForbidden", "ExternalReferenceForbidden") for name in chain):
            raise WorkbookError(f"“{path.name}”中含有不安全的XML内容（实体定义），为安全起见不予读取。") from None
        raise WorkbookError(damaged(path)) from None


# --- a sheet as positions and texts ---------------------------------------------------------------

class SheetCells:
    """The cells of one sheet as positions and texts: values at their own (row, column), texts of
    merged ranges spread over every cell of the range (a merged label labels every row it spans).
    A worksheet (`_Sheet`) and the tables of a Word file, a web page or a PDF
    (`exports.grid_sheet.GridSheet`) are both read as one, so one placement reads them all; each
    says where a cell stood in its own words (`address`, `row_place`, `named`)."""

    def __init__(self, title: str, values: dict[tuple[int, int], object],
                 merges: list[tuple[int, int, int, int]], notes: dict[tuple[int, int], str] | None = None,
                 state: str = "visible", key: str = "") -> None:
        self.key = key                                # the sheet's own name (openpyxl's)
        self.title = title
        self.state = state                            # visible, hidden or veryHidden
        self.values = values
        self.size = (max((r for r, _ in self.values), default=0)) * (max((c for _, c in self.values), default=0))
        self.notes = notes or {}
        self.anchor: dict[tuple[int, int], tuple[int, int]] = {}
        self.bottom: dict[tuple[int, int], int] = {}
        self.right: dict[tuple[int, int], int] = {}
        for min_row, min_col, max_row, max_col in merges:
            top_left = (min_row, min_col)
            self.bottom[top_left] = max_row
            self.right[top_left] = max_col
            if (max_row - min_row + 1) * (max_col - min_col + 1) > MAX_MERGE_FILL:
                continue
            for r in range(min_row, max_row + 1):
                for c in range(min_col, max_col + 1):
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
        """Where a cell stood, for messages: 表三!F12."""
        title = self.title
        if re.search(r"[\s!'()\-,;]", title) or not title:
            title = "'" + title.replace("'", "''") + "'"
        return f"{title}!{_letter(c)}{r}"

    def table_place(self, r: int, c: int) -> str:
        """Where a table was found, its top-left cell (r, c): 表三!A5."""
        return self.address(r, c)

    def same_table(self, r1: int, r2: int) -> bool:
        """Whether two rows stand in one table of the file: a sheet is one surface (a row under a
        table may be its mistyped last row); a document's tables are apart."""
        return True

    def row_place(self, r: int) -> str:
        """Where a row stood, for messages about the row as a whole: 工作表“表三”第25行."""
        return f"{self.named_at(r)}第{r}行"

    def cell_name(self, r: int, c: int) -> str:
        """A cell named within its row's message (the row's place already said): F12."""
        return f"{_letter(c)}{r}"

    def column_name(self, c: int) -> str:
        """A column without a title of the table: F列."""
        return f"{_letter(c)}列"

    def named_at(self, r: int) -> str:
        """The sheet (or the table of a document) holding row r: 工作表“表三”."""
        return f"工作表“{self.title}”"


class _Sheet(SheetCells):
    """One worksheet of a workbook."""

    def __init__(self, ws) -> None:
        # openpyxl keeps stored cells in `_cells`; iter_rows would create every empty cell of the
        # used range, which for a sheet with one far-away cell is millions of objects. Texts pass the
        # one rule for incoming text (forms.text) before anything matches them.
        values = {pos: clean_text(c.value) if isinstance(c.value, str) else c.value
                  for pos, c in ws._cells.items() if c.value is not None}
        notes = {pos: c.comment.text for pos, c in ws._cells.items() if c.comment is not None}
        merges = [(m.min_row, m.min_col, m.max_row, m.max_col) for m in ws.merged_cells.ranges]
        super().__init__(clean_text(ws.title, multiline=False), values, merges, notes, ws.sheet_state, ws.title)


def _is_number(value) -> bool:
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


def looks_numeric(value) -> bool:
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
    sheet: SheetCells
    first: tuple[int, int]
    cells: dict[Cell, tuple[int, int]] = field(default_factory=dict)
    # for the figures no cell took (_stray_figures): the rows read as the table's rows (sheet row ->
    # label column and label), the rows whose figures a message already names, and the sheet columns
    # under the table's column headers (-> the column's label)
    placed_rows: dict[int, tuple[int, str | None]] = field(default_factory=dict)
    reported: set[int] = field(default_factory=set)
    headers: dict[int, str] = field(default_factory=dict)


class _Import:
    """One import: the identity, the format and the tables of a workbook's sheets become a report,
    and `problems` collects what the user should review."""

    def __init__(self, path: Path, sheets: Sequence[SheetCells], form_id: str | None, has_formulas: bool,
                 without_tables: bool = False):
        self.path = path
        self.without_tables = without_tables
        self.sheets = sheets
        self.form_id = form_id
        self.has_formulas = has_formulas
        self.problems: list[str] = []
        self.unplaced: list[str] = []               # tables found more than once

    def run(self) -> ImportResult:
        # identity fields are one-line fields: a line break typed in the cell becomes a space
        identity = {key: clean_text(value, multiline=False).strip() for key, value in self._identity().items()}
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
        if not found and not self.without_tables:
            labels = "、".join(t.short for t in form.tables.values())
            raise WorkbookError(f"在“{self.path.name}”中没有找到{labels}（按{form.short_name}的栏目名称查找）。"
                                f"请确认文件中的表格是政府信息公开工作年度报告的统计表，栏目名称与官方格式一致；"
                                f"如果是其他年份的格式，请用 --form 指定。")
        self.problems.extend(_stray_figures(found))
        self._values(report, found)
        places = {f.table.key: f.sheet.table_place(*f.first) for f in found}
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
                key = identity_key(text)
                if key:
                    _field_beside(sheet, r, c, key, found, years)
                else:
                    _fields_within(text, found, years)
        if "year" not in found and len(set(years)) == 1:
            found["year"] = str(years[0])
        if "organ" not in found:
            organs = {organ for organ, _ in self._titles}
            if len(organs) == 1:
                found["organ"] = organs.pop()
        return found

    @cached_property
    def _titles(self) -> list[tuple[str, int]]:
        """The office and year of each report title in the sheets (read once: the identity and the
        year both ask). A title printed over two cells (a line of a PDF or Word title in each:
        “青川市…2025年政府信息” | “公开工作年度报告”, or the office above
        “2025年度政府信息公开工作年度报告”) is read joined, when no cell holds a whole title."""
        whole = [title for s in self.sheets for _, _, text in s.texts() if (title := title_identity(text))]
        if whole:
            return whole
        return [title for s in self.sheets for text in _split_titles(s) if (title := title_identity(text))]

    def _choose_form(self, identity: dict[str, str]) -> tuple[Form, str]:
        stated = _form_named(identity.get("form"))
        if self.form_id:
            return self._given_form(self.form_id, stated)
        if stated:
            return stated, f"文件的报告信息中标明格式为{stated.short_name}"
        if identity.get("form"):
            self.problems.append(f"文件中标明的报告格式“{identity['form']}”无法识别，改为按栏目名称判断。")
        return self._form_by_labels(identity)

    def _given_form(self, form_id: str, stated: Form | None) -> tuple[Form, str]:
        """The format named by --form (or the window), which wins over the one the file states."""
        try:
            form = get_form(form_id)
        except KeyError:
            known = "、".join(f.id for f in all_forms())
            raise WorkbookError(f"未知的报告格式“{form_id}”（可用：{known}）。") from None
        if stated and stated.id != form.id:
            self.problems.append(f"文件中标明的格式是{stated.short_name}，按指定的{form.short_name}读取。")
        return form, f"按指定的{form.short_name}读取"

    def _form_by_labels(self, identity: dict[str, str]) -> tuple[Form, str]:
        """The format whose printed texts the sheets have most of; on a tie, the one of the report
        year, else the default one, with a problem saying so."""
        best, tied = _most_labels(self.sheets)
        if best and len(tied) == 1:
            return tied[0], f"按表格的栏目名称判断为{tied[0].short_name}"
        year = self._year(identity)
        by_year = form_for_year(year) if year else None
        form = default_form()
        if best:
            if by_year is not None and by_year.id in {f.id for f in tied}:
                return by_year, f"栏目名称在几种格式中相同，按报告年度{year}判断为{by_year.short_name}"
            form = next((f for f in tied if f.default), tied[0])
        elif by_year is not None:
            return by_year, f"文件中没有统计表的栏目名称，按报告年度{year}判断为{by_year.short_name}"
        self.problems.append(f"无法从文件判断报告格式，按{form.short_name}（{form.name}）读取。"
                             f"如果不对，请用 --form 指定格式后重新导入。")
        return form, f"无法判断，按{form.short_name}读取"

    def _year(self, identity: dict[str, str]) -> int | None:
        if identity.get("year"):
            match = re.search(r"\d{4}", normalise(identity["year"]))
            if match and _YEAR_RANGE[0] <= int(match.group()) <= _YEAR_RANGE[1]:
                return int(match.group())
        # A title's year, else a year standing alone (2024年度 in a title row, （2024年度） under a
        # title); two different ones are not guessed between.
        in_titles = {year for _, year in self._titles}
        alone: set[int] = set()
        for sheet in self.sheets:
            for _, _, text in sheet.texts():
                if not title_identity(text):
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
            sheet = self._sheet_of(labels)
            if sheet is None:
                continue
            reader = _read_flat if table.layout is Layout.FLAT and not _flat_as_rows(sheet, labels) else _read_rows
            result = reader(sheet, labels, form, self.problems)
            if result is not None:
                found.append(result)
                if sheet.state != "visible":
                    self.problems.append(_hidden_sheet(table, sheet))
        return found

    def _sheet_of(self, labels: TableLabels) -> SheetCells | None:
        """The one sheet that holds the table; none when no sheet or several copies do (said in the
        problems)."""
        table = labels.table
        candidates = [sheet for sheet in self.sheets for _ in range(_occurrences(sheet, labels))]
        if not candidates:
            self.problems.append(f"没有找到{table.short}（{table.title}），它的数字按空白处理。")
            return None
        shown = [sheet for sheet in candidates if sheet.state == "visible"]
        if len(candidates) > 1 and len(shown) == 1:
            # the copy the clerk sees when opening the file, rather than one hidden in it (last year's)
            hidden = "、".join(dict.fromkeys(f"“{s.title}”" for s in candidates if s.state != "visible"))
            self.problems.append(f"隐藏的工作表{hidden}中也有{table.short}，没有读取；{table.short}的数字取自"
                                 f"打开文件时能看到的工作表“{shown[0].title}”。")
            return shown[0]
        if len(candidates) > 1:
            where = "、".join(dict.fromkeys(s.named_at(0) for s in candidates))
            self.unplaced.append(f"找到{len(candidates)}张{table.short}（在{where}中），无法确定用哪一张，"
                                 f"{table.short}的数字没有导入。请删除多余的表，或分别存成单独的文件后再导入。")
            self.problems.append(self.unplaced[-1])
            return None
        return candidates[0]

    # --- values -----------------------------------------------------------------------------

    def _values(self, report: Report, found: list[_Found]) -> None:
        """Every placed cell's figure into the report; totals the sheet states are kept apart and
        compared with the sum of their parts."""
        form = report.form
        stated: dict[Cell, tuple[int | Decimal, str]] = {}
        blanks = []
        for f in found:
            for cell, (r, c) in f.cells.items():
                raw = f.sheet.value(r, c)
                if raw is None:
                    blanks.append((f.sheet, r, c, cell))
                    continue
                value = self._figure_at(f, cell, raw)
                if value is None:
                    continue
                if form.is_computed(cell):
                    stated[cell] = (value, f.sheet.address(r, c))
                else:
                    report.set(cell, value)
        self._uncached_formulas(blanks, form)
        for cell, (value, address) in stated.items():
            computed = report.value(cell)
            if value != computed:
                report.stated[cell] = value
                should = "空白" if computed is None else _shown(computed)
                self.problems.append(f"{address}：{form.place(cell)}在表中为{_shown(value)}，按各分项计算应为{should}。"
                                     f"已保留表中的数字，检查时会列为错误；请核对各分项。")
        self._stated_blanks(report, blanks)

    def _stated_blanks(self, report: Report, blanks) -> None:
        """An empty total that our own export marked as a stated blank (its note starts with the words
        exports.common gives it) is kept blank as stated, as the exported report had it. Any other empty
        total is computed: people leave totals to the program."""
        form = report.form
        start = stated_note_start(None)
        for sheet, r, c, cell in blanks:
            computed = report.value(cell)
            if form.is_computed(cell) and computed is not None and sheet.notes.get((r, c), "").startswith(start):
                report.stated[cell] = None
                self.problems.append(f"{sheet.address(r, c)}：{form.place(cell)}在表中为空白，按各分项计算应为"
                                     f"{_shown(computed)}。已保留空白，检查时会列为错误；请核对各分项。")

    def _figure_at(self, found: _Found, cell: Cell, raw) -> int | Decimal | None:
        """The figure of a filled cell, or None with a problem saying why it is no figure."""
        table = found.table
        place = f"{found.sheet.address(*found.cells[cell])}（{table.place(cell)}）"
        try:
            return _figure(raw, table.kind_of(cell), table.unit_of(cell), place)
        except EntryError as exc:
            self.problems.append(f"{exc}这个数字没有导入。")
            return None

    def _uncached_formulas(self, blanks, form: Form) -> None:
        """A formula that no spreadsheet program has calculated yet has no value in the file (files
        made by scripts): say so rather than import a blank."""
        inputs = [b for b in blanks if not form.is_computed(b[3])]
        if not self.has_formulas or not inputs:
            return
        formulas = {ws.title: ws for ws in _load(self.path, data_only=False).worksheets}
        for sheet, r, c, cell in inputs:
            raw = formulas[sheet.key].cell(r, c).value if sheet.key in formulas else None
            if isinstance(raw, str) and raw.startswith("="):
                self.problems.append(f"{sheet.address(r, c)}（{form.place(cell)}）是公式，但文件中没有保存计算结果。"
                                     f"请在Excel或WPS中打开文件并保存，再导入。")


def _hidden_sheet(table: Table, sheet: SheetCells) -> str:
    """A table read from a sheet the clerk does not see when opening the file: its figures are
    imported (they are in the file), and the clerk is told where they came from."""
    how = ("设置为深度隐藏，在Excel或WPS中打开时看不到，“取消隐藏”里也不列出" if sheet.state == "veryHidden"
           else "设置为隐藏，在Excel或WPS中打开时看不到")
    return (f"{table.short}是从工作表“{sheet.title}”中读取的，这张工作表在文件中{how}。它的数字已经导入，请逐一核对；"
            f"如果这不是要导入的表，请把要导入的统计表复制到一个新的工作簿，保存后再导入。")


# --- identity -------------------------------------------------------------------------------------

def _field_beside(sheet: SheetCells, r: int, c: int, key: str, found: dict[str, str], years: list[int]) -> None:
    """The value of an identity label at (r, c): the first filled cell of the three to its right. An
    organ typed with the year beside it (临河县教育局      2024年度) gives the year too."""
    value = next((sheet.value(r, c + k) for k in range(1, 4) if sheet.value(r, c + k) is not None), None)
    if value is None or key in found:
        return
    text = _identity_text(value)
    beside = split_labelled(text) if key == "organ" else None
    if beside and beside.years and not beside.fields and beside.unlabelled:
        text = beside.unlabelled
        years.extend(beside.years)
    found[key] = text


def _fields_within(text: str, found: dict[str, str], years: list[int]) -> None:
    """The identity fields a title-row text states (填报单位：某局      2024年度), and its lone years."""
    stated = split_labelled(text)
    named = [(key, value) for label, value in stated.fields if (key := identity_key(label))]
    for key, value in named:
        if value and key not in found:
            found[key] = value
    if named:
        years.extend(stated.years)


def _split_titles(sheet: SheetCells) -> list[str]:
    """Each text joined with the next text to its right in its row, and with the text under it in the
    next row: the two lines of a title printed over two cells."""
    texts = {(r, c): t for r, c, t in sheet.texts()}
    by_row: dict[int, list[int]] = {}
    for r, c in sorted(texts):
        by_row.setdefault(r, []).append(c)
    rows = sorted(sheet.rows)
    following = dict(zip(rows, rows[1:], strict=False))
    joined = []
    for (r, c), text in texts.items():
        edge = sheet.right.get((r, c), c)
        right = next((x for x in by_row[r] if x > edge), None)
        below = following.get(sheet.bottom.get((r, c), r), 0)
        joined += [text + texts[(r, right)]] if right is not None else []
        joined += [text + texts[(below, c)]] if (below, c) in texts else []
    return joined


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


def _most_labels(sheets: Sequence[SheetCells]) -> tuple[int, list[Form]]:
    """How many of a format's printed texts the sheets have at most, and the formats that have that
    many (newest first)."""
    texts = {normalise(t) for s in sheets for _, _, t in s.texts()}
    scores = [(len(texts & _form_labels(f)), f) for f in all_forms()]
    best = max(score for score, _ in scores)
    return best, [f for score, f in scores if score == best]


def _form_labels(form: Form) -> set[str]:
    return set().union(*(TableLabels(t, form).all_labels() for t in form.tables.values()))


# --- figures no table took ------------------------------------------------------------------------

def _stray_figures(found: list[_Found]) -> list[str]:
    """Figures on a table's sheet, from the table's top down, that no cell of a table took and no
    message named yet: beside a placed row but under no column header, or in a row that is no row
    of the table (after its end, under a note). Identity rows (填报单位、联系电话…) and numbering left
    of a row's label are no figures of a table."""
    problems = []
    for sheet in {id(f.sheet): f.sheet for f in found}.values():
        tables = sorted((f for f in found if f.sheet is sheet), key=lambda f: f.first)
        taken = {pos for f in tables for pos in f.cells.values()}
        for r in sorted(sheet.rows):
            owner = next((f for f in reversed(tables) if f.first[0] <= r), None)
            if owner is None or any(r in f.reported for f in tables):
                continue
            placed = next((f for f in tables if r in f.placed_rows), None)
            if placed is None and not sheet.same_table(owner.first[0], r):
                continue                     # a document's table of its own after the report's
            left, label = placed.placed_rows[r] if placed else (0, None)
            strays = [c for c in sheet.rows[r] if c > left and (r, c) not in taken and _is_figure(sheet.value(r, c))]
            if not strays or _identity_row(sheet, r):
                continue
            if placed:
                problems.append(_headerless_figures(placed, r, strays, label))
            else:
                problems.append(_figures_outside(owner, r, strays))
    return problems


def _headerless_figures(found: _Found, r: int, columns: list[int], label: str | None) -> str:
    sheet, short = found.sheet, found.table.short
    cells = "、".join(f"{sheet.cell_name(r, c)}中的{_as_typed(sheet.value(r, c))}" for c in columns)
    row = f"“{_one_line(label)}”这一行" if label else "这一行"
    return (f"{sheet.row_place(r)}：{row}{cells}所在的列没有{short}的栏目标题，不知道属于哪一列，没有导入。"
            f"请给这一列加上标题，或把数字移到相应的列中。")


def _figures_outside(found: _Found, r: int, columns: list[int]) -> str:
    sheet, short = found.sheet, found.table.short
    figures = "、".join(f"{found.headers.get(c) or sheet.column_name(c)} {_as_typed(sheet.value(r, c))}"
                       for c in columns)
    texts = [t for c in sheet.rows[r] if (t := sheet.text(r, c)) and c < columns[0] and not looks_numeric(t)]
    label = f"“{_one_line(' '.join(dict.fromkeys(texts)))}”" if texts else ""
    return (f"{sheet.row_place(r)}{label}的数字（{figures}）不在{short}的任何一行中，没有导入。"
            f"请核对这些数字应填在{short}的哪一行，填好后重新导入。")


def _identity_row(sheet: SheetCells, r: int) -> bool:
    """A row that states the report's identity (填报单位、年度、联系电话…): its numbers are no figures."""
    texts = [t for c in sheet.rows[r] if (t := sheet.text(r, c))]
    return any(identity_key(t) or any(identity_key(label) for label, _ in split_labelled(t).fields) for t in texts)


# --- figures --------------------------------------------------------------------------------------

def _shown(value) -> str:
    from forms.numbers import format_value
    return format_value(value)


def _figure(raw, kind: str, unit: str | None, place: str) -> int | Decimal | None:
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

def _occurrences(sheet: SheetCells, labels: TableLabels) -> int:
    """How many copies of the table a sheet holds: 0 when fewer than three of its labels are there,
    else how often its uniquely named rows appear (the median, so one stray label does not count)."""
    hits: dict[str, int] = {}
    texts = (labels.row_exact, labels.column_exact, labels.known_exact, labels.row_aliases, labels.column_aliases)
    for _, _, text in sheet.texts():
        n = normalise(text)
        if any(n in known for known in texts):
            hits[n] = hits.get(n, 0) + 1
    if len(hits) < 3:
        return 0
    unique_rows = [count for n, count in hits.items()
                   if len(labels.row_exact.get(n, ())) == 1 or len(labels.row_aliases.get(n, ())) == 1]
    return max(1, int(statistics.median_low(unique_rows))) if unique_rows else 1


def _is_header_row(sheet: SheetCells, r: int, labels: TableLabels) -> bool:
    cols = sheet.rows.get(r, [])
    values = [sheet.value(r, c) for c in cols]
    texts = [sheet.text(r, c) for c in cols]
    if any(_is_number(v) for v in values) or any(t and labels.is_row_label(t) for t in texts):
        return False
    return any(t and labels.column_candidates(t) for t in texts)


def _header_columns(sheet: SheetCells, r: int, labels: TableLabels) -> dict[str, int]:
    """Column key -> sheet column, from one header row (merged headers at their first column; of
    two headers naming one column, the first)."""
    cols = [c for c in sheet.rows.get(r, []) if sheet.anchor.get((r, c), (r, c))[1] == c]
    matching = labels.match_columns([sheet.text(r, c) for c in cols], expected=(), repeats_allowed=True)
    out: dict[str, int] = {}
    for c, match in zip(cols, matching.matches, strict=True):
        if match.what is LabelKind.COLUMN and match.key is not None:
            out.setdefault(match.key, c)
    return out


def _under_header(sheet: SheetCells, r: int, c: int, cols: dict[str, int]) -> int:
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


# --- a table laid out in rows ---------------------------------------------------------------------

@dataclass
class _Entry:
    """One sheet row of a table: its label and where its figures are."""

    row: int
    label: str | None
    columns: dict[str, int]          # column key -> sheet column, from the header rows above
    has_figures: bool
    label_column: int = 0            # the sheet column of the label (0: none)


def _read_rows(sheet: SheetCells, labels: TableLabels, form: Form, problems: list[str]) -> _Found | None:
    """A table whose rows are named in label columns and whose columns are named in header rows
    above them (表二 blocks, 表三, 统计表, and 表四 when laid out as rows): its extent, the entries in
    it, their cells, then what could not be read."""
    headers = {r for r in sheet.rows if _is_header_row(sheet, r, labels)}
    extent = _extent(sheet, labels, headers)
    if extent is None:
        return None
    start, end = extent
    entries = _entries(sheet, labels, headers, start, end)
    matching = labels.match_rows([e.label for e in entries], near=True)
    found = _Found(labels.table, sheet, (start, min(sheet.rows[start])))
    no_header = _place_rows(found, entries, matching)
    problems.extend(_unread_rows(found, entries, matching, labels))
    explained = {k for e in entries if e.row in found.reported for k in _explained_rows(labels, e.label)}
    matching = replace(matching, missing=[k for k in matching.missing if k not in explained])
    found.reported |= {entries[i].row for i in matching.ambiguous}
    found.reported |= {entries[i].row for places in matching.repeated.values() for i in places}
    problems.extend(_only_inputs_missing(matching, form).messages(lambda i: sheet.row_place(entries[i].row) + "：",
                                                                  lambda i: _figures_of(found, entries[i])))
    problems.extend(_headerless_columns(found, no_header, form))
    return found


def _extent(sheet: SheetCells, labels: TableLabels, headers: set[int]) -> tuple[int, int] | None:
    """The first and last sheet rows of the table: from the header rows and headings just above its
    first named row to its last named row; None when no row is named. A row of figures between the
    header rows and the first named row is the table's (its first row, its label mistyped or
    unknown): it is read or reported, and the header above it still names the columns."""
    row_numbers = sorted(sheet.rows)
    named = [r for r in row_numbers if r not in headers and
             any(labels.row_candidates(t) for c in sheet.rows[r] if (t := sheet.text(r, c)))]
    if not named:
        return None
    start = named[0]
    above = [x for x in row_numbers if x < named[0]][-8:]
    for r in reversed(above):
        texts = [sheet.text(r, c) for c in sheet.rows[r]]
        if r in headers or all(_heading_like(labels, t) for t in texts) or _unnamed_first_row(sheet, r, headers, above):
            start = r
        else:
            break
    return start, named[-1]


def _unnamed_first_row(sheet: SheetCells, r: int, headers: set[int], above: list[int]) -> bool:
    """A row with figures with a header row of the table above it (within the rows looked at)."""
    return any(h in headers for h in above if h < r) and any(_is_figure(sheet.value(r, c)) for c in sheet.rows[r])


def _entries(sheet: SheetCells, labels: TableLabels, headers: set[int], start: int, end: int) -> list[_Entry]:
    """The sheet rows from `start` on, each with the columns of the header rows above it (adjacent
    header rows add up); past `end` only as long as rows have a label and figures."""
    columns: dict[str, int] = {}
    in_header = False
    entries = []
    for r in [x for x in sorted(sheet.rows) if start <= x]:
        if r in headers:
            named = _header_columns(sheet, r, labels)
            columns = {**columns, **named} if in_header else named
            in_header = True
            continue
        in_header = False
        label_column, label = _label_of_row(sheet, r, labels, min(columns.values(), default=None))
        if columns:
            has_figures = any(looks_numeric(sheet.value(r, c)) for c in columns.values())
        else:
            has_figures = any(_is_number(sheet.value(r, c)) for c in sheet.rows[r])
        if r > end and not (label and has_figures):
            break
        entries.append(_Entry(r, label, columns, has_figures, label_column))
    return entries


def _place_rows(found: _Found, entries: list[_Entry], matching: Matching) -> dict[str, list[str]]:
    """Each named row's cells at the sheet cells under their column headers. Returns the columns no
    header named, with the keys of the rows that have cells in them."""
    table = found.table
    no_header: dict[str, list[str]] = {}
    for entry, match in zip(entries, matching.matches, strict=True):
        found.headers.update({c: table.column(key).label for key, c in entry.columns.items()})
        if match.key is None or match.key in matching.repeated:
            continue
        found.placed_rows[entry.row] = (entry.label_column, entry.label)
        for column in table.row(match.key).columns:
            c = entry.columns.get(column)
            if c is None:
                no_header.setdefault(column, []).append(match.key)
            else:
                found.cells[Cell(table.key, match.key, column)] = (entry.row, _under_header(found.sheet, entry.row, c,
                                                                                            entry.columns))
    return no_header


def _unread_rows(found: _Found, entries: list[_Entry], matching: Matching, labels: TableLabels) -> list[str]:
    """Rows with figures whose label names no row of the table, that have no label, or whose label
    is a heading of the table (a group printed as one row, as an older format has it): each with
    its place, its label and its figures, and what to do."""
    sheet, short = found.sheet, found.table.short
    problems = []
    for entry, match in zip(entries, matching.matches, strict=True):
        place, figures = sheet.row_place(entry.row), _figures_of(found, entry)
        label = _one_line(entry.label)
        if match.what is LabelKind.KNOWN and figures:
            problems.append(f"{place}：“{label}”这一行的数字{figures}没有导入。{labels.heading_note(label)}")
        elif not entry.has_figures:
            continue
        elif match.what is LabelKind.UNKNOWN:
            problems.append(f"{place}：“{label}”不是{short}的栏目，这一行的数字{figures}没有导入。"
                            + (labels.split_note(label) or "请把栏目名称改成与官方格式一致。"))
        elif match.what is LabelKind.BLANK:
            problems.append(f"{place}：这一行有数字{figures}但没有栏目名称，没有导入。请在这一行填上{short}的栏目名称。")
        else:
            continue
        found.reported.add(entry.row)
    return problems


def _explained_rows(labels: TableLabels, label: str | None) -> tuple[str, ...]:
    """The rows a reported row's message already accounts for: those under a heading printed as a
    row, the one row another format's rows add up to."""
    later = labels.later_row(label)
    return (later[1],) if later else labels.heading_rows(label)


def _figures_of(found: _Found, entry: _Entry) -> str:
    """The figures of a table row right of its label, each named by its column: “（自然人 40、总计 41）”;
    "" when it has none (blanks and marks for none are no figures)."""
    sheet = found.sheet
    columns = {c: found.table.column(key).label for key, c in entry.columns.items()}
    shown = [f"{columns.get(c) or sheet.column_name(c)} {_as_typed(sheet.value(entry.row, c))}"
             for c in sheet.rows[entry.row] if c > entry.label_column and _is_figure(sheet.value(entry.row, c))]
    return f"（{'、'.join(shown)}）" if shown else ""


def _is_figure(value) -> bool:
    """A figure that would be lost if nobody placed it: a number, or a number written as text."""
    return looks_numeric(value) and not (isinstance(value, str) and normalise(value) in _NONE_MARKS)


def _as_typed(value) -> str:
    """A figure as the sheet shows it (3,001 stays 3,001; 15 significant digits of a float)."""
    if isinstance(value, float):
        return f"{value:.15g}"
    return str(value) if _is_number(value) else _one_line(value)


def _letter(c: int) -> str:
    from openpyxl.utils import get_column_letter
    return get_column_letter(c)


def _only_inputs_missing(matching: Matching, form: Form) -> Matching:
    """The matching with only the missing rows that have an input cell: a row computed throughout
    loses nothing when the sheet leaves it out."""
    table = matching.table
    missing = [k for k in matching.missing
               if not all(form.is_computed(Cell(table.key, k, c)) for c in table.row(k).columns)]
    return replace(matching, missing=missing)


def _headerless_columns(found: _Found, no_header: dict[str, list[str]], form: Form) -> list[str]:
    """The columns no header named, where rows have cells to fill in them."""
    table = found.table
    problems = []
    for column, keys in no_header.items():
        if all(form.is_computed(Cell(table.key, key, column)) for key in keys):
            continue
        rows = [table.row(key).label for key in keys]
        listed = "、".join(f"“{x}”" for x in rows[:4]) + ("等" if len(rows) > 4 else "")
        problems.append(f"{found.sheet.named_at(found.first[0])}的{table.short}中找不到“{table.column(column).label}”这一列的标题，"
                        f"{listed}行的这一列没有导入。")
    return problems


def _heading_like(labels: TableLabels, text: str | None) -> bool:
    """A text that may stand between a table's header and its first row: a group or block heading,
    a unit or “——”."""
    return text is not None and (labels.is_known(text) or normalise(text) in _NONE_MARKS or len(normalise(text)) <= 2)


def _one_line(text) -> str:
    return re.sub(r"\s+", " ", str(text or "")).strip()


def _label_of_row(sheet: SheetCells, r: int, labels: TableLabels, first_value: int | None) -> tuple[int, str | None]:
    """The row's label and its column: of the texts left of the figures, the rightmost that names a
    row (group labels to its left, a unit column to its right are passed over); else the longest
    text that is no heading (a mistyped or unknown label beside its group cells); else the innermost
    heading (a group printed as a row of its own). (0, None) for a row without text."""
    texts = [(c, t) for c in sheet.rows[r] if (first_value is None or c < first_value) and (t := sheet.text(r, c))]
    for c, text in reversed(texts):
        if labels.row_candidates(text) or labels.later_row(text):     # another format's row: its own label
            return c, text
    others = [(c, t) for c, t in texts if not labels.is_known(t) and not looks_numeric(t)]
    if others:
        return max(others, key=lambda x: len(x[1]))
    known = [(c, t) for c, t in texts if labels.is_known(t)]
    return known[-1] if known else (0, None)


# --- 表四 as printed ------------------------------------------------------------------------------

def _flat_as_rows(sheet: SheetCells, labels: TableLabels) -> bool:
    """表四 is printed with its three rows side by side; a sheet may also list them one under the
    other (行政复议 / 未经复议直接起诉 / 复议后起诉 in a column, the five results across)."""
    cells = [(r, c) for r, c, t in sheet.texts() if labels.is_row_label(t)]
    return len({c for _, c in cells}) == 1 and len(cells) > 1 and any(
        _is_header_row(sheet, r, labels) for r in sheet.rows if r < min(r for r, _ in cells))


def _read_flat(sheet: SheetCells, labels: TableLabels, form: Form, problems: list[str]) -> _Found | None:
    """表四 as printed: each row's name heads a group of column labels; the figures are in the row
    under the header."""
    groups = [(r, c, labels.row_candidates(t)[0]) for r, c, t in sheet.texts() if labels.is_row_label(t)]
    leaves = _flat_leaves(sheet, labels, groups) if groups else []
    if not leaves:
        return None
    header_bottom = max(sheet.bottom.get((r, c), r) for r, c, _ in leaves)
    value_row = next((r for r in sorted(sheet.rows) if r > header_bottom), header_bottom + 1)
    found = _Found(labels.table, sheet, min((r, c) for r, c, _ in groups))
    found.placed_rows[value_row] = (0, None)
    places = _place_flat(found, groups, leaves, value_row)
    problems.extend(_flat_problems(found, places, form))
    return found


def _flat_leaves(sheet: SheetCells, labels: TableLabels,
                 groups: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The column labels under the group names, within the depth of the printed header:
    (row, column, column key)."""
    first, last = min(r for r, _, _ in groups), max(r for r, _, _ in groups)
    candidates = [(r, c, labels.column_candidates(t)) for r, c, t in sheet.texts() if first < r <= last + 3]
    return [(r, c, keys[0]) for r, c, keys in candidates if len(keys) == 1]


def _place_flat(found: _Found, groups: list[tuple[int, int, str]], leaves: list[tuple[int, int, str]],
                value_row: int) -> dict[Cell, list[str]]:
    """Each column label's cell is of the row whose name stands above it, furthest right; its figure
    is in the value row. Returns the addresses of the labels of each cell."""
    table, sheet = found.table, found.sheet
    places: dict[Cell, list[str]] = {}
    for r, c, column in leaves:
        above = [(gc, gr, key) for gr, gc, key in groups if gr < r and gc <= c]
        if not above:
            continue
        _, _, row_key = max(above)
        cell = Cell(table.key, row_key, column)
        places.setdefault(cell, []).append(sheet.address(r, c))
        found.cells[cell] = (value_row, c)
    return places


def _flat_problems(found: _Found, places: dict[Cell, list[str]], form: Form) -> list[str]:
    """A cell labelled twice is not read; input cells with no label at all are listed."""
    table = found.table
    problems = []
    for cell, where in places.items():
        if len(where) > 1:
            del found.cells[cell]
            problems.append(f"{table.short}的“{table.row(cell.row).label}”下有{len(where)}个“{table.column(cell.column).label}”"
                            f"（{'、'.join(where)}），无法确定用哪一个，这个数字没有导入。")
    missing = [c for c in table.cells if c not in found.cells and not form.is_computed(c)]
    if missing:
        listed = "、".join(f"“{table.row(c.row).label}—{table.column(c.column).label}”" for c in missing)
        problems.append(f"{found.sheet.named_at(found.first[0])}的{table.short}中没有找到{listed}，相应的数字按空白处理。")
    return problems
