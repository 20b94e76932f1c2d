"""A report in the superseded gov-2019 format, built in code: no bundled sample uses that format.

Plausible figures for a county department in 2020, consistent under every check (R1 balances
each column of 表三), with prose that has run-in and stand-alone sub-headings of every level.
"""

from __future__ import annotations

from decimal import Decimal

from forms.carryover import new_report
from forms.expr import Cell
from forms.loader import get_form

T3_2019 = {   # column: (new_received, carried_over, {result row: n}); carried_forward balances R1
    "natural": (58, 3, {"granted": 21, "partial": 4, "denied_law_forbidden": 1, "denied_third_party": 2,
                        "denied_internal": 1, "denied_process": 2, "denied_admin_query": 1,
                        "unable_not_held": 9, "unable_needs_creation": 2, "unable_unclear": 1,
                        "notproc_petition": 3, "notproc_repeat": 2, "notproc_reconfirm": 1,
                        "other_processing": 4}),
    "business": (6, 0, {"granted": 3, "partial": 1, "unable_not_held": 1}),
    "research": (0, 0, {}),
    "public_interest": (1, 0, {"granted": 1}),
    "legal": (2, 1, {"granted": 2, "notproc_repeat": 1}),
    "other_org": (0, 0, {}),
}


def gov2019_report():
    """A 2020 county department report in the 2019 format, clean under the checks."""
    form = get_form("gov-2019")
    report = new_report("某某县交通运输局", 2020, form)
    report.info.update({"date": "2021-01-25", "address": "某某县人民路1号", "phone": "0000-1234567"})
    report.sections.update({
        "overview": "2020年，我局认真贯彻落实《中华人民共和国政府信息公开条例》。\n"
                    "（一）主动公开。全年主动公开政府信息326条，其中规范性文件3件。\n"
                    "（二）依申请公开\n全年新收政府信息公开申请67件，上年结转4件。\n"
                    "1.规范办理流程。我局修订了依申请公开工作规程。\n"
                    "（1）登记\n所有申请当日登记。",
        "proactive": "本年度主动公开情况见下表。",
        "problems": "一是政策解读形式较为单一；二是信息更新不够及时。\n下一步，我局将丰富解读形式。",
        "other": "本年度未收取信息处理费。",
    })
    t2 = {("rules", "made"): 0, ("rules", "published"): 0, ("rules", "total_public"): 2,
          ("normative", "made"): 3, ("normative", "published"): 3, ("normative", "total_public"): 18,
          ("licensing", "prev_items"): 12, ("licensing", "change"): -2, ("licensing", "decisions"): 356,
          ("other_services", "prev_items"): 4, ("other_services", "change"): 1,
          ("other_services", "decisions"): 88,
          ("penalty", "prev_items"): 23, ("penalty", "change"): 0, ("penalty", "decisions"): 41,
          ("enforcement", "prev_items"): 5, ("enforcement", "change"): 0, ("enforcement", "decisions"): 3,
          ("fees", "prev_items"): 2, ("fees", "change"): -1,
          ("procurement", "items"): 6, ("procurement", "amount"): Decimal("128.5")}
    for (row, column), value in t2.items():
        report.set(Cell("t2", row, column), value)
    t3 = form.tables["t3"]
    results = t3.row_keys[t3.row_keys.index("granted"):t3.row_keys.index("total_processed")]
    for column, (new, carried, done) in T3_2019.items():
        report.set(Cell("t3", "new_received", column), new)
        report.set(Cell("t3", "carried_over", column), carried)
        for row in results:
            report.set(Cell("t3", row, column), done.get(row, 0))
        report.set(Cell("t3", "carried_forward", column), new + carried - sum(done.values()))
    for row, figures in {"admin_review": (2, 1, 0, 1), "suit_direct": (1, 0, 0, 1),
                         "suit_after_review": (0, 0, 0, 0)}.items():
        for column, value in zip(("upheld", "corrected", "other", "pending"), figures, strict=True):
            report.set(Cell("t4", row, column), value)
    return report
