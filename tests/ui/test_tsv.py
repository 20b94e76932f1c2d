"""The spreadsheet clipboard format: any text a clerk may paste is read as rows of cells, whatever its
size or quotes (csv's field limit of 128 KB was a program error), and blocks we copy read back whole."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ui.tsv import format_block, parse_block

CELL = st.text(st.characters(blacklist_characters="\r", blacklist_categories=("Cs",)), max_size=12)


@given(st.lists(st.lists(CELL, min_size=1, max_size=5), min_size=1, max_size=5))
def test_a_block_we_copy_reads_back_cell_for_cell(rows):
    assert parse_block(format_block(rows)) == rows


@given(st.text(st.sampled_from('\t\n\r"a1 ') | st.characters(), max_size=60))
def test_any_text_is_read_as_rows_of_cells(text):
    rows = parse_block(text)
    assert all(isinstance(row, list) and row and all(isinstance(c, str) for c in row) for row in rows)
    assert "".join("".join(row) for row in rows).count("x") == text.count("x")   # nothing but quotes dropped


def test_a_long_word_text_that_starts_with_a_quote_is_read_line_by_line():
    text = '"关于印发通知的说明\n' + "本机关认真贯彻落实政府信息公开条例，持续推进政务公开工作。\n" * 6000
    rows = parse_block(text)
    assert len(rows) == 6001 and rows[0] == ['"关于印发通知的说明'] and rows[1][0].startswith("本机关")


def test_a_very_long_line_is_one_cell():
    assert parse_block("x" * 300_000) == [["x" * 300_000]]
    assert parse_block('"' + "x" * 300_000 + '"\t1\n') == [["x" * 300_000, "1"]]


def test_excel_quoting():
    assert parse_block('"a\tb"\t"c""d"\r\n"line 1\nline 2"\t3\r\n') == [["a\tb", 'c"d'], ["line 1\nline 2", "3"]]
    assert parse_block('5"\t"6\n') == [['5"', '"6']]              # a quote inside a figure is text
    assert parse_block("1\t\t2\n\n3") == [["1", "", "2"], [""], ["3"]]
    assert parse_block("") == []
