"""Word's document properties (title, author…) hold at most 255 characters: a longer organ name or
title is shortened there only, never in the report's text."""

from __future__ import annotations

from docx import Document

from exports.docx_writer import write_docx


def test_a_300_character_organ_name_is_shortened_in_the_properties_only(qingchuan, tmp_path):
    organ = "某某市" + "某" * 294 + "管理局"
    assert len(organ) == 300
    qingchuan.organ = organ
    path = write_docx(qingchuan, tmp_path / "报告.docx")
    document = Document(str(path))
    props = document.core_properties
    assert len(props.title) <= 255 and props.title.startswith("某某市某")
    assert len(props.author) <= 255 and len(props.last_modified_by) <= 255
    body = "\n".join(p.text for p in document.paragraphs)
    assert organ in body
