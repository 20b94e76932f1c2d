"""Matching printed labels to a format's rows and columns, wherever the labels come from.

A table copied into a spreadsheet, a published Word file or a web page carries the official labels
with small differences (spec section 4): `1、` for `1.`, ASCII or full-width parentheses, `“”` or
`"`, spaces and line breaks inside a label (PDF and Word copies break long labels), a trailing note in
parentheses left out, the numbering left out, and `规范性文件` where 2021 says `行政规范性文件`.
This module turns such texts into row and column keys. It knows nothing of Excel or Word: a reader
hands it label texts in reading order and gets back, for each, the key, or why there is none —
unknown, ambiguous — plus the rows nobody named. It never guesses: a label that fits two rows equally
is reported, not picked.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .definition import Form, Table

ROW, COLUMN, KNOWN, UNKNOWN, AMBIGUOUS, BLANK = "row", "column", "known", "unknown", "ambiguous", "blank"

_QUOTES = str.maketrans("", "", "“”„‟\"'‘’‚‛「」『』〝〞")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACE = re.compile(r"\s+")
# Leading numbering: 一、 （一） 1. （1） ①
_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+\.|\([一二三四五六七八九十]+\)|\d+\.|\(\d+\)|[①-⑳])")
_TRAILING_NOTE = re.compile(r"\([^()]*\)$")

# A row that two formats label differently (spec section 4): the label of another format is read
# as that row, with a note — a 2019 label in a 2021 report means the report mixes formats.
FORMAT_LABELS: dict[tuple[str, str], dict[str, str]] = {
    ("t2", "normative"): {"gov-2019": "规范性文件", "gov-2021": "行政规范性文件"},
}

# Section headings as published reports vary them (spec section 4), by section key.
HEADING_VARIANTS: dict[str, tuple[str, ...]] = {
    "requests": ("三、收到和处理政府信息公开的申请情况",),
    "problems": ("五、存在的主要问题及整改措施", "五、政府信息公开工作存在的主要问题及改进情况"),
}


def normalise(text) -> str:
    """The comparable form of a label: full-width letters, digits and punctuation made half-width,
    `、` after a number the same as `.`, quotes, spaces and line breaks removed, no trailing colon."""
    if text is None:
        return ""
    s = unicodedata.normalize("NFKC", str(text))
    s = _INVISIBLE.sub("", s)
    s = _SPACE.sub("", s).translate(_QUOTES)
    s = s.replace("、", ".").replace("。", ".")
    return s.rstrip(":")


def bare(text) -> str:
    """A normalised label without its leading numbering and trailing note in parentheses:
    “（二）部分公开（区分处理的，…）” and “部分公开” both become “部分公开”."""
    s = normalise(text)
    s = _NUMBERING.sub("", s, count=1)
    stripped = _TRAILING_NOTE.sub("", s)
    return stripped or s


@dataclass(frozen=True)
class Match:
    """What one label text is: a row or column (`key`), a known text of the table that is neither
    (a group or block heading, a header such as 信息内容), or unknown / ambiguous / blank."""

    text: str
    what: str
    key: str | None = None
    candidates: tuple[str, ...] = ()
    note: str | None = None


@dataclass
class Matching:
    """The result of matching a sequence of labels; `matches[i]` belongs to the i-th label."""

    table: Table
    axis: str                                   # ROW or COLUMN
    matches: list[Match]
    missing: list[str] = field(default_factory=list)
    repeated: dict[str, list[int]] = field(default_factory=dict)

    def key_at(self, i: int) -> str | None:
        return self.matches[i].key

    @property
    def unknown(self) -> list[int]:
        return [i for i, m in enumerate(self.matches) if m.what == UNKNOWN]

    @property
    def ambiguous(self) -> list[int]:
        return [i for i, m in enumerate(self.matches) if m.what == AMBIGUOUS]

    @property
    def notes(self) -> list[str]:
        return [m.note for m in self.matches if m.note]

    def label(self, key: str) -> str:
        return (self.table.row(key) if self.axis == ROW else self.table.column(key)).label

    def messages(self, where=lambda i: "") -> list[str]:
        """Every problem in plain Chinese; `where(i)` names the place of the i-th label (a cell
        address such as 表三!A12, or a line of a Word table)."""
        short = self.table.short
        what = "行" if self.axis == ROW else "列"
        out = []
        for i in self.ambiguous:
            m = self.matches[i]
            names = "、".join(f"“{self.label(k)}”" for k in m.candidates)
            out.append(f"{where(i)}“{_shown(m.text)}”可能是{short}的{names}，无法确定是哪一{what}，这一{what}的数字没有导入。"
                       f"请把栏目名称改成与官方格式一致。")
        for key, places in self.repeated.items():
            listed = "、".join(where(i) or f"第{i + 1}处" for i in places)
            out.append(f"{short}的“{self.label(key)}”出现了{len(places)}次（{listed}），无法确定用哪一{what}，"
                       f"这一{what}的数字没有导入。请删除多余的一{what}。")
        out.extend(self.notes)
        if self.missing:
            listed = "、".join(f"“{self.label(k)}”" for k in self.missing)
            out.append(f"{short}中没有找到{listed}这{len(self.missing)}{what}，相应的数字按空白处理。"
                       f"请核对表格是否完整、栏目名称是否与官方格式一致。")
        return out


def _shown(text: str) -> str:
    return _SPACE.sub(" ", str(text)).strip()


class TableLabels:
    """The labels of one table of one format, ready for lookups."""

    def __init__(self, table: Table, form: Form | None = None):
        self.table = table
        self.form_id = form.id if form else None
        value_rows = [r for r in table.rows if not r.is_group]
        self.row_order = {r.key: i for i, r in enumerate(value_rows)}
        self.row_exact = _index((normalise(r.label), r.key) for r in value_rows)
        self.row_bare = _index((bare(r.label), r.key) for r in value_rows)
        self.column_exact = _index((normalise(c.label), c.key) for c in table.columns)
        self.column_bare = _index((bare(c.label), c.key) for c in table.columns)
        self.aliases: dict[str, tuple[str, str]] = {}
        for (table_key, row_key), labels in FORMAT_LABELS.items():
            if table_key != table.key or row_key not in self.row_order:
                continue
            own = table.row(row_key).label
            for form_id, label in labels.items():
                if label != own:
                    self.aliases[normalise(label)] = (row_key, self._alias_note(label, own, form_id))
        known = [r.label for r in table.rows if r.is_group]
        known += [g for r in table.rows for g in r.groups]
        known += [b.heading for b in table.blocks]
        known += [x for x in (table.label_header, table.unit_header, table.corner, table.title) if x]
        known += [n.label for n in _header_nodes(table.column_header + table.print_header)]
        exact_keys = set(self.row_exact) | set(self.column_exact)
        self.known_exact = {normalise(t) for t in known} - exact_keys - {""}
        self.known_bare = {bare(t) for t in known} - {""}

    def _alias_note(self, label: str, own: str, form_id: str) -> str:
        return (f"{self.table.short}中的“{label}”是{form_id}格式的写法，本报告的格式"
                f"{f'（{self.form_id}）' if self.form_id else ''}写作“{own}”，已按“{own}”导入。"
                f"表格可能混用了两种格式，请核对。")

    # --- single texts -----------------------------------------------------------------------

    def row_candidates(self, text) -> tuple[tuple[str, ...], str | None]:
        """The row keys a label may name (in table order), and a note when it is a variant of
        another format. Exact labels win over labels without numbering or trailing note."""
        n = normalise(text)
        if not n:
            return (), None
        if n in self.row_exact:
            return self.row_exact[n], None
        if n in self.aliases:
            key, note = self.aliases[n]
            return (key,), note
        if n in self.known_exact:
            return (), None
        return self.row_bare.get(bare(text), ()), None

    def column_candidates(self, text) -> tuple[str, ...]:
        n = normalise(text)
        if not n:
            return ()
        if n in self.column_exact:
            return self.column_exact[n]
        if n in self.known_exact or n in self.row_exact:
            return ()
        return self.column_bare.get(bare(text), ())

    def is_column_label(self, text) -> bool:
        """Exactly a column label (used to recognise header rows)."""
        return normalise(text) in self.column_exact

    def is_known(self, text) -> bool:
        """A text the printed table has that is neither a row nor a column (group and block
        headings, 信息内容, 统计指标, 单位, the corner note, the title)."""
        n = normalise(text)
        if not n or n in self.row_exact or n in self.column_exact:
            return False
        b = bare(text)
        return n in self.known_exact or (b in self.known_bare and b not in self.row_bare and b not in self.column_bare)

    def all_labels(self) -> set[str]:
        """Every normalised text of the printed table (to tell formats apart by what a sheet has)."""
        return set(self.row_exact) | set(self.column_exact) | self.known_exact

    # --- sequences --------------------------------------------------------------------------

    def match_rows(self, labels: Sequence[str | None]) -> Matching:
        """Match row labels given in reading order. A label that fits several rows (gov-2014 has
        “（二）被依法纠错数” under both 行政复议 and 行政诉讼) is the first of them after the row
        matched before it; if there is none, it is ambiguous."""
        matches: list[Match] = []
        last = -1
        for text in labels:
            if text is None or not normalise(text):
                matches.append(Match("" if text is None else str(text), BLANK))
                continue
            candidates, note = self.row_candidates(text)
            if not candidates:
                what = KNOWN if self.is_known(text) else UNKNOWN
                matches.append(Match(str(text), what))
                continue
            if len(candidates) > 1:
                later = [k for k in candidates if self.row_order[k] > last]
                if not later:
                    matches.append(Match(str(text), AMBIGUOUS, candidates=candidates))
                    continue
                candidates = (later[0],)
            key = candidates[0]
            last = self.row_order[key]
            matches.append(Match(str(text), ROW, key, note=note))
        return self._finish(ROW, matches, [r.key for r in self.table.rows if not r.is_group])

    def match_columns(self, labels: Sequence[str | None], expected: Iterable[str] | None = None,
                      repeats_allowed: bool = False) -> Matching:
        """Match column labels (a header row); `expected` are the columns that must be there
        (default: all of the table's columns)."""
        matches: list[Match] = []
        for text in labels:
            if text is None or not normalise(text):
                matches.append(Match("" if text is None else str(text), BLANK))
                continue
            candidates = self.column_candidates(text)
            if len(candidates) == 1:
                matches.append(Match(str(text), COLUMN, candidates[0]))
            elif candidates:
                matches.append(Match(str(text), AMBIGUOUS, candidates=candidates))
            else:
                matches.append(Match(str(text), KNOWN if self.is_known(text) else UNKNOWN))
        expected = list(expected) if expected is not None else list(self.table.column_keys)
        return self._finish(COLUMN, matches, expected, repeats_allowed)

    def _finish(self, axis: str, matches: list[Match], expected: list[str], repeats_allowed=False) -> Matching:
        places: dict[str, list[int]] = {}
        for i, m in enumerate(matches):
            if m.key is not None:
                places.setdefault(m.key, []).append(i)
        repeated = {} if repeats_allowed else {k: v for k, v in places.items() if len(v) > 1}
        missing = [k for k in expected if k not in places]
        return Matching(self.table, axis, matches, missing, repeated)


def _index(pairs) -> dict[str, tuple[str, ...]]:
    index: dict[str, tuple[str, ...]] = {}
    for text, key in pairs:
        if text and key not in index.get(text, ()):
            index[text] = index.get(text, ()) + (key,)
    return index


def _header_nodes(nodes) -> list:
    out = []
    for node in nodes:
        out.append(node)
        out.extend(_header_nodes(node.children))
    return out


def match_heading(form: Form, text) -> str | None:
    """The section key a heading names (“三、收到和处理政府信息公开的申请情况” → requests), or None."""
    n = normalise(text)
    if not n:
        return None
    for section in form.sections:
        variants = (section.heading,) + HEADING_VARIANTS.get(section.key, ())
        if n in {normalise(v) for v in variants}:
            return section.key
    return None


# --- a report's identity in title rows ------------------------------------------------------------
# Sheets, Word files and web pages name the office and the year in a title (“临河县教育局2024年政府
# 信息公开工作年度报告”) or in a title row typed with spaces as separators (“填报单位：临河县教育局
# 2024年度”, “单位名称：某局　　年度：2024”). These read such texts; which label means what (填报单位 is
# the organ) is the caller's.

_TITLE_WORDS = r"政府信息公开(?:工作)?(?:情况)?(?:的)?(?:年度)?(?:报告|年报|统计表)"
_TITLES = (
    re.compile(rf"^(?P<organ>.+?)(?:关于)?(?P<year>\d{{4}})年度?(?:的)?{_TITLE_WORDS}"),
    re.compile(rf"^(?P<year>\d{{4}})年度?(?!度)(?P<organ>.+?){_TITLE_WORDS}"),
)
_YEAR_ONLY = re.compile(r"^\(?(?P<year>\d{4})年度?\)?$")
_COLON = re.compile("[:：]")
_LABEL_NOTE = re.compile(r"[(（][^()（）]*[)）]$")
_LABEL_WORD = re.compile(r"[A-Za-z\u3400-\u9fff]")
_MAX_LABEL = 12


def title_identity(text) -> tuple[str, int] | None:
    """The office and year a report title names, or None: “临河县教育局2024年政府信息公开工作年度报告”,
    “2024年度临河县教育局政府信息公开工作年度报告”, “某局关于2024年度政府信息公开工作的年度报告”."""
    s = _SPACE.sub("", str(text or ""))
    for pattern in _TITLES:
        match = pattern.match(s)
        if match:
            return match.group("organ"), int(match.group("year"))
    return None


def year_only(text) -> int | None:
    """The year when a text is nothing but a year: 2024年度, 2024年, （2024年度）."""
    match = _YEAR_ONLY.match(normalise(text))
    return int(match.group("year")) if match else None


@dataclass(frozen=True)
class LabelledText:
    """What a title-row text states: `fields` are (label without spaces, value) in order; `years`
    are the parts that are only a year and belong to no label (“填报单位：某局      2024年度”)."""

    fields: tuple[tuple[str, str], ...]
    years: tuple[int, ...]
    unlabelled: str = ""         # the parts before the first label, years left out


def split_labelled(text) -> LabelledText:
    """Split a title-row text on runs of spaces (ASCII, full-width, tabs, line breaks). A part with
    a colon starts a field — its label may be spelt out with spaces (填 报 单 位：) — and the parts
    after it are its value: the first always, further ones unless they are only a year. A colon in
    a number (10:30) starts nothing."""
    fields: list[tuple[str, list[str]]] = []
    label: str | None = None
    value: list[str] = []
    years: list[int] = []
    unlabelled: list[str] = []

    def close():
        if label is None:
            unlabelled.extend(value)
        else:
            fields.append((label, " ".join(value)))

    for part in str(text or "").split():
        colon = _COLON.search(part)
        new_label = _spelt_label(part[:colon.start()], value) if colon else None
        if new_label is not None:
            close()
            rest = part[colon.end():]
            label, value = new_label, [rest] if rest else []
            continue
        year = year_only(part)
        if year is not None and not (label is not None and not value):
            years.append(year)
        else:
            value.append(part)
    close()
    return LabelledText(tuple(fields), tuple(years), " ".join(unlabelled))


def _spelt_label(head: str, before: list[str]) -> str | None:
    """The label ending in `head` (the text before a colon), taking back from `before` the single
    characters of a label spelt out with spaces (填 报 单 位) or, when the colon stands apart
    (“填报单位 ：”), the part before it; None when `head` is no label (a number, a long text)."""
    taken = []
    if not head and before:
        taken.append(before.pop())
    while before and len(_LABEL_NOTE.sub("", (taken[0] if taken else head))) <= 1 and len(before[-1]) == 1:
        taken.insert(0, before.pop())
    label = "".join(taken) + head
    if not _LABEL_WORD.search(label) or len(normalise(label)) > _MAX_LABEL:
        before.extend(taken)
        return None
    return label
