"""What every export shares: the kinds of file, and the check before an export."""

from __future__ import annotations

import docx
import pytest
from openpyxl import load_workbook

from exports.common import DRAFT_MARK, ExportKind, ExportRefused, prepare_export
from forms.rules import CheckResult, check


def test_each_kind_names_its_suffix_filter_and_writer(qingchuan, tmp_path):
    assert [k.suffix for k in ExportKind] == [".docx", ".xlsx", ".pdf"]
    assert all(k.suffix[1:] in k.file_filter and k.label in ("Word", "Excel", "PDF") for k in ExportKind)
    word = ExportKind.WORD.writer(qingchuan, tmp_path / f"报告{ExportKind.WORD.suffix}")
    excel = ExportKind.EXCEL.writer(qingchuan, tmp_path / f"报告{ExportKind.EXCEL.suffix}")
    assert qingchuan.organ in docx.Document(word).paragraphs[0].text
    assert load_workbook(excel).sheetnames[1:] == ["表二", "表三", "表四"]


def test_an_export_uses_the_findings_it_is_given_instead_of_checking_again(yueqing, qingchuan):
    assert check(yueqing).errors                     # the 2017 sample breaks its computed rules
    with pytest.raises(ExportRefused):
        prepare_export(yueqing)
    assert prepare_export(yueqing, draft=True) == DRAFT_MARK
    # the window's findings for the report as it is now are taken as they are
    assert prepare_export(yueqing, result=CheckResult([], [])) is None
    with pytest.raises(ExportRefused) as refused:
        prepare_export(qingchuan, result=check(yueqing))
    assert refused.value.result.errors == check(yueqing).errors
