"""The one rule for text coming in: every odd character a clerk's paste or a file can bring."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from forms.text import clean_text, unusable_characters

# Word's manual line break, form feed, the Unicode separators, CR, NEL: what each means
SEPARATORS = ["\u000b", "\u000c", "\u2028", "\u2029", "\r", "\r\n", "\u0085"]
UNUSABLE = ["\u0000", "\u0001", "\u0008", "\u001f", "\u007f", "\u0090", "\ufffe", "\uffff", "\ud83d", "\udc00"]


@pytest.mark.parametrize("separator", SEPARATORS)
def test_a_separator_is_a_line_break_in_prose_and_a_space_in_a_one_line_field(separator):
    assert clean_text(f"第一段{separator}第二段") == "第一段\n第二段"
    assert clean_text(f"某某市{separator}某某局", multiline=False) == "某某市 某某局"


@pytest.mark.parametrize("char", UNUSABLE)
def test_what_no_output_can_hold_is_removed_and_named(char):
    assert clean_text(f"某某{char}局") == "某某局"
    assert unusable_characters(f"某某{char}局") == [f"U+{ord(char):04X}"]


def test_ordinary_text_is_left_as_it_is():
    text = "一、总体情况\n\t本年度共收到申请3,119件（含“信访”类）。😀 emoji and ASCII"
    assert clean_text(text) == text
    assert unusable_characters(text) == []


@given(st.text())
def test_cleaned_text_is_text_every_output_accepts(text):
    cleaned = clean_text(text)
    cleaned.encode("utf-8")                                   # no lone surrogate
    json.loads(json.dumps(cleaned, ensure_ascii=False))
    from lxml import etree
    etree.fromstring(f"<t>{cleaned.replace('&', '&amp;').replace('<', '&lt;')}</t>".encode())
    assert clean_text(cleaned) == cleaned                     # once is enough
    assert "\n" not in clean_text(text, multiline=False) and "\t" not in clean_text(text, multiline=False)
