"""Hostile workbooks: every one is answered — imported, or refused in plain Chinese — within two
seconds and 300 MB, whatever its merges, its part names or the file it is.

The workbooks are written by hand as small zips: each states (in a few kilobytes) work that would
take openpyxl minutes and gigabytes. Those beyond the gate's limits are refused; those just within
them are read."""

from __future__ import annotations

import os
import resource
import time
import zipfile
from pathlib import Path

import pytest

import exports.xlsx_gate as gate
from exports.xlsx_reader import WorkbookError, read_xlsx

_MAIN = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_RELS = b'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"'
_R = b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_SST = b'<Override PartName="/xl/sharedStrings.xml" ContentType="' + _TYPE.encode() + b'.sharedStrings+xml"/>'


def _sheet(rows: bytes = b"", merges: list[bytes] | None = None, tail: bytes = b"") -> bytes:
    merged = b""
    if merges:
        merged = (b'<mergeCells count="%d">' % len(merges)
                  + b"".join(b'<mergeCell ref="%s"/>' % ref for ref in merges) + b"</mergeCells>")
    return (b'<?xml version="1.0" encoding="UTF-8"?><worksheet ' + _MAIN + b"><sheetData>" + rows
            + b"</sheetData>" + merged + tail + b"</worksheet>")


def _workbook(path: Path, sheet: bytes, part: str = "xl/worksheets/sheet1.xml", target: str | None = None,
              strings: list[str] | None = None, state: str = "") -> Path:
    """A one-sheet workbook (its tab named 数据) whose sheet is the part `part`, named in the
    workbook's rels by `target`."""
    target = part[3:] if target is None else target
    types = (b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
             b'<Default Extension="xml" ContentType="application/xml"/>'
             b'<Override PartName="/xl/workbook.xml" ContentType="' + _TYPE.encode() + b'.sheet.main+xml"/>'
             b'<Override PartName="/' + part.encode() + b'" ContentType="' + _TYPE.encode() + b'.worksheet+xml"/>'
             + (_SST if strings is not None else b"") + b"</Types>")
    parts = {
        "[Content_Types].xml": types,
        "_rels/.rels": b'<?xml version="1.0"?><Relationships ' + _RELS + b'><Relationship Id="rId1" Type="http://'
                       b'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
                       b'Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": b'<?xml version="1.0"?><workbook ' + _MAIN + b" " + _R + b'><sheets><sheet name="'
                           + "数据".encode() + b'" sheetId="1" ' + state.encode()
                           + b' r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": b'<?xml version="1.0"?><Relationships ' + _RELS + b'><Relationship Id="rId1" '
                                      b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                                      b'worksheet" Target="' + target.encode() + b'"/></Relationships>',
        part: sheet,
    }
    if strings is not None:
        parts["xl/sharedStrings.xml"] = (b'<?xml version="1.0"?><sst ' + _MAIN + b">" + b"".join(
            b"<si><t>" + s.encode() + b"</t></si>" for s in strings) + b"</sst>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def _answered(path: Path) -> str:
    """Import `path`; the answer (imported, or the refusal's message), having checked that it did not
    run for minutes or take gigabytes."""
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started, cpu = time.perf_counter(), time.process_time()
    try:
        read_xlsx(path)
        answer = "imported"
    except WorkbookError as exc:
        answer = str(exc)
    # Not a measure of speed (bench/bench_xlsx_hostile.py measures that: ≤ 2 s each): only that no
    # workbook keeps the reader busy for minutes, as these did before the gate knew them.
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024      # kB -> MB
    assert cpu < 20 and elapsed < 60, (path.name, cpu, elapsed)
    assert grown < 300, (path.name, grown)
    return answer


_BIG = b"A1:Z1000000"                    # 26 million cells


def _ranges(count: int) -> bytes:
    return b" ".join(b"A%d" % i for i in range(1, count + 1))


def _styled(path: Path, formats: int) -> Path:
    """A workbook whose styles part lists `formats` cell formats."""
    styles = (b'<?xml version="1.0"?><styleSheet ' + _MAIN + b'><fonts count="1"><font><sz val="11"/></font></fonts>'
              b'<fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/>'
              b'</borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="%d">' % formats
              + b"".join(b'<xf numFmtId="%d" fontId="0" fillId="0" borderId="0" applyNumberFormat="1"/>' % (i % 50)
                         for i in range(formats)) + b"</cellXfs></styleSheet>")
    _workbook(path, _sheet())
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["xl/styles.xml"] = styles
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/xl/styles.xml" ContentType="' + _TYPE.encode() + b'.styles+xml"/></Types>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def _with_parts(path: Path, count: int) -> Path:
    """The workbook at `path` with `count` empty parts more (each is a member of the zip to open)."""
    with zipfile.ZipFile(path, "a") as archive:
        for i in range(count):
            archive.writestr(f"m/{i}", b"")
    return path


def _validation(count: int) -> bytes:
    return (b'<dataValidations count="1"><dataValidation type="whole" sqref="' + _ranges(count)
            + b'"/></dataValidations>')


# what, how the workbook is made, what the refusal says
_REFUSED = {
    "one merge to XFD1048576": (lambda p: _workbook(p, _sheet(merges=[b"A1:XFD1048576"])), "合并单元格"),
    "lower case reference": (lambda p: _workbook(p, _sheet(merges=[b"a1:xfd1048576"])), "合并单元格"),
    "absolute reference": (lambda p: _workbook(p, _sheet(merges=[b"$A$1:$XFD$1048576"])), "合并单元格"),
    "whole columns": (lambda p: _workbook(p, _sheet(merges=[b"A:XFD"])), "合并单元格"),
    "character reference": (lambda p: _workbook(p, _sheet(merges=[b"A1&#58;XFD1048576"])), "合并单元格"),
    "single quotes, another attribute first": (
        lambda p: _workbook(p, _sheet(tail=b"<mergeCells><mergeCell  x='1' ref='A1:Z1000000'/></mergeCells>")),
        "合并单元格"),
    "1,000 overlapping merges": (lambda p: _workbook(p, _sheet(merges=[b"A%d:A%d" % (i, i + 199)
                                                                       for i in range(1, 1001)])), "合并单元格"),
    "many small merges": (lambda p: _workbook(p, _sheet(merges=[b"A%d:B%d" % (i, i)
                                                                for i in range(1, gate.MAX_MERGES + 2)])), "处合并"),
    "part name with ..": (lambda p: _workbook(p, _sheet(merges=[_BIG]), target="worksheets/../worksheets/sheet1.xml"),
                          "工作表“数据”太大"),
    "part name of its own": (lambda p: _workbook(p, _sheet(merges=[_BIG]), part="xl/foo/bar.xml"),
                             "工作表“数据”太大"),
    "part name without extension": (lambda p: _workbook(p, _sheet(merges=[_BIG]), part="xl/foo/bar"),
                                    "工作表“数据”太大"),
    "upper-case part name": (lambda p: _workbook(p, _sheet(merges=[_BIG]), part="XL/WORKSHEETS/SHEET1.XML",
                                                 target="/XL/WORKSHEETS/SHEET1.XML"), "工作表“数据”太大"),
    "UTF-16 sheet": (lambda p: _workbook(p, _sheet(merges=[_BIG]).replace(b"UTF-8", b"UTF-16").decode()
                                         .encode("utf-16")), "合并单元格"),
    "white space before the sheet": (lambda p: _workbook(p, b"\n" * 70_000 + _sheet(merges=[_BIG]).split(b"?>", 1)[1]),
                                     "合并单元格"),
    "UTF-7 sheet": (lambda p: _workbook(p, b'<?xml version="1.0" encoding="UTF-7"?>' + _sheet(merges=[_BIG]).split(
        b"?>", 1)[1].decode().encode("utf-7")), "合并单元格"),
    "hyperlink over the whole sheet": (lambda p: _workbook(p, _sheet(tail=b'<hyperlinks><hyperlink ref="A1:XFD1048576" '
                                                                     b'location="A1"/></hyperlinks>')), "个单元格"),
    "validation over many ranges": (lambda p: _workbook(p, _sheet(tail=_validation(gate.MAX_RANGES + 1))), "个区域"),
    "conditional format over many ranges": (lambda p: _workbook(p, _sheet(tail=b'<conditionalFormatting sqref="'
                                                                          + _ranges(gate.MAX_RANGES + 1)
                                                                          + b'"><cfRule type="expression" priority="1">'
                                                                          b"<formula>1</formula></cfRule>"
                                                                          b"</conditionalFormatting>")), "个区域"),
    "too many cell formats": (lambda p: _styled(p, gate.MAX_SETTINGS + 1), "设置共"),
    "too many parts": (lambda p: _with_parts(_workbook(p, _sheet()), gate.MAX_PARTS), "个部分组成"),
    "a directory of 50,000 parts": (lambda p: _with_parts(_workbook(p, _sheet()), 50_000), "太多部分组成"),
    "dimension that lies": (lambda p: _workbook(p, b"".join(
        [_sheet(b"".join(b'<row r="%d">' % r + b"".join(b'<c r="%s%d"><v>1</v></c>' % (c, r) for c in (b"A", b"B"))
                         + b"</row>" for r in range(1, gate.MAX_CELLS)))]).replace(
        b"<sheetData>", b'<dimension ref="A1:B2"/><sheetData>')), "个单元格"),
    "rows with attributes": (lambda p: _workbook(p, _sheet(b"".join(b'<row r="%d" ht="20" customHeight="1"/>' % r
                                                                    for r in range(1, gate.MAX_LINES + 2)))), "行或列"),
    "empty elements": (lambda p: _workbook(p, _sheet(tail=b"<extLst>" + b"<ext/>" * gate.MAX_XML_ELEMENTS
                                                     + b"</extLst>")), "XML元素"),
}


@pytest.mark.parametrize("what", list(_REFUSED))
def test_a_hostile_workbook_is_refused_at_once(tmp_path, what):
    make, phrase = _REFUSED[what]
    answer = _answered(make(tmp_path / "表.xlsx"))
    assert phrase in answer and ("太大" in answer or "不像年度报告" in answer), (what, answer)


# Just within the limits: openpyxl and the reader do all the work these state, within the bounds.
def _text_cells(path: Path) -> Path:
    rows = b"".join(b'<row r="%d">' % r + b"".join(b'<c r="%s%d" t="s"><v>%d</v></c>' % (c.encode(), r, r * 10 + i)
                                                   for i, c in enumerate("ABCDEFGHIJ")) + b"</row>"
                    for r in range(1, gate.MAX_CELLS // 10))
    return _workbook(path, _sheet(rows), strings=[f"填报单位：某某局{i} 2024年度" for i in range(gate.MAX_CELLS)])


def _shared_strings(path: Path) -> Path:
    strings = [f"某某局{i}" for i in range(gate.MAX_XML_ELEMENTS // 2 - 100)]
    return _workbook(path, _sheet(b'<row r="1"><c r="A1" t="s"><v>0</v></c></row>'), strings=strings)


_WITHIN = {
    "one merge of the largest area": lambda p: _workbook(p, _sheet(merges=[
        b"A1:AD%d" % (gate.MAX_MERGED_CELLS // 30)])),
    "overlapping merges up to the limit": lambda p: _workbook(p, _sheet(merges=[
        b"A%d:A%d" % (i, i + 29) for i in range(1, gate.MAX_MERGED_CELLS // 30)])),
    "as many merges as allowed": lambda p: _workbook(p, _sheet(merges=[b"A%d:F%d" % (i, i)
                                                                       for i in range(1, gate.MAX_MERGES)])),
    "as many ranges as allowed": lambda p: _workbook(p, _sheet(tail=_validation(gate.MAX_RANGES - 1))),
    "a hyperlink over as many cells as allowed": lambda p: _workbook(p, _sheet(
        tail=b'<hyperlinks><hyperlink ref="A1:J%d" location="A1"/></hyperlinks>' % (gate.MAX_CELLS // 10 - 1))),
    "as many cell formats as allowed": lambda p: _styled(p, gate.MAX_SETTINGS - 10),
    "as many parts as allowed": lambda p: _with_parts(_workbook(p, _sheet()), gate.MAX_PARTS - 10),
    "as many text cells as allowed": _text_cells,
    "as many shared strings as allowed": _shared_strings,
    "as many rows with attributes as allowed": lambda p: _workbook(p, _sheet(b"".join(
        b'<row r="%d" ht="20" customHeight="1"/>' % r for r in range(1, gate.MAX_LINES)))),
}


@pytest.mark.parametrize("what", list(_WITHIN))
def test_a_workbook_just_within_the_limits_is_read_in_time(tmp_path, what):
    answer = _answered(_WITHIN[what](tmp_path / "表.xlsx"))
    assert "太大" not in answer and "损坏" not in answer, (what, answer)


# --- not a regular file -----------------------------------------------------------------------------

@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a Unix thing")
def test_a_pipe_named_xlsx_is_refused_without_waiting(tmp_path):
    pipe = tmp_path / "表.xlsx"
    os.mkfifo(pipe)
    assert "不是保存在磁盘上的普通文件" in _answered(pipe)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_a_link_to_a_device_is_refused_without_reading_it(tmp_path):
    link = tmp_path / "表.xlsx"
    link.symlink_to("/dev/zero")
    assert "不是保存在磁盘上的普通文件" in _answered(link)


def test_links_that_point_at_each_other_are_explained(tmp_path):
    (tmp_path / "甲.xlsx").symlink_to(tmp_path / "乙.xlsx")
    (tmp_path / "乙.xlsx").symlink_to(tmp_path / "甲.xlsx")
    assert "符号链接" in _answered(tmp_path / "甲.xlsx")


def test_a_file_larger_than_any_workbook_is_refused_before_it_is_read(tmp_path):
    big = tmp_path / "表.xlsx"
    with big.open("wb") as handle:
        handle.truncate(gate.MAX_FILE_BYTES + 1)         # sparse: no disk written
    assert "太大" in _answered(big)


def test_a_workbook_with_formulas_has_half_the_budget_as_it_may_be_loaded_twice(tmp_path, qingchuan):
    """Blank figures in a workbook with formulas make the reader load it a second time (to tell a
    formula without a saved result): within half the limits it is read in time, beyond them refused."""
    from openpyxl import Workbook

    from tests.exports.test_xlsx_reader import lay_t3

    for merges, refused in ((gate.MAX_MERGES // 2 - 1, False), (gate.MAX_MERGES // 2 + 1, True)):
        wb = Workbook()
        lay_t3(wb.active, qingchuan, figure=lambda _: None)
        wb.active["Z1"] = "=1+1"
        for i in range(merges):
            wb.active.merge_cells(start_row=100 + i, start_column=30, end_row=100 + i, end_column=31)
        wb.save(tmp_path / "公式.xlsx")
        answer = _answered(tmp_path / "公式.xlsx")
        assert ("太大" in answer) == refused, (merges, answer)
