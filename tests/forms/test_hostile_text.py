"""Text the program accepts is text every output accepts: every text field of a draft with every odd
character a paste or a hand-edited file can bring reads into a report that checks, saves and exports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from exports.docx_writer import write_docx
from exports.xlsx_writer import write_xlsx
from forms.draft import dump_draft, parse_draft, read_draft
from forms.report import INFO_FIELDS
from forms.rules import check, describe
from tests.forms.test_text import SEPARATORS, UNUSABLE

ODD = SEPARATORS + UNUSABLE + ["\t"]
ROOT = Path(__file__).resolve().parents[2]


def _text_fields(doc: dict, report) -> list[tuple[str, ...]]:
    """Every text field of a draft: (organ,), (info, key), (sections, key)."""
    sections = [s.key for s in report.form.sections if s.has_prose]
    return [("organ",)] + [("info", k) for k in INFO_FIELDS] + [("sections", k) for k in sections]


def _hostile(report, char: str) -> str:
    """The draft of `report` with `char` in the middle and at both ends of every text field, as JSON
    text (ensure_ascii: a lone surrogate is written as \\ud83d, as other programs write it)."""
    doc = json.loads(dump_draft(report))
    for field in _text_fields(doc, report):
        if field == ("organ",):
            doc["organ"] = f"{char}某某市{char}某某局{char}"
        else:
            doc.setdefault(field[0], {})[field[1]] = f"{char}第一段{char}第二段{char}"
    return json.dumps(doc, ensure_ascii=True)


@pytest.mark.parametrize("char", ODD, ids=[f"U+{ord(c[0]):04X}{'+' if len(c) > 1 else ''}" for c in ODD])
def test_every_text_field_with_every_odd_character_checks_saves_and_exports(qingchuan, char, tmp_path):
    report = parse_draft(_hostile(qingchuan, char).encode("ascii"))
    assert "某某市" in report.organ and "某某局" in report.organ
    for text in [report.organ, *report.info.values()]:
        assert "\n" not in text and "\t" not in text                      # one-line fields stay one line
    assert all("第一段" in t and "第二段" in t for t in report.sections.values())
    for finding in check(report).findings:
        describe(finding).encode("utf-8")                                  # the terminal can print it
    again = parse_draft(dump_draft(report))                                # saves, and reads back the same
    assert again.same_content(report)
    write_docx(report, tmp_path / "报告.docx")
    write_xlsx(report, tmp_path / "报告.xlsx")


def test_the_report_setters_clean_what_the_window_sets(qingchuan):
    report = qingchuan.copy()
    assert report.set_organ("某某市\u000b某某局\ud83d")
    assert report.organ == "某某市 某某局"
    assert report.set_info("phone", "0839-\u20281234\u0000")
    assert report.info["phone"] == "0839- 1234"
    key = next(s.key for s in report.form.sections if s.has_prose)
    assert report.set_section(key, "第一段\u2029第二段\ufffe")
    assert report.sections[key] == "第一段\n第二段"
    assert report.set_section(key, "\u0001") and key not in report.sections   # nothing left: no entry
    assert not report.set_organ("某某市 某某局")                            # unchanged
    with pytest.raises(KeyError, match="没有基本信息项"):
        report.set_info("fax", "1")


def test_check_prints_a_draft_that_had_a_lone_surrogate(qingchuan, tmp_path):
    path = tmp_path / "报告.json"
    path.write_text(_hostile(qingchuan, "\ud83d"), encoding="ascii")
    done = subprocess.run([sys.executable, "main.py", "check", str(path)], cwd=ROOT, capture_output=True,
                          timeout=60, env=dict(os.environ, PYTHONIOENCODING="utf-8"))
    assert done.returncode in (0, 1), done.stderr.decode("utf-8", "replace")
    assert b"Traceback" not in done.stderr
    assert read_draft(path).organ == "某某市某某局"
