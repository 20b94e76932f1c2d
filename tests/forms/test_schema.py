"""docs/draft.schema.json is generated from the formats and every draft we write satisfies it."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from forms.draft import dump_draft
from forms.schema import draft_schema

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "docs" / "draft.schema.json"


def test_documented_schema_is_up_to_date():
    assert json.loads(SCHEMA_FILE.read_text(encoding="utf-8")) == draft_schema(), \
        "run: python -m forms.schema > docs/draft.schema.json"


def test_samples_validate(samples):
    validator = jsonschema.Draft202012Validator(draft_schema())
    for name, report in samples.items():
        errors = list(validator.iter_errors(json.loads(dump_draft(report))))
        assert errors == [], name


def test_schema_rejects_what_the_reader_rejects(qingchuan):
    validator = jsonschema.Draft202012Validator(draft_schema())
    doc = json.loads(dump_draft(qingchuan))
    doc["tables"]["t3"]["granted"]["nosuch"] = 1
    assert not validator.is_valid(doc)
    doc = json.loads(dump_draft(qingchuan))
    doc["tables"]["t2"]["fees"]["amount"] = "1.00001"
    assert not validator.is_valid(doc)
