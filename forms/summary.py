"""插入数据摘要: a passage stating the key figures of the tables in the register of real reports
(“本年度，我局共收到政府信息公开申请219件，上年结转10件；办结214件，其中予以公开85件……”).

The wording is data: the format file's `summary:` parts (forms.definition.SummaryPart), so that each
format says its figures in its own words, and the phrases are those R8 reads back — the passage passes
R8 by construction and the tests hold it to that. The clerk gets ordinary text to edit.
"""

from __future__ import annotations

from .definition import SummaryPart
from .expr import Number
from .numbers import format_value
from .report import Report

# How an organ names itself in its own report, by the end of its name (longest first).
_SELF_BY_ENDING = (("街道办事处", "我街道"), ("办公室", "我办"), ("委员会", "我委"), ("中心", "我中心"),
                   ("局", "我局"), ("厅", "我厅"), ("委", "我委"), ("办", "我办"), ("署", "我署"), ("院", "我院"))
_GOVERNMENT = "人民政府"
_LEVELS = "省市县区州旗盟镇乡"
_NEUTRAL = "本机关"


def self_name(organ: str) -> str:
    """我局, 我委, 我县 (a 县人民政府)…; 本机关 when the name gives no usual short form."""
    organ = organ.strip()
    for ending, name in _SELF_BY_ENDING:
        if organ.endswith(ending):
            return name
    if organ.endswith(_GOVERNMENT) and len(organ) > len(_GOVERNMENT):
        level = organ[-len(_GOVERNMENT) - 1]
        if level in _LEVELS:
            return "我" + level
    return _NEUTRAL


def _figure(report: Report, part: SummaryPart) -> Number:
    """The part's figure; a blank counts as 0 (the passage states what the tables print)."""
    assert part.value is not None
    total, _ = part.value.evaluate(report.value)
    return total


def _part(report: Report, part: SummaryPart) -> str:
    if part.items:
        said = [item.text.replace("{}", format_value(figure))
                for item in part.items if (figure := _figure(report, item))]
        return part.text + part.separator.join(said) if said else part.none
    if part.value is None:
        return part.text
    figure = _figure(report, part)
    if part.omit_zero and not figure:
        return ""
    return part.text.replace("{}", format_value(figure))


def build_summary(report: Report) -> str:
    """The passage for `report`, empty when its format declares none."""
    text = "".join(_part(report, part) for part in report.form.summary)
    return text.replace("{we}", self_name(report.organ))
