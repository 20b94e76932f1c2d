"""Number entry as clerks type it.

Accepted: surrounding spaces, full-width digits (１２３), thousands separators (1,234 / 1，234),
a trailing unit that fits the cell (12件, 3.5万元). Refused, with a message that says what to type:
a decimal or a negative number in a count cell, text, more than 4 decimal places in an amount
(the 4th place of 万元 is 1 元), an amount typed in 元 where the cell is in 万元, and figures with a
space or a tab between them (“70 60”, a row copied into one cell): they are never joined into one.
A thousands grouping with a space (“3 001”) is refused the same way, with the way out: Chinese reports
group with commas, and “3 001” is as likely two figures of a copied row as one.
"""

from __future__ import annotations

import re
from decimal import Decimal

from .definition import CellKind
from .expr import Number
from .text import clean_text

MAX_DECIMALS = 4
# the kinds by name once: an enum's attribute lookup costs more than the comparison, on every cell
_COUNT, _DECIMAL, _SIGNED = CellKind.COUNT, CellKind.DECIMAL, CellKind.SIGNED
# Excel and WPS keep 15 significant digits; a larger figure is a typing slip, not a statistic.
MAX_DIGITS = 15

_FULL_WIDTH = str.maketrans("０１２３４５６７８９．－＋，　", "0123456789.-+, ")
# Copies from web pages and spreadsheets bring zero-width characters and no-break spaces with figures.
_INVISIBLE = str.maketrans({"\u200b": None, "\u200c": None, "\u200d": None, "\u2060": None, "\ufeff": None,
                            "\u00a0": " ", "\u3000": " "})
_COUNT_UNITS = ("件", "条", "个", "人次", "人", "次", "篇", "项", "起", "份")
_NUMBER = re.compile(r"^([+-]?)(\d+(?:,\d{3})*|\d+)(?:\.(\d*))?$")
_SHOWN = 20              # characters of what was typed that a message quotes
_LONGEST = 100           # characters a figure typed any way takes at most (１２３，４５６．７８９０万元 takes 15)


class EntryError(ValueError):
    """A typed value that cannot go into a cell. `str()` is the message for the user."""


def normalise(text: str) -> str:
    """Full-width to half-width, thousands separators and spaces unified, trimmed; what no output can
    hold (a control character pasted with the figure) removed by the one rule for incoming text."""
    text = clean_text(text, multiline=False).translate(_FULL_WIDTH).translate(_INVISIBLE)
    text = text.replace("，", ",").replace("−", "-").replace("—", "-")
    return text.strip()


def parse_entry(text: str | None, kind: str = CellKind.COUNT, unit: str | None = None,
                place: str = "该单元格") -> Number | None:
    """Turn what was typed into a cell value: int for counts, Decimal for amounts, None for blank.

    `place` names the cell in messages (e.g. 表三“（一）予以公开”行“自然人”列).
    """
    if text is None:
        return None
    kind = CellKind(kind)
    stripped = str(text).strip()
    if len(stripped) > _LONGEST:                     # a page of text pasted: said before it is read through
        raise EntryError(f"{place}：“{shown(clean_text(stripped[:_SHOWN + 1], multiline=False))}”"
                         f"不是数字（有{len(stripped)}个字符）。{kind.how_to_type}")
    raw = clean_text(str(text), multiline=False)     # messages quote it: nothing unprintable
    s = normalise(raw)
    if s == "":
        return None
    _one_figure(s, place, raw.strip())
    s = _strip_unit(s, kind, unit, place, raw)
    if kind == _SIGNED and s[:1] in ("增", "减"):       # 本年增/减: “减8” is how it is said
        s = ("-" if s[0] == "减" else "") + s[1:].strip()
    typed = shown(raw.strip())
    sign, whole, fraction = _parts(s.replace(" ", ""), kind, place, typed)    # “+ 5”, “1, 234”: one figure
    if kind == _DECIMAL:
        return _amount(sign, whole, fraction, place, typed)
    if fraction is not None and fraction.strip("0"):
        what = "件数" if kind == _COUNT else "数量"
        raise EntryError(f"{place}：这里填的是{what}，只能是整数，“{typed}”带有小数。")
    if sign == "-" and kind != _SIGNED:
        raise EntryError(f"{place}：不能填负数。{kind.how_to_type}")
    return -int(whole) if sign == "-" else int(whole)


def shown(typed: str) -> str:
    """What a message quotes of a typed or pasted text: the beginning of a long one."""
    return typed if len(typed) <= _SHOWN else typed[:_SHOWN] + "…"


def _one_figure(s: str, place: str, typed: str) -> None:
    """EntryError when `s` (normalised) holds several figures apart: a space or a tab between them."""
    figures = sum(any(ch.isdigit() for ch in part) for part in s.split())
    if figures > 1:
        raise EntryError(f"{place}：“{shown(typed)}”不是一个数字（中间有空格，像是{figures}个数字）。"
                         f"如果是一个数字，请去掉空格（千位分隔用逗号，如 3,001）；"
                         f"如果是几个数字，请分别填入各自的单元格。")


def _parts(s: str, kind: CellKind, place: str, typed: str) -> tuple[str, str, str | None]:
    """(sign, whole digits, fraction digits or None) of a number as typed, or EntryError."""
    m = _NUMBER.match(s)
    if not m:
        if re.fullmatch(r"[+-]?[\d,]+(\.\d*)?", s):
            raise EntryError(f"{place}：“{typed}”中的千位分隔符位置不对，请直接输入数字，如 1234。")
        raise EntryError(f"{place}：“{typed}”不是数字。{kind.how_to_type}")
    whole = m.group(2).replace(",", "")
    if len(whole.lstrip("0")) > MAX_DIGITS:
        raise EntryError(f"{place}：“{typed}”位数太多（超过{MAX_DIGITS}位），请检查是否多输入了数字。")
    return m.group(1), whole, m.group(3)


def _amount(sign: str, whole: str, fraction: str | None, place: str, typed: str) -> Decimal:
    if sign == "-":
        raise EntryError(f"{place}：金额不能是负数。{CellKind.DECIMAL.how_to_type}")
    fraction = (fraction or "").rstrip("0")
    if len(fraction) > MAX_DECIMALS:
        raise EntryError(f"{place}：金额最多保留{MAX_DECIMALS}位小数（万元的第4位小数是1元），"
                         f"“{typed}”请四舍五入到{MAX_DECIMALS}位。")
    return Decimal(f"{whole}.{fraction}" if fraction else whole)     # the pattern admits digits only


def _strip_unit(s: str, kind: str, unit: str | None, place: str, raw: str) -> str:
    if kind == _DECIMAL:
        if s.endswith("万元"):
            return s[:-2].strip()
        if s.endswith("万"):
            return s[:-1].strip()
        if s.endswith("元"):
            raise EntryError(f"{place}：本栏单位是万元，“{shown(raw.strip())}”是按元填写的。请换算成万元"
                             f"（元数除以10000），如 3940元 填 0.394。")
        return s
    for u in ((unit,) if unit else ()) + _COUNT_UNITS:
        if u and s.endswith(u):
            return s[: -len(u)].strip()
    return s


def format_value(value, kind: str = CellKind.COUNT, thousands: bool = False) -> str:
    """How a value is shown and printed: blank as "", amounts without trailing zeros."""
    if value is None:
        return ""
    if kind == _DECIMAL or isinstance(value, Decimal):
        text = format(Decimal(value), "f")   # "f" never uses exponents: 1E+3 -> 1000
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        if thousands:
            whole, _, frac = text.partition(".")
            text = f"{int(whole):,}" + ("." + frac if frac else "")
        return text
    return f"{value:,}" if thousands else str(value)


def check_value(value, kind: str) -> str | None:
    """Why a stored value does not fit its cell (R5), or None when it does."""
    if value is None:
        return None
    if kind == _DECIMAL:
        if not isinstance(value, Decimal):
            return "应为金额"
        if value < 0:
            return "金额不能是负数"
        if value != value.quantize(Decimal(1).scaleb(-MAX_DECIMALS)):
            return f"金额最多保留{MAX_DECIMALS}位小数"
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        return "应为整数"
    if value < 0 and kind != _SIGNED:
        return "不能是负数"
    return None
