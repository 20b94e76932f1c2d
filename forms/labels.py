"""Matching printed labels to a format's rows and columns, wherever the labels come from.

A table copied into a spreadsheet, a published Word file or a web page carries the official labels
with small differences: `1、` for `1.`, ASCII or full-width parentheses, `“”` or `"`, spaces and line
breaks inside a label (PDF and Word copies break long labels), a trailing note in parentheses left out,
the numbering left out. Other wordings of a label or heading are the format file's business (`aliases:`
on a row, column or section): an alias that is another format's label of the same row (`规范性文件`
where 2021 says `行政规范性文件`) is read with a note that the report mixes formats.

This module turns such texts into row and column keys. It knows nothing of Excel or Word: a reader
hands it label texts in reading order and gets back, for each, the key, or why there is none —
unknown, ambiguous — plus the rows nobody named. It never guesses: a label that fits two rows equally
is reported, not picked. A paste and a file reader may ask for the row a mistyped label nearly names
(`match_rows(near=True)`: one row only, never a heading), and the note says which label was read as
which. A group heading printed as a row with figures (gov-2019's one row “（六）其他处理” in a gov-2021
table) is explained from the formats' data (`heading_note`). It also reads a report's identity (office,
year) from title rows.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import islice

from .definition import Column, Form, HeaderNode, Row, Table, Vocabulary
from .loader import all_forms
from .report import INFO_FIELDS


class LabelKind(Vocabulary):
    """What a label text is (`Match.what`); ROW and COLUMN are also the axes of a `Matching`."""

    ROW = "row"                 # names a row
    COLUMN = "column"           # names a column
    KNOWN = "known"             # a text of the printed table that is neither (a group heading, 信息内容)
    UNKNOWN = "unknown"         # not a text of the table
    AMBIGUOUS = "ambiguous"     # fits several rows or columns equally
    BLANK = "blank"             # no text


_QUOTES = str.maketrans("", "", "“”„‟\"'‘’‚‛「」『』〝〞")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACE = re.compile(r"\s+")
# Leading numbering: 一、 （一） 1. （1） ①
_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+\.|\([一二三四五六七八九十]+\)|\d+\.|\(\d+\)|[①-⑳])")
_TRAILING_NOTE = re.compile(r"\([^()]*\)$")


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
    what: LabelKind
    key: str | None = None
    candidates: tuple[str, ...] = ()
    note: str | None = None


@dataclass
class Matching:
    """The result of matching a sequence of labels; `matches[i]` belongs to the i-th label."""

    table: Table
    axis: LabelKind                             # ROW or COLUMN
    matches: list[Match]
    missing: list[str] = field(default_factory=list)
    repeated: dict[str, list[int]] = field(default_factory=dict)

    @property
    def ambiguous(self) -> list[int]:
        return [i for i, m in enumerate(self.matches) if m.what is LabelKind.AMBIGUOUS]

    @property
    def notes(self) -> list[str]:
        return [m.note for m in self.matches if m.note]

    def label(self, key: str) -> str:
        return (self.table.row(key) if self.axis is LabelKind.ROW else self.table.column(key)).label

    def messages(self, where: Callable[[int], str] = lambda i: "",
                 figures: Callable[[int], str] = lambda i: "") -> list[str]:
        """Every problem in plain Chinese; `where(i)` names the place of the i-th label (a cell
        address such as 表三!A12, or a line of a Word table), `figures(i)` the figures beside it that
        are left out (“（自然人 2、总计 2）”), so that none is dropped without being named."""
        short = self.table.short
        what = "行" if self.axis is LabelKind.ROW else "列"
        out = []
        for i in self.ambiguous:
            m = self.matches[i]
            names = "、".join(f"“{self.label(k)}”" for k in m.candidates)
            out.append(f"{where(i)}“{_shown(m.text)}”可能是{short}的{names}，无法确定是哪一{what}，"
                       f"这一{what}的数字{figures(i)}没有导入。请把栏目名称改成与官方格式一致。")
        for key, places in self.repeated.items():
            listed = "、".join((where(i).rstrip("：") or f"第{i + 1}处") + figures(i) for i in places)
            out.append(f"{short}的“{self.label(key)}”出现了{len(places)}次（{listed}），无法确定用哪一{what}，"
                       f"这一{what}的数字没有导入。请删除多余的一{what}。")
        out.extend(where(i) + m.note for i, m in enumerate(self.matches) if m.note)
        if self.missing:
            listed = "、".join(f"“{self.label(k)}”" for k in self.missing)
            out.append(f"{short}中没有找到{listed}这{len(self.missing)}{what}，相应的数字按空白处理。"
                       f"请核对表格是否完整、栏目名称是否与官方格式一致。")
        return out


def _shown(text: str) -> str:
    return _SPACE.sub(" ", str(text)).strip()


_LISTED = 4                  # rows named one by one in a message; more are named as “first”至“last”


def _count(n: int) -> str:
    """A small count as it is written in a sentence: 三行, 12行."""
    return "一两三四五六七八九十"[n - 1] if 1 <= n <= 10 else str(n)


# How alike two normalised labels must be to read one as the other (one character changed in
# “3.其他” is 0.75), and how much nearer the nearest must be than the next.
_NEAR = 0.75
_NEAR_MARGIN = 0.1
_NEAR_MOST = 20         # labels that miss, at most, for any to be tried as typos of the nearest row


def _likeness(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() if a and b else 0.0


class TableLabels:
    """The labels of one table of one format, ready for lookups: the labels and aliases its format
    file gives the rows and columns, and the other texts of the printed table."""

    def __init__(self, table: Table, form: Form | None = None, others: Iterable[Form] | None = None):
        """`others` are the formats a report may have mixed in (default: the bundled ones): an alias
        that is one of their labels of the same row is read with a note saying so."""
        self.table = table
        self.form_id = form.id if form else None
        self.own = form.short_name if form else "本报告的格式"      # how a message names this format
        value_rows = [r for r in table.rows if not r.is_group]
        self.row_order = {r.key: i for i, r in enumerate(value_rows)}
        self.row_exact, self.row_bare, self.row_aliases = _indexes(value_rows)
        self.column_exact, self.column_bare, self.column_aliases = _indexes(table.columns)
        others = list(all_forms() if others is None else others)
        self.mixed_notes = self._mixed_formats(value_rows, others)
        self.former_rows = self._former_rows(others)
        self.later_rows = self._later_rows(value_rows, others)
        named = set(self.row_exact) | set(self.column_exact) | set(self.row_aliases) | set(self.column_aliases)
        known = _known_texts(table)
        self.known_exact = {normalise(t) for t in known} - named - {""}
        self.known_bare = {bare(t) for t in known} - {""}

    def _mixed_formats(self, rows: list[Row], others: Iterable[Form]) -> dict[tuple[str, str], str]:
        """(normalised alias, row key) -> the note for an alias that is another format's label of
        that row (the same table and row key)."""
        wordings: dict[tuple[str, str], str] = {}
        for other in others:
            table = other.tables.get(self.table.key)
            if table is not None and other.id != self.form_id:
                for row in table.rows:
                    wordings.setdefault((row.key, normalise(row.label)), other.short_name)
        notes = {}
        for row in rows:
            for alias in row.aliases:
                other_name = wordings.get((row.key, normalise(alias)))
                if other_name:
                    notes[(normalise(alias), row.key)] = self._mixed_note(alias, row.label, other_name)
        return notes

    def _former_rows(self, others: list[Form]) -> dict[str, Form]:
        """Normalised label or alias -> the other format in which it is a row with figures of this
        table and in this one is a group heading (gov-2019's “（六）其他处理”)."""
        headings = {normalise(g) for r in self.table.rows for g in r.groups}
        headings |= {normalise(t) for r in self.table.rows if r.is_group for t in (r.label, *r.aliases)}
        former: dict[str, Form] = {}
        for other in others:
            table = other.tables.get(self.table.key)
            if table is None or other.id == self.form_id:
                continue
            for row in table.rows:
                for text in (row.label, *row.aliases) if not row.is_group else ():
                    if normalise(text) in headings:
                        former.setdefault(normalise(text), other)
        return former

    def _later_rows(self, rows: list[Row], others: list[Form]) -> dict[str, tuple[Form, str]]:
        """Normalised label of another format's row of this table -> (that format, this table's row
        that it prints as a group heading over the row): gov-2021's three rows under （六）其他处理,
        one row in gov-2019."""
        own = {normalise(t): r.key for r in rows for t in (r.label, *r.aliases)}
        later: dict[str, tuple[Form, str]] = {}
        for other in others:
            table = other.tables.get(self.table.key)
            if table is None or other.id == self.form_id:
                continue
            for row in table.rows:
                key = next((own[normalise(g)] for g in row.groups if normalise(g) in own), None)
                if key is not None and not row.is_group and normalise(row.label) not in own:
                    later.setdefault(normalise(row.label), (other, key))
        return later

    def later_row(self, text) -> tuple[Form, str] | None:
        """(the other format, this table's row) when `text` is a row another format prints under a
        heading that is one row here."""
        return self.later_rows.get(normalise(text))

    def split_note(self, text) -> str | None:
        """Where the figures of another format's row go when this format has them in one row (the
        reverse of `heading_note`): “请把这三行的数字相加后填入‘（六）其他处理’”. None for other texts."""
        found = self.later_row(text)
        if found is None:
            return None
        other, key = found
        label = self.table.row(key).label
        split = other.tables[self.table.key]
        count = _count(sum(1 for r in split.rows if not r.is_group and any(normalise(g) == normalise(label)
                                                                           for g in r.groups)))
        return (f"“{_shown(text)}”是{other.short_name}（用于{other.years_text}）的写法：{other.short_name}把“{label}”"
                f"分为{count}行，{self.own}只有“{label}”一行，请把这{count}行的数字相加后填入“{label}”这一行。")

    def _mixed_note(self, label: str, own: str, other_name: str) -> str:
        return (f"{self.table.short}中的“{label}”是{other_name}的写法，{self.own}"
                f"写作“{own}”，已按“{own}”导入。"
                f"表格可能混用了两种格式，请核对。")

    # --- single texts -----------------------------------------------------------------------

    def row_candidates(self, text) -> tuple[str, ...]:
        """The row keys a label may name (in table order). Exact labels win over aliases, and both
        over labels without numbering or trailing note."""
        n = normalise(text)
        if not n:
            return ()
        if n in self.row_exact:
            return self.row_exact[n]
        if n in self.row_aliases:
            return self.row_aliases[n]
        if n in self.known_exact:
            return ()
        return self.row_bare.get(bare(text), ())

    def _note(self, text, key: str) -> str | None:
        """The note for reading `text` as row `key`: set when it is another format's label."""
        n = normalise(text)
        return None if n in self.row_exact else self.mixed_notes.get((n, key))

    def near_row_candidates(self, text) -> tuple[str, ...]:
        """The rows whose label `text` nearly is (a character dropped, added or changed: “2.其他法律
        行政止公开”, “本年新受理…” for “本年新收…”), for a paste and the readers of files
        (`match_rows(near=True)`), whose note tells the clerk which row was read. () when no label is
        near enough, or when the nearest text is a heading of the table rather than a row; several keys
        when two rows are as near."""
        n, b = normalise(text), bare(text)
        if not n:
            return ()
        scores: dict[str, float] = {}
        for label, keys in (*self.row_exact.items(), *self.row_aliases.items()):
            score = max(_likeness(n, label), _likeness(b, bare(label)))
            for key in keys:
                scores[key] = max(scores.get(key, 0.0), score)
        heading = max((_likeness(n, known) for known in self.known_exact), default=0.0)
        best = max(scores.values(), default=0.0)
        if best < _NEAR or heading >= best:
            return ()
        return tuple(k for k in self.row_order if scores.get(k, 0.0) > best - _NEAR_MARGIN)

    def heading_rows(self, text) -> tuple[str, ...]:
        """The rows with figures printed under the group heading `text` (“（六）其他处理” → its rows 1.
        2. 3.), in table order; () when `text` heads no group of rows."""
        n, b = normalise(text), bare(text)
        if not n:
            return ()
        return tuple(r.key for r in self.table.rows if not r.is_group
                     and any(normalise(g) == n or bare(g) == b for g in r.groups))

    def heading_note(self, text) -> str:
        """Why a heading with figures beside it is not read, and where its figures belong: the rows
        under it, and — when another format prints the heading as one row of its own — that the row
        is written in that format's way (gov-2019's （六）其他处理, which gov-2021 divides into three
        rows). From the formats' groups and labels, for any format."""
        shown, short = _shown(text), self.table.short
        own = self.own
        note = f"“{shown}”在{own}中是{short}的分组标题或表头，不是填数字的一行"
        rows = self.heading_rows(text)
        if not rows:
            return note + "。请把这些数字填到相应的栏目中。"
        labels = [f"“{self.table.row(k).label}”" for k in rows]
        listed = "、".join(labels) if len(labels) <= _LISTED else f"{labels[0]}至{labels[-1]}共"
        count = _count(len(rows))
        former = self.former_rows.get(normalise(text))
        if former is not None:
            return (f"{note}：这一行是{former.short_name}（用于{former.years_text}）的写法；{own}把它分为{listed}"
                    f"{count}行，请把这些数字分到这{count}行中。")
        return f"{note}：它下面有{listed}{count}行，请把这些数字分到这{count}行中。"

    def is_row_label(self, text) -> bool:
        """Exactly a row's label or alias (to find rows and tell how a table is laid out)."""
        n = normalise(text)
        return n in self.row_exact or n in self.row_aliases

    def column_candidates(self, text) -> tuple[str, ...]:
        n = normalise(text)
        if not n:
            return ()
        if n in self.column_exact:
            return self.column_exact[n]
        if n in self.column_aliases:
            return self.column_aliases[n]
        if n in self.known_exact or n in self.row_exact:
            return ()
        return self.column_bare.get(bare(text), ())

    def is_known(self, text) -> bool:
        """A text the printed table has that is neither a row nor a column (group and block
        headings, 信息内容, 统计指标, 单位, the corner note, the title)."""
        n = normalise(text)
        if not n or n in self.row_exact or n in self.column_exact or n in self.row_aliases or n in self.column_aliases:
            return False
        b = bare(text)
        return n in self.known_exact or (b in self.known_bare and b not in self.row_bare and b not in self.column_bare)

    def all_labels(self) -> set[str]:
        """Every normalised text of the printed table (to tell formats apart by what a sheet has)."""
        return set(self.row_exact) | set(self.column_exact) | self.known_exact

    # --- sequences --------------------------------------------------------------------------

    def match_rows(self, labels: Sequence[str | None], near: bool = False) -> Matching:
        """Match row labels given in reading order. A label that fits several rows (gov-2014 has
        “（二）被依法纠错数” under both 行政复议 and 行政诉讼) is the first of them after the row
        matched before it; if there is none, it is ambiguous. `near` (a paste, a file): a label that
        names no row nor heading is read as the row it nearly names, with a note saying so — when at
        most _NEAR_MOST labels miss: each is compared with every label (slow), and many unknown labels
        are no typos (10,000 of them took 13.6 s in a paste, 2,000 in a workbook 1.8 s)."""
        if near:
            misses = (t for t in labels if t is not None and not self.row_candidates(t) and not self.is_known(t))
            near = next(islice(misses, _NEAR_MOST, None), None) is None     # the 21st miss ends the count
        matches: list[Match] = []
        last = -1
        for text in labels:
            match = self._row_match(text, last)
            if near and match.what is LabelKind.UNKNOWN and not self.later_row(text):
                match = self._near_match(str(text))
            if match.key is not None:
                last = self.row_order[match.key]
            matches.append(match)
        return self._finish(LabelKind.ROW, matches, [r.key for r in self.table.rows if not r.is_group])

    def _row_match(self, text: str | None, after: int) -> Match:
        """One row label, read after the row at position `after` of the table."""
        if text is None or not normalise(text):
            return Match("" if text is None else str(text), LabelKind.BLANK)
        candidates = self.row_candidates(text)
        if not candidates:
            return Match(str(text), LabelKind.KNOWN if self.is_known(text) else LabelKind.UNKNOWN)
        if len(candidates) > 1:
            later = [k for k in candidates if self.row_order[k] > after]
            if not later:
                return Match(str(text), LabelKind.AMBIGUOUS, candidates=candidates)
            candidates = (later[0],)
        return Match(str(text), LabelKind.ROW, candidates[0], note=self._note(text, candidates[0]))

    def _near_match(self, text: str) -> Match:
        candidates = self.near_row_candidates(text)
        if len(candidates) > 1:
            return Match(text, LabelKind.AMBIGUOUS, candidates=candidates)
        if not candidates:
            return Match(text, LabelKind.UNKNOWN)
        label = self.table.row(candidates[0]).label
        shown = _shown(text)
        return Match(text, LabelKind.ROW, candidates[0],
                     note=f"“{shown}”按“{label}”读入（{self.table.short}中没有“{shown}”，只有这一栏与它相近），请核对。")

    def match_columns(self, labels: Sequence[str | None], expected: Iterable[str] | None = None,
                      repeats_allowed: bool = False) -> Matching:
        """Match column labels (a header row); `expected` are the columns that must be there
        (default: all of the table's columns)."""
        matches = [self._column_match(text) for text in labels]
        expected = list(expected) if expected is not None else list(self.table.column_keys)
        return self._finish(LabelKind.COLUMN, matches, expected, repeats_allowed)

    def _column_match(self, text: str | None) -> Match:
        if text is None or not normalise(text):
            return Match("" if text is None else str(text), LabelKind.BLANK)
        candidates = self.column_candidates(text)
        if len(candidates) == 1:
            return Match(str(text), LabelKind.COLUMN, candidates[0])
        if candidates:
            return Match(str(text), LabelKind.AMBIGUOUS, candidates=candidates)
        return Match(str(text), LabelKind.KNOWN if self.is_known(text) else LabelKind.UNKNOWN)

    def _finish(self, axis: LabelKind, matches: list[Match], expected: list[str], repeats_allowed=False) -> Matching:
        places: dict[str, list[int]] = {}
        for i, m in enumerate(matches):
            if m.key is not None:
                places.setdefault(m.key, []).append(i)
        repeated = {} if repeats_allowed else {k: v for k, v in places.items() if len(v) > 1}
        missing = [k for k in expected if k not in places]
        return Matching(self.table, axis, matches, missing, repeated)


_Index = dict[str, tuple[str, ...]]


def _indexes(items: Sequence[Row] | Sequence[Column]) -> tuple[_Index, _Index, _Index]:
    """Normalised text -> keys, for the labels of rows or columns, their labels without numbering and
    trailing note, and their aliases."""
    return (_index((normalise(x.label), x.key) for x in items), _index((bare(x.label), x.key) for x in items),
            _index((normalise(a), x.key) for x in items for a in x.aliases))


def _index(pairs: Iterable[tuple[str, str]]) -> _Index:
    index: dict[str, tuple[str, ...]] = {}
    for text, key in pairs:
        if text and key not in index.get(text, ()):
            index[text] = index.get(text, ()) + (key,)
    return index


def _known_texts(table: Table) -> list[str]:
    """The texts of a printed table that name no row or column: group rows and group cells, block
    headings, the label and unit headers, the corner note, the title, the column header's groups."""
    known = [text for r in table.rows if r.is_group for text in (r.label, *r.aliases)]
    known += [g for r in table.rows for g in r.groups]
    known += [b.heading for b in table.blocks]
    known += [x for x in (table.label_header, table.unit_header, table.corner, table.title) if x]
    known += [n.label for n in _header_nodes(table.column_header + table.print_header)]
    return known


def _header_nodes(nodes: Iterable[HeaderNode]) -> list[HeaderNode]:
    out = []
    for node in nodes:
        out.append(node)
        out.extend(_header_nodes(node.children))
    return out


def match_heading(form: Form, text) -> str | None:
    """The section key a heading names (“三、收到和处理政府信息公开的申请情况” → requests), or None:
    the section's heading or one of its aliases, after normalising."""
    n = normalise(text)
    if not n:
        return None
    return _headings(form)[0].get(n)


def match_bare_heading(form: Form, text) -> str | None:
    """The section key a heading names without its numbering (Word's automatic numbering is not in
    the text: “收到和处理政府信息公开的申请情况”), or None."""
    return _headings(form)[1].get(bare(text))


_HEADINGS: dict[int, tuple[Form, dict[str, str], dict[str, str]]] = {}


def _headings(form: Form) -> tuple[dict[str, str], dict[str, str]]:
    """Each heading and alias of the format's sections, normalised and bare, -> its section (the first
    section that has it): made once per format, as a document's every paragraph is matched against
    every heading of every format."""
    cached = _HEADINGS.get(id(form))
    if cached is None or cached[0] is not form:
        exact: dict[str, str] = {}
        without: dict[str, str] = {}
        for section in form.sections:
            for heading in (section.heading, *section.aliases):
                exact.setdefault(normalise(heading), section.key)
                without.setdefault(bare(heading), section.key)
        if len(_HEADINGS) >= 64:
            _HEADINGS.clear()
        cached = _HEADINGS[id(form)] = (form, exact, without)
    return cached[1], cached[2]


# --- a report's identity --------------------------------------------------------------------------
# The labels that name a field of a report's identity wherever it is written (an identity sheet, a
# title row, a Word file's cover); the first of each is the one the program writes. Not a matter of
# format: every format has the same identity.

_IDENTITY_MORE = {
    "date": ("日期", "报告日期"),
    "address": ("地址", "联系地址"),
    "postcode": ("邮编",),
    "phone": ("电话",),
    "email": ("邮箱", "电子邮件", "email", "e-mail"),
}
IDENTITY_ALIASES: dict[str, tuple[str, ...]] = {
    "organ": ("机关名称", "单位名称", "填报单位", "填报机关", "报送单位", "报告机关", "机关"),
    "year": ("报告年度", "年度", "统计年度"),
    "form": ("报告格式", "格式", "格式编号"),
    **{key: (label, *_IDENTITY_MORE.get(key, ())) for key, label in INFO_FIELDS.items()},
}
_IDENTITY_BY_LABEL = {normalise(a).lower(): key for key, aliases in IDENTITY_ALIASES.items() for a in aliases}


def identity_key(label: str) -> str | None:
    """The identity field a label names (organ, year, form, or a key of INFO_FIELDS); a note in
    parentheses is ignored (填报单位（盖章））."""
    n = normalise(label).lower()
    return _IDENTITY_BY_LABEL.get(n) or _IDENTITY_BY_LABEL.get(_TRAILING_NOTE.sub("", n))


# --- title rows -----------------------------------------------------------------------------------
# Sheets, Word files and web pages name the office and the year in a title (“临河县教育局2024年政府
# 信息公开工作年度报告”) or in a title row typed with spaces as separators (“填报单位：临河县教育局
# 2024年度”, “单位名称：某局　　年度：2024”). These read such texts; which label means what (填报单位 is
# the organ) is identity_key's.

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
    fields: list[tuple[str, str]] = []
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
        if colon is not None and new_label is not None:
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
