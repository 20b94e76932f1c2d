"""The JSON Schema of draft files, built from the bundled formats so that it can never disagree
with them. `docs/draft.schema.json` is this schema, written out (a test keeps the two equal):

    python -m forms.schema > docs/draft.schema.json
"""

from __future__ import annotations

import json

from .definition import CellKind
from .draft import FORMAT_TAG, VERSION, YEAR_RANGE
from .expr import Cell
from .loader import all_forms
from .report import INFO_FIELDS

_COUNT = {"type": ["integer", "null"], "minimum": 0}
_SIGNED = {"type": ["integer", "null"]}
_AMOUNT = {"oneOf": [{"type": "string", "pattern": r"^\d+(\.\d{1,4})?$"},
                     {"type": "number", "minimum": 0}, {"type": "null"}]}


def _cell_schema(kind: CellKind) -> dict:
    schemas: dict[CellKind, dict] = {CellKind.COUNT: _COUNT, CellKind.DECIMAL: _AMOUNT, CellKind.SIGNED: _SIGNED}
    return schemas[kind]


def draft_schema() -> dict:
    variants = []
    for form in all_forms():
        tables = {}
        for table in form.tables.values():
            rows = {}
            for row in table.rows:
                if row.is_group:
                    continue
                columns = {c: _cell_schema(table.kind_of(Cell(table.key, row.key, c))) for c in row.columns}
                rows[row.key] = {"type": ["object", "null"], "description": row.label,
                                 "properties": columns, "additionalProperties": False}
            tables[table.key] = {"type": ["object", "null"], "description": table.title,
                                 "properties": rows, "additionalProperties": False}
        sections = {s.key: {"type": ["string", "null"], "description": s.heading}
                    for s in form.sections if s.has_prose}
        variants.append({
            "description": f"{form.id}：{form.name}（{form.document_number}）",
            "properties": {
                "form": {"const": form.id},
                "sections": {"type": "object", "properties": sections, "additionalProperties": False},
                "carried_text": {"type": ["array", "null"], "items": {"enum": sorted(sections)}},
                "tables": {"type": "object", "properties": tables, "additionalProperties": False},
            },
        })
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "nianbao.report.v1",
        "title": "年报通草稿文件（政府信息公开工作年度报告）",
        "description": "一个报告一个UTF-8 JSON文件。缺少的键或null表示空白单元格（不是0）；"
                       "件数为整数，金额（万元）写成字符串以免二进制舍入；计算单元格也写出。",
        "type": "object",
        "required": ["format", "version", "form"],
        "additionalProperties": False,
        "properties": {
            "format": {"const": FORMAT_TAG},
            "version": {"type": "integer", "minimum": 1, "maximum": VERSION},
            "form": {"enum": [f.id for f in all_forms()]},
            "organ": {"type": ["string", "null"], "description": "机关名称"},
            "year": {"type": ["integer", "null"], "minimum": YEAR_RANGE[0], "maximum": YEAR_RANGE[1],
                     "description": "报告年度"},
            "info": {"type": ["object", "null"], "additionalProperties": False,
                     "properties": {k: {"type": ["string", "null"], "description": v}
                                    for k, v in INFO_FIELDS.items()}},
            "sections": {"type": ["object", "null"], "description": "各部分正文，段落之间用换行分隔"},
            "carried_text": {"type": ["array", "null"], "items": {"type": "string"}, "uniqueItems": True,
                             "description": "仍是从上年报告带入的原文、还没有改写的部分（部分键）"},
            "tables": {"type": ["object", "null"], "description": "表.行.列 → 数字"},
        },
        "oneOf": variants,
    }


if __name__ == "__main__":
    print(json.dumps(draft_schema(), ensure_ascii=False, indent=2))
