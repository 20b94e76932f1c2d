"""年报通 — the one entry point.

`python main.py` opens the window; where no window can open it says why, then writes the bundled
samples, checks them and exports their Word and Excel files. `python main.py VERB …` runs one verb.
The verbs live in one table, VERB_TABLE: the parser, `--help`, the listing printed where no window
can open, the README's "Command line" block and the listing below are all made from it:
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    from exports.common import ExportKind
    from exports.typesetting import Typesetting
    from exports.xlsx_reader import ImportResult
    from forms.carryover import CarryOver
    from forms.report import Report
    from forms.rules import CheckResult

# how the clerk starts the program, for the messages that say what to run next: the bundle's program
# (packaging/), or the script
PROG = Path(sys.executable).stem if getattr(sys, "frozen", False) else "python main.py"
SAMPLE_FOLDER = "年报通示例"
EXIT_OK, EXIT_ERRORS, EXIT_UNREADABLE, EXIT_FAULT = 0, 1, 2, 3
EXIT_INTERRUPTED = 130          # Ctrl-C, as shells count it
STDIO = "-"                     # as a file name: standard input to read, standard output to write
STDIN_NAME = "标准输入"           # how messages name a file read from standard input


# --- argparse in Chinese, for our parser only -------------------------------------------------

# argparse's own error messages (its English templates, as in its source) and ours. A message of a
# Python whose argparse words it differently is shown as it comes: in English, but never lost.
_ARGPARSE_ERRORS_ZH = {
    "the following arguments are required: %s": "缺少参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选择：%(value)r（可选：%(choices)s）",
    "expected one argument": "后面需要跟一个值",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "invalid %(type)s value: %(value)r": "无效的值：%(value)r",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确，可能是 %(matches)s",
    "ignored explicit argument %r": "这个选项后面不用跟值（多了 %r）",
}
_PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?[sr]")


def _template_pattern(template: str) -> re.Pattern[str]:
    """An argparse template as a pattern: each %s, %(name)s or %(name)r a group (named `text` for %s)."""
    pattern, end = "", 0
    for place in _PLACEHOLDER.finditer(template):
        pattern += re.escape(template[end:place.start()]) + f"(?P<{place.group(1) or 'text'}>.*?)"
        end = place.end()
    return re.compile(pattern + re.escape(template[end:]), re.DOTALL)


_ARGPARSE_PATTERNS = [(_template_pattern(english), chinese) for english, chinese in _ARGPARSE_ERRORS_ZH.items()]


def argparse_message_in_chinese(message: str) -> str:
    """One of argparse's error messages, as argparse formatted it, in Chinese. The parts argparse filled
    in (names, values) are kept as they are; a message inside 'argument X: …' is translated too."""
    for pattern, chinese in _ARGPARSE_PATTERNS:
        found = pattern.fullmatch(message)
        if found:
            parts = {name: argparse_message_in_chinese(text) if name == "message" else text
                     for name, text in found.groupdict().items()}
            return _fill(chinese, parts)
    return message


def _fill(template: str, parts: Mapping[str, str]) -> str:
    """`template` with each placeholder replaced by the text argparse put there, as it is (a %r value
    is already quoted)."""
    return _PLACEHOLDER.sub(lambda place: parts[place.group(1) or "text"], template)


class ChineseHelpFormatter(argparse.RawDescriptionHelpFormatter):
    """argparse's help layout with its usage prefix in Chinese. Descriptions keep their line breaks:
    the exit codes are listed one to a line."""

    def add_usage(self, usage: str | None, actions: Iterable[argparse.Action], groups: Iterable[Any],
                  prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


class ChineseArgumentParser(argparse.ArgumentParser):
    """argparse speaking Chinese: its headings, its help option and its error messages. Done here, not
    through argparse's module-wide translation function, so that no other parser in the process is
    changed. Its sub-parsers are of this class too (argparse makes them of the parent's class)."""

    def __init__(self, **kwargs: Any) -> None:
        add_help = kwargs.pop("add_help", True)
        kwargs.setdefault("formatter_class", ChineseHelpFormatter)
        super().__init__(add_help=False, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="显示本帮助并退出")

    def error(self, message: str) -> NoReturn:
        """Usage, what is wrong, and how to see the help; exit 2, as argparse does."""
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：命令有误：{argparse_message_in_chinese(message)}\n"
                                   f"运行 {self.prog} --help 查看用法。\n")


# --- the verbs' work: plain functions, parameters as a script would pass them ----------------------

class OutputError(Exception):
    """Standard output cannot be written (a full disk, /dev/full): the OSError it came from."""

    def __init__(self, cause: OSError):
        super().__init__(cause)
        self.cause = cause


def _out(text: str = "") -> None:
    try:
        print(text, flush=True)
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise OutputError(exc) from exc


def _out_bytes(data: bytes) -> None:
    """A file's bytes on standard output (`-o -`)."""
    try:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise OutputError(exc) from exc


def _err(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _stdin_bytes(limit: int) -> bytes | str:
    """Up to `limit` + 1 bytes of standard input (more than `limit` means too big), or why there are none."""
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        return "没有标准输入可以读取。请用管道或重定向提供文件，如“< 报告.json”。"
    if sys.stdin.isatty():
        return (f"“{STDIO}”表示从标准输入读取文件，但现在没有文件送进来。"
                f"请用管道或重定向提供文件，如“{STDIO} < 文件名”。")
    try:
        return bytes(stream.read(limit + 1))
    except OSError:
        return "无法读取标准输入。请检查命令中的管道或重定向（如“< 报告.json”）。"


def _one_stdin(*paths: str | None) -> str | None:
    """Standard input can be read once: the message when more than one file is to come from it."""
    if sum(path == STDIO for path in paths) > 1:
        return f"只能有一个文件从标准输入（“{STDIO}”）读取。请给出其他文件的文件名。"
    return None


def list_forms() -> int:
    """The official formats: id, name, the document they follow, the years they are for."""
    from forms.loader import all_forms

    for form in all_forms():
        default = "（默认）" if form.default else ""
        issued = f"，{form.issued}" if form.issued else ""
        _out(f"{form.id}{default}  {form.name}")
        _out(f"    依据：{form.basis}（{form.document_number}{issued}）")
        _out(f"    适用：{form.years_text}；{form.status}")
    return EXIT_OK


def _load(path: str, label: str) -> Report | str:
    """The report in the draft file at `path` (`-`: standard input), or the message saying why it cannot
    be read."""
    from forms.draft import MAX_BYTES, DraftError, parse_draft, read_draft
    from host.log import hold_private, reads_reports

    reads_reports(_load)          # a fault inside it may quote the file: host.log keeps its ASCII only

    try:
        if path != STDIO:
            return hold_private(read_draft(path))        # its words never in the fault log
        data = _stdin_bytes(MAX_BYTES)
        if isinstance(data, str):
            return f"无法读取{label}：{data}"
        if len(data) > MAX_BYTES:
            return f"无法读取{label}：{STDIN_NAME}的内容太大（超过20MB），不是年报通的草稿文件。"
        return hold_private(parse_draft(data))
    except DraftError as exc:
        where = f"“{STDIN_NAME}”：" if path == STDIO else ""
        return f"无法读取{label}：{where}{exc}"


def _read(path: str, label: str) -> Report | None:
    """The report, or None once the reason it cannot be read is told."""
    loaded = _load(path, label)
    if isinstance(loaded, str):
        _err(loaded)
        return None
    return loaded


def _unreadable(path: str, error: str, as_json: bool) -> int:
    _err(error)
    if as_json:     # a script reading our output gets JSON whatever happened
        _out(json.dumps({"file": path, "error": error}, ensure_ascii=False, indent=2))
    return EXIT_UNREADABLE


def _check_json(report_path: str, report: Report, result: CheckResult, last: Report | None = None) -> str:
    from forms.compare import compare

    doc = {"file": report_path, "form": report.form.id, "organ": report.organ, "year": report.year,
           "errors": len(result.errors), "warnings": len(result.warnings),
           "findings": [f.to_json(report) for f in result.findings],
           "skipped": [{"rule": rule, "reason": why} for rule, why in result.skipped]}
    if last is not None:
        doc["compare"] = [row.to_json() for row in compare(report, last)]
    return json.dumps(doc, ensure_ascii=False, indent=2)


def _print_compare(report: Report, last: Report) -> None:
    """上年对照 after the findings: a column each for 项目, 本年, 上年, 增减, 增减幅度 (figures to the
    right), a large swing starred, a note on figures summed over blank cells at the line's end."""
    from forms.compare import COLUMNS, compare, swing_words

    rows = compare(report, last)
    if not rows or report.form.compare is None:
        return
    this_year = f"本年{report.year}年度" if report.year else "本年"
    last_year = f"上年{last.year}年度" if last.year else "上年"
    _out()
    _out(f"上年对照（{this_year}，{last_year}；* 为变化较大：{swing_words(report.form.compare)}）：")
    table = [COLUMNS] + [row.texts() for row in rows]
    widths = [max(_width(line[i]) for line in table) for i in range(len(COLUMNS))]
    for n, line in enumerate(table):
        row = rows[n - 1] if n else None
        cells = [line[0] + " " * (widths[0] - _width(line[0]))]
        cells += [" " * (widths[i] - _width(text)) + text for i, text in enumerate(line) if i]
        star = "*" if row is not None and row.swing else " "
        remark = f"（{row.remark}）" if row is not None and row.remark else ""
        _out((f"{star} " + "  ".join(cells)).rstrip() + remark)


def _print_findings(report: Report, last: Report | None, result: CheckResult) -> None:
    from forms.rules import describe

    _out(f"{report.title}（格式：{report.form.id}）")
    if not result.findings:
        _out("检查通过：没有发现错误或提醒。")
    else:
        _out(f"发现 {len(result.errors)} 个错误、{len(result.warnings)} 个提醒：")
        for finding in result.findings:
            _out(describe(finding))
    for rule, why in result.skipped:
        hint = "（用 --last 指定上年的报告：草稿，或发布的Word、网页、PDF文件）" if last is None else ""
        _out(f"未运行：{rule} — {why}{hint}")
    if result.errors:
        _out("有错误的报告不能作为正式稿导出，请先改正。")


def check_draft(report_path: str, last_path: str | None = None, as_json: bool = False) -> int:
    """Every finding in the draft, in plain Chinese (or JSON). Exit 0: no errors (warnings allowed);
    1: errors; 2: a file cannot be read."""
    from forms.rules import check

    twice = _one_stdin(report_path, last_path)
    if twice:
        return _unreadable(report_path, twice, as_json)
    report = _load(report_path, "报告")
    if isinstance(report, str):
        return _unreadable(report_path, report, as_json)
    last = _load_last(last_path) if last_path else None
    if isinstance(last, str):
        return _unreadable(str(last_path), last, as_json)
    result = check(report, last)
    if as_json:
        _out(_check_json(report_path, report, result, last))
    else:
        _print_findings(report, last, result)
        if last is not None:
            _print_compare(report, last)
    return EXIT_ERRORS if result.errors else EXIT_OK


def check_reports(report_paths: list[str], last_path: str | None = None, last_folder: str | None = None,
                  xlsx: str | None = None, as_json: bool = False, overwrite: bool = False) -> int:
    """`check`: one draft file as it always was (check_draft); several files, a folder, --last-folder or
    --xlsx: 批量检查 (check_batch)."""
    single = len(report_paths) == 1 and not Path(report_paths[0]).is_dir()
    if single and last_folder is None and xlsx is None:
        return check_draft(report_paths[0], last_path, as_json)
    problem = _batch_problem(report_paths, last_path, last_folder, xlsx, overwrite)
    if problem:
        _err(problem)
        if as_json:     # a script reading our output gets JSON whatever happened
            _out(json.dumps({"files": report_paths, "error": problem}, ensure_ascii=False, indent=2))
        return EXIT_UNREADABLE
    return check_batch(report_paths, last_folder, xlsx, as_json)


@dataclass
class _BatchTally:
    """What 批量检查 counted, for its last line and its exit code."""
    checked: int = 0
    with_errors: int = 0
    unreadable: int = 0
    without_last: list[str] = field(default_factory=list)

    def add(self, unit: Any) -> None:
        if unit.error:
            self.unreadable += 1
            return
        self.checked += 1
        self.with_errors += unit.errors > 0
        if unit.last_note:
            self.without_last.append(unit.unit)

    @property
    def exit_code(self) -> int:
        if not self.checked:
            return EXIT_UNREADABLE
        return EXIT_ERRORS if self.with_errors or self.unreadable else EXIT_OK

    def summary(self, last_folder: str | None) -> str:
        text = f"共检查 {self.checked} 份报告：{self.with_errors} 份有错误"
        text += f"；另有 {self.unreadable} 个文件无法读取（已在上面说明原因）。" if self.unreadable else "。"
        if last_folder and self.without_last:
            text += (f"\n{len(self.without_last)} 个单位没有做跨年核对（上年文件夹中没有找到或无法读取它的上年报告）："
                     + "、".join(self.without_last))
        return text


def _print_unit(n: int, unit: Any) -> None:
    """One unit in the terminal: its line, its first messages, last year's pairing."""
    from exports.batch import FIRST_MESSAGES

    name = Path(unit.file).name
    if unit.error:
        _out(f"[{n}] {name}：无法读取 — {unit.error}")
        return
    year = f"{unit.year}年度" if unit.year else "年度不明"
    verdict = f"{unit.errors} 个错误、{unit.warnings} 个提醒" if unit.findings else "检查通过"
    unplaced = f"（读取时有 {unit.unplaced} 处没有读入，检查可能不全）" if unit.unplaced else ""
    _out(f"[{n}] {name} — {unit.organ or '机关名称不明'}，{year}，{unit.form}：{verdict}{unplaced}")
    for message in unit.first_messages():
        _out(f"      {message}")
    more = unit.errors + unit.warnings - FIRST_MESSAGES
    if more > 0:
        _out(f"      ……另有 {more} 条（{PROG} check {unit.file} 查看全部，或用 --xlsx 写出问题清单）")
    if unit.last_file:
        _out(f"      上年报告：{unit.last_file}")
    elif unit.last_note:
        _out(f"      未做跨年核对：{unit.last_note}")


def _batch_start(files: Any, last: Any, as_json: bool) -> None:
    """What was found before the first unit: files not checked, last year's files unreadable."""
    from exports.batch import IGNORED_WHY

    say = _err if as_json else _out
    ignored = [str(p) for p in files.ignored]
    if ignored:
        say(f"以下 {len(ignored)} 个文件{IGNORED_WHY}：" + "、".join(ignored))
    if last is not None and last.unreadable:
        names = "、".join(p.name for p in last.unreadable)
        say(f"上年文件夹中有 {len(last.unreadable)} 个文件无法读取，没有用于跨年核对：{names}")


def _batch_problem(paths: list[str], last_path: str | None, last_folder: str | None, xlsx: str | None,
                   overwrite: bool) -> str | None:
    """Why 批量检查 cannot start (its options, its result file, last year's folder), before anything is read."""
    if last_path is not None:
        return ("批量检查时不能用 --last（每个单位的上年报告不同）：请用 --last-folder 指定存放上年报告的文件夹，"
                "程序按机关名称为每个单位找到它自己的上年报告。")
    if STDIO in paths:
        return f"批量检查不能从标准输入读取：请写出文件或文件夹的名称，不要用“{STDIO}”。"
    if xlsx == STDIO:
        return "批量检查的Excel结果不能输出到标准输出：请在 --xlsx 后面写文件名，如“检查结果.xlsx”。"
    if xlsx and (problem := target_problem(xlsx, "Excel", ".xlsx", dict.fromkeys(paths, "要检查的文件"), overwrite)):
        return problem
    if last_folder and not Path(last_folder).is_dir():
        return f"找不到上年报告的文件夹“{last_folder}”：--last-folder 后面写存放上年报告的文件夹。"
    return None


def check_batch(paths: list[str], last_folder: str | None = None, xlsx: str | None = None, as_json: bool = False
                ) -> int:
    """批量检查: each unit's report read and checked, one after another as results come (see
    exports.batch); the terminal, JSON or the Excel result (--xlsx) told as they come. Its options are
    judged first (check_reports, _batch_problem)."""
    from itertools import chain

    from exports.batch import IGNORED_WHY, LastYear, check_files, gather
    from forms.atomic import SaveError

    files = gather(paths, leave_out=xlsx)
    last = LastYear(last_folder) if last_folder else None
    _batch_start(files, last, as_json)
    book = _batch_book(files, IGNORED_WHY) if xlsx else None
    tally = _BatchTally()
    if as_json:
        _out('{"units": [')
    for n, found in enumerate(chain(files.missing, check_files(files.reports, last)), start=1):
        unit = _logged(found)
        tally.add(unit)
        if book is not None:
            book.add(unit)
        _batch_unit_out(n, unit, as_json)
    if as_json:
        _out(_batch_json_tail(files, tally))
    else:
        _out(tally.summary(last_folder))
    if book is not None and xlsx:
        try:
            book.save(xlsx)
        except SaveError as exc:
            _err(str(exc))
            return EXIT_UNREADABLE
        (_err if as_json else _out)(f"检查结果已写入“{xlsx}”（“各单位”和“问题清单”两张工作表）。")
    return tally.exit_code


def _logged(unit: Any) -> Any:
    """A unit whose check met a program error: its traceback to the error log, where that is said."""
    from dataclasses import replace

    if not unit.fault:
        return unit
    return replace(unit, error=unit.error + log_fault(f"check {unit.file}", unit.fault, {"report_path": unit.file}),
                   fault="")


def _batch_book(files: Any, why: str) -> Any:
    from exports.batch_xlsx import BatchWorkbook

    book = BatchWorkbook()
    for path in files.ignored:
        book.ignore(str(path), why)
    return book


def _batch_unit_out(n: int, unit: Any, as_json: bool) -> None:
    if not as_json:
        _print_unit(n, unit)
        return
    doc = unit.to_json()
    if not unit.error:
        doc["findings"] = [f.to_json() for f in unit.findings]
    _out(("  " if n == 1 else ", ") + json.dumps(doc, ensure_ascii=False))


def _batch_json_tail(files: Any, tally: _BatchTally) -> str:
    tail = {"ignored": [str(p) for p in files.ignored], "checked": tally.checked,
            "with_errors": tally.with_errors, "unreadable": tally.unreadable, "without_last": tally.without_last}
    return "], " + json.dumps(tail, ensure_ascii=False)[1:]


def write_sample_drafts(folder: str = SAMPLE_FOLDER) -> int:
    """The bundled samples as draft files in `folder`, each checked; a sample someone edited is kept."""
    from forms.atomic import SaveError
    from forms.rules import check
    from forms.samples import changed_samples, write_samples

    try:
        kept = set(changed_samples(folder))
        paths = write_samples(folder)
    except SaveError as exc:
        _err(f"无法写出示例：{exc}")
        return EXIT_UNREADABLE
    except OSError as exc:      # the folder cannot be made or read: the system's text is English
        _err(f"无法写出示例：{_folder_problem(exc, Path(folder))}")
        return EXIT_UNREADABLE
    for path in paths:
        if path in kept:
            _out(f"已保留 {path}：这个文件改动过，没有覆盖（要重新写出示例，请先把它改名或删除）。")
        report = _read(str(path), "示例")      # a kept file that cannot be read: told why
        if report is not None and path not in kept:
            result = check(report)
            _out(f"已写出 {path}：{report.title}（{report.form.id}），"
                 f"{len(result.errors)} 个错误、{len(result.warnings)} 个提醒")
    return EXIT_OK


def target_problem(target: str, kind: str, suffix: str, sources: Mapping[str | None, str],
                   overwrite: bool) -> str | None:
    """The one rule for a file a verb writes (export's Word and Excel files, import's draft): a name of
    its kind (`kind`文件, ending in `suffix`), not one of the files read (`sources`: path -> what it is,
    as messages name it), not a folder, and not a file already there unless --overwrite (it may have
    been retouched by hand). `-` (standard output) is always fine. None: the target is fine."""
    if target == STDIO:
        return None
    path = Path(target)
    if path.suffix.lower() != suffix:
        return f"{kind}文件的文件名应以 {suffix} 结尾（现在是“{target}”）。请改成如“报告{suffix}”的文件名。"
    try:
        return _existing_target_problem(path, target, suffix, sources, overwrite)
    except OSError as exc:      # a name too long for the folder, a folder that cannot be looked into
        from forms.atomic import explain_os_error

        return explain_os_error(exc, path)


def _existing_target_problem(path: Path, target: str, suffix: str, sources: Mapping[str | None, str],
                             overwrite: bool) -> str | None:
    """What is already at `path` that must not be written over (target_problem's second half)."""
    for source, what in sources.items():
        if source and source != STDIO and path.resolve() == Path(source).resolve():
            return f"“{target}”是{what}本身，写出会把它覆盖掉。请换一个文件名，如“报告{suffix}”。"
    if path.is_dir():
        return f"“{target}”是一个文件夹。请给出文件名，如“{path / ('报告' + suffix)}”。"
    if path.exists() and not overwrite:
        return (f"“{target}”已经存在，没有覆盖它（其中可能有手工修改或已填写的内容）。请换一个文件名，"
                f"或者加上 --overwrite 覆盖它。")
    return None


def _folder_problem(exc: OSError, folder: Path) -> str:
    """Why `folder` cannot be made or written to, in plain Chinese, and what to do."""
    from forms.atomic import write_problem

    if isinstance(exc, FileExistsError) or (folder.exists() and not folder.is_dir()):
        return f"“{folder}”是一个文件，不是文件夹。请换一个文件夹名。"
    return f"无法在“{folder}”建立或写入文件（{write_problem(exc)}）。请换一个文件夹，如本机的“文档”文件夹。"


def _export_target_problem(report_path: str, docx: str | None, xlsx: str | None, last_path: str | None,
                           overwrite: bool, pdf: str | None = None) -> str | None:
    """Targets that would lose something: the draft itself, a Word file under an Excel name, …; a PDF
    asked for on a PC without a program to make it."""
    from host import office

    if not docx and not xlsx and not pdf:
        return "请用 --docx 文件名、--xlsx 文件名 或 --pdf 文件名 指定要导出的文件。"
    if docx == xlsx == STDIO:
        return f"Word文件和Excel文件不能都输出到标准输出（“{STDIO}”）。请至少给其中一个文件名。"
    if pdf == STDIO and STDIO in (docx, xlsx):
        return f"导出的文件只能有一个输出到标准输出（“{STDIO}”）。请给其他文件文件名。"
    twice = _one_stdin(report_path, last_path)
    if twice:
        return twice
    sources = {report_path: "草稿文件", last_path: "上年报告"}
    for kind, target in _targets(docx, xlsx, pdf):
        if target == STDIO and sys.stdout.isatty():
            return (f"{kind.label}文件不能显示在终端里。要输出到标准输出，请重定向到文件或管道，"
                    f"如：--{kind.value} {STDIO} > 报告{kind.suffix}")
        problem = target_problem(target, kind.label, kind.suffix, sources, overwrite)
        if problem:
            return problem
    if pdf and office.find_office() is None:
        return office.NO_OFFICE
    return None


def _targets(docx: str | None, xlsx: str | None, pdf: str | None = None) -> list[tuple[ExportKind, str]]:
    """The files asked for, with their kinds, Word first."""
    from exports.common import ExportKind

    asked = {ExportKind.WORD: docx, ExportKind.EXCEL: xlsx, ExportKind.PDF: pdf}
    return [(kind, target) for kind, target in asked.items() if target]


def _word_fonts(word: bool, pdf: bool = False) -> Typesetting:
    """The Word file's typesetting as 设置 left it. The fonts of it this PC lacks said in a line of 提示
    on standard error for the Word file (`word`) and one for a PDF printed from it here (`pdf`: it keeps
    this PC's fonts); nothing when that cannot be told."""
    from exports.font_roles import font_problems, summary
    from host.fonts import installed_fonts
    from ui.settings import saved_typesetting

    fonts = saved_typesetting()
    problems = font_problems(fonts, installed_fonts()) if word or pdf else []
    for asked, for_pdf in ((word, False), (pdf, True)):
        if problems and asked:
            _err(f"提示：{summary(problems, pdf=for_pdf)}")
    return fonts


def _export_to_stdout(kind: ExportKind, report: Report, mark: str | None, last: Report | None = None,
                      fonts: Typesetting | None = None) -> None:
    """The file written as it would be to disk (a temporary folder), then its bytes to standard output."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="nianbao-") as folder:
        written = kind.write(report, Path(folder) / f"报告{kind.suffix}", mark, last, fonts)
        _out_bytes(Path(written).read_bytes())


def _write_exports(report: Report, docx: str | None, xlsx: str | None, mark: str | None,
                   last: Report | None = None, pdf: str | None = None) -> int:
    from forms.atomic import SaveError

    say = _err if STDIO in (docx, xlsx, pdf) else _out       # standard output carries the file
    # the PDF is printed from the Word file: its fonts matter to both
    fonts = _word_fonts(word=bool(docx), pdf=bool(pdf)) if docx or pdf else None
    try:
        for kind, target in _targets(docx, xlsx, pdf):
            if target == STDIO:
                _export_to_stdout(kind, report, mark, last, fonts)
                say(f"已导出{kind.label}文件到标准输出。")
            else:
                say(f"已导出{kind.label}文件：{kind.write(report, target, mark, last, fonts)}")
    except SaveError as exc:
        _err(str(exc))
        return EXIT_UNREADABLE
    if mark:
        say(f"注意：报告还有错误，导出的文件每页都标注了“{mark}”。")
    return EXIT_OK


def export_draft(report_path: str, docx: str | None = None, xlsx: str | None = None, draft: bool = False,
                 last_path: str | None = None, overwrite: bool = False, pdf: str | None = None) -> int:
    """The draft as Word, Excel and/or PDF files in the official format (`-`: the draft from standard
    input, a file to standard output); the PDF is the Word file printed by LibreOffice or WPS on this PC.
    Exit 0: exported; 1: the report has errors and `draft` was not asked for (each error told); 2: a
    file cannot be read or written, or no program on this PC can make the PDF."""
    from exports.common import ExportRefused, prepare_export
    from forms.rules import describe

    problem = _export_target_problem(report_path, docx, xlsx, last_path, overwrite, pdf)
    if problem:
        _err(problem)
        return EXIT_UNREADABLE
    report = _read(report_path, "报告")
    if report is None:
        return EXIT_UNREADABLE
    last = _load_last(last_path) if last_path else None
    if isinstance(last, str):
        _err(last)
        return EXIT_UNREADABLE
    try:
        mark = prepare_export(report, draft, last)
    except ExportRefused as exc:
        _err(f"{exc}（命令行：加上 --draft 导出草稿）")
        for finding in exc.result.errors:
            _err(describe(finding))
        return EXIT_ERRORS
    return _write_exports(report, docx, xlsx, mark, last, pdf)     # with last: Excel's 上年对照 sheet


def _read_workbook(workbook: str, form_id: str | None, failed: str = "无法导入") -> ImportResult | str:
    """The report in a file (`-`: from standard input) — Word, web page, PDF, Excel or a draft, told
    by its content (exports.report_reader) — or why it cannot be read, after `failed`."""
    import tempfile

    from exports.report_reader import read_report
    from exports.xlsx_gate import MAX_FILE_BYTES
    from exports.xlsx_reader import WorkbookError

    try:
        if workbook != STDIO:
            return read_report(workbook, form_id=form_id)
        data = _stdin_bytes(MAX_FILE_BYTES)
        if isinstance(data, str):
            return f"{failed}：{data}"
        with tempfile.TemporaryDirectory(prefix="nianbao-") as folder:
            path = Path(folder) / STDIN_NAME       # the reader is chosen by the bytes, not the name
            path.write_bytes(data)
            return read_report(path, form_id=form_id)
    except WorkbookError as exc:
        return f"{failed}：{exc}"


def _put_draft(report: Report, output: str) -> Callable[[str], None] | None:
    """Write the draft to `output` (- for standard output); returns where to tell the user what was done
    (standard error when standard output carries the draft), or None when it could not be written (said)."""
    from forms.atomic import SaveError
    from forms.draft import dump_draft, write_draft

    try:
        if output == STDIO:
            _out_bytes(dump_draft(report))
        else:
            write_draft(report, output)
    except SaveError as exc:
        _err(str(exc))
        return None
    return _err if output == STDIO else _out


def import_workbook(workbook: str, output: str, form_id: str | None = None, overwrite: bool = False) -> int:
    """The figures of an Excel workbook as a draft file (`-`: the workbook from standard input, the
    draft to standard output). Exit 0: written, nothing to review; 1: written, with problems to review;
    2: nothing written."""

    problem = target_problem(output, "草稿", ".json", {workbook: "要导入的报告文件"}, overwrite)
    if problem:
        _err(problem)
        return EXIT_UNREADABLE
    result = _read_workbook(workbook, form_id)
    if isinstance(result, str):
        _err(result)
        return EXIT_UNREADABLE
    report = result.report
    say = _put_draft(report, output)
    if say is None:
        return EXIT_UNREADABLE
    found = "、".join(f"{report.form.tables[k].short}（{place}）" for k, place in result.places.items())
    say(f"已导入：{report.title}（格式：{report.form.id}，{result.form_reason}）")
    say(f"找到的表格：{found}")
    say(f"已写出草稿文件：{'标准输出' if output == STDIO else output}")
    for line in result.info:
        say(f"说明：{line}")
    if result.problems:
        say(f"有 {len(result.problems)} 处需要核对：")
        for problem in result.problems:
            say(f"  - {problem}")
    if output != STDIO:
        say(f"运行 {PROG} check {output} 查看全部检查结果。")
    return EXIT_ERRORS if result.problems else EXIT_OK


def _read_last(path: str) -> ImportResult | str:
    """Last year's report for `new` in whatever form the office has it — a draft, the Word file or PDF
    it published, the page saved from its website, a workbook (`-`: standard input) — with what its
    reader could not place; or why it cannot be read."""
    return _read_workbook(path, None, failed="无法读取上年报告")


def _load_last(path: str) -> Report | str:
    """Last year's report for --last (check, export) in whatever form the office has it; what its reader
    could not place is said on standard error (the cross-year checks and 上年对照 may miss it)."""
    read = _read_last(path)
    if isinstance(read, str):
        return read
    if read.problems:
        _err(f"读取上年报告时有{len(read.problems)}处没有读入，跨年核对和上年对照可能不全：")
        for problem in read.problems:
            _err(f"  - {problem}")
    return read.report


def _new_year(text: str) -> int | str:
    """The year of the new report as typed after --year, or what to type instead."""
    from forms.draft import YEAR_RANGE

    if not re.fullmatch(r"\s*\d{4}\s*", text) or not YEAR_RANGE[0] <= int(text) <= YEAR_RANGE[1]:
        return f"年度应为4位数字（{YEAR_RANGE[0]}—{YEAR_RANGE[1]}），如 --year 2026（现在是“{text}”）。"
    return int(text)


def _tell_carried(say: Callable[[str], None], report: Report, carry: CarryOver, notes: list[str]) -> None:
    """What was carried from last year's report, what was not, and what to check (`notes`)."""
    say(f"已新建：{report.title}（{report.form.short_name}）")
    filled = carry.summary()
    say(f"已从上年报告带入：{'、'.join(filled)}。" if filled else "上年报告中没有可以带入的内容。")
    if carry.sections:
        headings = "、".join(f"“{report.form.section_by_key[k].heading}”" for k in carry.sections)
        say(f"{headings}现在是上年报告的原文，请按本年度情况改写（改写之前，检查会一直提醒）。")
    missing = f"没有带入或推算的（{len(carry.not_carried)}处）："
    for heading, lines in ((missing, carry.not_carried), ("请核对：", notes)):
        if lines:
            say(heading)
            for line in lines:
                say(f"  - {line}")


def new_from_last(last_path: str, year: str, output: str, organ: str | None = None, overwrite: bool = False) -> int:
    """This year's draft started from last year's report: identity and contacts, 上年结转, the suggested
    现行有效件数 and last year's prose (marked as last year's). Exit 0: written, everything carried;
    1: written, with what was not carried (or a year or organ that does not follow) listed; 2: nothing
    written."""
    from forms.carryover import last_mismatch, new_report, plan_carry

    new_year = _new_year(year)
    if isinstance(new_year, str):
        _err(new_year)
        return EXIT_UNREADABLE
    problem = target_problem(output, "草稿", ".json", {last_path: "上年报告"}, overwrite)
    if problem:
        _err(problem)
        return EXIT_UNREADABLE
    read = _read_last(last_path)
    if isinstance(read, str):
        _err(read)
        return EXIT_UNREADABLE
    last = read.report
    report = new_report((organ or last.organ).strip(), new_year)
    carry = plan_carry(last, report, prose=True)
    carry.apply(report)
    say = _put_draft(report, output)
    if say is None:
        return EXIT_UNREADABLE
    mismatch = last_mismatch(new_year, report.organ, last)
    notes = [*([mismatch] if mismatch else []), *(f"读取上年报告时：{problem}" for problem in read.problems)]
    _tell_carried(say, report, carry, notes)
    say(f"已写出草稿文件：{'标准输出' if output == STDIO else output}")
    if output != STDIO:
        with_last = f" --last {last_path}" if last_path != STDIO else ""
        say(f"运行 {PROG} check {output}{with_last} 查看全部检查结果。")
    return EXIT_ERRORS if notes or carry.not_carried else EXIT_OK


def _merge_target_problem(inputs: list[str], output: str, xlsx: str | None, docx: str | None,
                          overwrite: bool) -> str | None:
    """The summary's files: of their kinds, none of them a unit's file, none there unless --overwrite."""
    sources: dict[str | None, str] = {path: "要汇总的报告" for path in inputs}
    for target, kind, suffix in ((output, "草稿", ".json"), (xlsx, "Excel", ".xlsx"), (docx, "Word", ".docx")):
        if target == STDIO or STDIO in inputs:
            return f"汇总时请写出文件名和文件夹名，不能用“{STDIO}”（标准输入或标准输出）。"
        problem = target and target_problem(target, kind, suffix, sources, overwrite)
        if problem:
            return problem
    return None


def _merge_units(inputs: list[str], leave_out: list[str]) -> tuple[Any, int]:
    """Every unit's file read and added, one at a time; what could not be read (or not all placed) is
    said as it comes. Returns the merge and how many things were said."""
    from exports.merge_inputs import read_unit, report_files
    from forms.merge import Merge

    merge, said = Merge(), 0
    for found in report_files(inputs, leave_out):
        read = read_unit(found)
        if isinstance(read, str):
            _err(read)
            said += 1
            continue
        if read.problems:
            _out(f"“{found.name}”有{len(read.problems)}处没有读入，汇总中缺少这些数字，请核对：")
            for problem in read.problems:
                _out(f"  - {problem}")
            said += 1
        merge.add(read.report, found.name)
    return merge, said


def _write_merge(summary: Report, merge: Any, output: str, xlsx: str | None, docx: str | None) -> bool:
    """The summary's draft, Excel file (with 各单位) and Word file; False once a failure is said."""
    from exports.common import ExportKind, prepare_export
    from forms.atomic import SaveError
    from forms.draft import write_draft

    mark = prepare_export(summary, draft=True)      # its prose is the office's to write: a draft until then
    try:
        _out(f"已写出汇总草稿文件：{write_draft(summary, output)}")
        if xlsx:
            from exports.merge_sheet import write_merge_xlsx  # openpyxl: only when a workbook is asked for

            _out(f"已导出Excel文件（含“各单位”工作表）：{write_merge_xlsx(summary, merge, xlsx, mark)}")
        if docx:
            _out(f"已导出Word文件：{ExportKind.WORD.write(summary, docx, mark, fonts=_word_fonts(word=True))}")
    except SaveError as exc:
        _err(str(exc))
        return False
    if mark and (xlsx or docx):
        _out(f"导出的文件标注了“{mark}”：写好正文、改正错误后，用 {PROG} export 导出正式稿。")
    return True


def _tell_merge(summary: Report, merge: Any, output: str, organ: str | None) -> int:
    """Duplicates, units with errors, the summary's own figure errors, a missing organ; how many said."""
    from forms.rules import check, describe

    said = 0
    for line in merge.duplicates:
        _out(line)
        said += 1
    erring = merge.with_errors()
    if erring:
        _out(f"以下{len(erring)}个单位的报告有错误，已计入汇总，请这些单位核对改正后重新汇总：")
        for row in erring:
            _out(f"  - {row.organ or '机关名称不明'}（{row.source}）：{row.check_words}")
        said += 1
    figure_errors = [f for f in check(summary).errors if f.section is None and f.rule != "ID"]
    if figure_errors:
        _out(f"汇总报告本身有{len(figure_errors)}个数字错误（来自各单位的数字）：")
        for finding in figure_errors:
            _out(describe(finding))
        said += 1
    if not organ:
        _out(f"汇总报告的机关名称暂写为“{summary.organ}”。请用 --organ 写明汇总单位，如“某某县人民政府办公室”，"
             f"重新汇总。")
        said += 1
    _out(f"汇总报告的正文各部分留空，请在年报通中打开它填写：{PROG} open {output}")
    return said


def merge_reports(inputs: list[str], output: str, xlsx: str | None = None, docx: str | None = None,
                  organ: str | None = None, overwrite: bool = False) -> int:
    """汇总: the tables of many units' reports of one format and year summed into one report of that
    format (forms.merge). Exit 0: written, nothing to review; 1: written, with what to review said;
    2: nothing written."""
    problem = _merge_target_problem(inputs, output, xlsx, docx, overwrite)
    if problem:
        _err(problem)
        return EXIT_UNREADABLE
    merge, unread = _merge_units(inputs, [t for t in (output, xlsx, docx) if t])
    refusal = merge.refusal() if merge.form is not None else \
        "没有读到可以汇总的报告，没有写出文件。请检查给出的文件和文件夹。"
    if refusal:
        _err(refusal)
        return EXIT_UNREADABLE
    summary = merge.summary(organ)
    summed = sum(row.summed for row in merge.units)
    _out(f"已汇总{summed}个单位：{summary.title}（{summary.form.short_name}）")
    if not _write_merge(summary, merge, output, xlsx, docx):
        return EXIT_UNREADABLE
    said = _tell_merge(summary, merge, output, organ)
    return EXIT_ERRORS if said or unread else EXIT_OK


def has_display() -> bool:
    """Qt aborts without a display, with a misleading message: find out first."""
    if sys.platform.startswith("win") or sys.platform == "darwin":
        return True
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def open_draft(report_path: str) -> int:
    """The window with the draft open. Where no window can open, say so and name the
    verbs that check and export it instead (exit 2)."""
    if not has_display():
        _err("没有检测到图形界面（DISPLAY），无法打开年报通窗口。可以用命令行检查和导出这个草稿：")
        _err(verbs_text())
        return EXIT_UNREADABLE
    from ui.app import display_problem, run
    problem = display_problem()
    if problem:
        _err(problem)
        _err("也可以用命令行检查和导出这个草稿：")
        _err(verbs_text())
        return EXIT_UNREADABLE
    return run(report_path)


# --- the table of verbs ------------------------------------------------------------------------

@dataclass(frozen=True)
class Arg:
    """One argument of a verb, as given to argparse's add_argument. Its dest is the name of the
    verb function's parameter that receives it."""
    flags: tuple[str, ...]
    settings: Mapping[str, Any] = field(default_factory=dict)


def arg(*flags: str, **settings: Any) -> Arg:
    return Arg(flags, settings)


@dataclass(frozen=True)
class Verb:
    """One verb: `python main.py NAME SYNOPSIS`, what it does in one line, and the function doing it,
    called with the parsed arguments as keywords."""
    name: str
    synopsis: str                   # the arguments as the listing and the verb's usage line show them
    summary: str                    # one line of Chinese for the listings
    run: Callable[..., int]
    args: tuple[Arg, ...] = ()
    details: str = ""               # the verb's own --help, when more than the summary (exit codes)

    @property
    def command(self) -> str:
        return f"{PROG} {self.name} {self.synopsis}".rstrip()


_FAULT_LINE = f"{EXIT_FAULT} 程序内部错误，没有完成（详情写在错误记录 nianbao.log 中，路径见提示）"
_STDIO_NOTE = f"文件名写“{STDIO}”表示标准输入或标准输出。"


def exit_codes(*meanings: str) -> str:
    """A verb's exit codes for its --help, one to a line: `meanings` of 0, 1, 2…, then the one all
    verbs share (3, an internal error)."""
    return "退出码：" + "\n        ".join([*meanings, _FAULT_LINE])


VERB_TABLE: tuple[Verb, ...] = (
    Verb("forms", "", "列出报告格式", list_forms,
         details="列出程序支持的报告格式：编号、名称、依据文号和适用年度。\n"
                 + exit_codes("0 已列出", "2 无法输出")),
    Verb("check", "报告.json [更多报告或文件夹…] [--last 上年报告] [--last-folder 文件夹] [--xlsx 结果.xlsx] "
                  "[--overwrite] [--json]",
         "检查报告中的数字和文字（可批量检查多个文件或文件夹）", check_reports, (
        arg("report_paths", nargs="+", metavar="报告.json",
            help="要检查的草稿文件（- 表示从标准输入读取）；批量检查时写多个文件或文件夹，"
                 "其中的Word、网页、PDF、Excel文件和草稿都检查"),
        arg("--last", dest="last_path", metavar="上年报告",
            help="上年报告（草稿，或发布的Word、网页、PDF、Excel文件），用于核对上年结转等跨年数字，"
                 "并在检查结果后列出上年对照（只检查一份报告时用）"),
        arg("--last-folder", dest="last_folder", metavar="文件夹",
            help="批量检查时存放各单位上年报告的文件夹：按机关名称为每个单位找到它的上年报告，核对跨年数字"),
        arg("--xlsx", metavar="结果.xlsx", help="批量检查的结果写成Excel文件（“各单位”和“问题清单”两张工作表）"),
        arg("--json", dest="as_json", action="store_true", help="以JSON格式输出，供其他程序读取"),
        arg("--overwrite", action="store_true", help="结果Excel文件已存在时覆盖它"),
    ), details="检查草稿文件中的每一个数字和正文引用的数字，逐条说明问题和改法。" + _STDIO_NOTE
               + "写多个文件或文件夹时批量检查：每个单位一行，文件夹中不是报告的文件（如.txt）列出但不检查。\n"
               + exit_codes("0 没有错误（可以有提醒）", "1 有错误（批量检查时：有单位的报告有错误，或有文件无法读取）",
                            "2 文件无法读取（批量检查时：没有一份报告能检查）")),
    Verb("sample", "[-o 文件夹]", "写出示例报告（草稿文件）", write_sample_drafts, (
        arg("-o", "--output", dest="folder", metavar="文件夹", default=SAMPLE_FOLDER,
            help="写到哪个文件夹（默认：%(default)s）"),
    ), details="写出程序自带的两份示例报告（草稿文件）。已经改动过的示例文件不会被覆盖。\n"
               + exit_codes("0 已写出（改动过的示例已保留）", "2 文件夹无法建立或写入")),
    Verb("export", "报告.json --docx 报告.docx [--xlsx 报告.xlsx] [--pdf 报告.pdf] [--draft] [--last 上年报告] "
         "[--overwrite]", "导出Word/Excel/PDF文件", export_draft, (
             arg("report_path", metavar="报告.json", help="要导出的草稿文件（- 表示从标准输入读取）"),
             arg("--docx", metavar="报告.docx", help="导出的Word文件（- 表示输出到标准输出，须重定向到文件或管道）"),
             arg("--xlsx", metavar="报告.xlsx", help="导出的Excel文件（- 表示输出到标准输出，须重定向到文件或管道）"),
             arg("--pdf", metavar="报告.pdf", help="导出的PDF文件：由本机的LibreOffice或WPS把导出的Word文件转换而成"
                                                  "（- 表示输出到标准输出，须重定向到文件或管道）"),
             arg("--draft", action="store_true", help="报告有错误时仍然导出，每页标注“草稿（未通过校验）”"),
             arg("--last", dest="last_path", metavar="上年报告",
                 help="上年报告（草稿，或发布的Word、网页、PDF、Excel文件；一并核对跨年数字；"
                      "Excel文件中加一张“上年对照”工作表）"),
             arg("--overwrite", action="store_true", help="导出的文件已存在时覆盖它"),
         ), details="按官方格式导出Word、Excel和（或）PDF文件（--docx、--xlsx、--pdf 至少给一个）。"
                    "有错误的报告只能加 --draft 导出草稿。" + _STDIO_NOTE + "\n"
                    + exit_codes("0 已导出", "1 报告有错误，没有导出（已逐条列出）",
                                 "2 文件无法读取或无法写出，或本机没有能转换PDF的LibreOffice或WPS")),
    Verb("import", "报告文件 [--form 格式] -o 报告.json [--overwrite]",
         "导入上年或本年的报告（Word、网页、PDF或Excel），生成草稿文件", import_workbook, (
             arg("workbook", metavar="报告文件",
                 help="要导入的报告：Word文档（.docx）、网页（.html/.htm）、有文字层的PDF（.pdf）或Excel工作簿（.xlsx）——"
                      "年报通导出的、网站上发布的或手工制作的都可以；- 表示从标准输入读取"),
             arg("--form", dest="form_id", metavar="格式",
                 help="报告格式（如 gov-2021）；不指定时按文件中的报告信息或栏目名称判断"),
             arg("-o", "--output", metavar="报告.json", required=True, help="写出的草稿文件（- 表示输出到标准输出）"),
             arg("--overwrite", action="store_true", help="草稿文件已存在时覆盖它"),
         ), details="读取整份报告，写成草稿文件：机关名称和年度取自标题，各部分的文字按部分标题（一、二、……）读取，"
                    "各张表按栏目名称找到并导入数字。文件类型按文件内容判断（.docx、.html/.htm、.pdf、.xlsx）。"
                    "无法放入表中的行和数字会逐条列出所在位置和数字，不会悄悄丢掉。" + _STDIO_NOTE + "\n"
                    + exit_codes("0 已写出，导入时没有发现问题（报告的检查结果请用 check 查看）",
                                 "1 已写出，但导入时有需要核对的地方（已逐条列出）",
                                 "2 无法导入或无法写出，没有写出文件")),
    Verb("new", "--from 上年报告 --year 年度 -o 报告.json [--organ 机关名称] [--overwrite]",
         "从上年报告开始新一年的报告", new_from_last, (
             arg("--from", dest="last_path", metavar="上年报告", required=True,
                 help="上年的报告：草稿文件，或发布的Word文档、PDF、网页、Excel工作簿（- 表示从标准输入读取）"),
             arg("--year", metavar="年度", required=True, help="新报告的年度，如 2026"),
             arg("-o", "--output", metavar="报告.json", required=True, help="写出的草稿文件（- 表示输出到标准输出）"),
             arg("--organ", metavar="机关名称", help="机关名称（不指定时沿用上年报告的）"),
             arg("--overwrite", action="store_true", help="草稿文件已存在时覆盖它"),
         ), details="按上年报告新建本年度的草稿文件：带入机关名称和联系方式、上年结转（上年的“结转下年度继续办理”）、"
                    "推算的现行有效件数，以及上年各部分的正文（标为上年原文，改写前检查会提醒）。"
                    "上年报告可以是草稿文件，也可以是发布的Word文档、PDF、网页或Excel工作簿。"
                    "上年报告是旧版格式时，新格式中没有的栏目逐条列出。" + _STDIO_NOTE + "\n"
                    + exit_codes("0 已写出，上年报告的内容全部带入",
                                 "1 已写出，但有没能带入的内容或年度、机关与上年报告不衔接（已逐条列出）",
                                 "2 上年报告无法读取或草稿文件无法写出，没有写出文件")),
    Verb("merge", "报告或文件夹… -o 汇总.json [--xlsx 汇总.xlsx] [--docx 汇总.docx] [--organ 机关名称] [--overwrite]",
         "汇总各单位的报告", merge_reports, (
             arg("inputs", nargs="+", metavar="报告或文件夹",
                 help="各单位的报告（草稿，或Word、网页、PDF、Excel文件），或存放它们的文件夹（含子文件夹，隐藏的除外）"),
             arg("-o", "--output", metavar="汇总.json", required=True, help="写出的汇总报告（草稿文件）"),
             arg("--xlsx", metavar="汇总.xlsx",
                 help="同时导出Excel文件，加一张“各单位”工作表（各单位的主要数字和检查结果）"),
             arg("--docx", metavar="汇总.docx", help="同时导出Word文件"),
             arg("--organ", metavar="机关名称", help="汇总报告的机关名称，如“某某县人民政府办公室”"),
             arg("--overwrite", action="store_true", help="写出的文件已存在时覆盖它"),
         ), details="把同一年度、同一格式的各单位报告的表格数字相加，写成一份同样格式的汇总报告"
                    "（正文留空，由汇总单位填写）。"
                    "空白加空白仍是空白。格式或年度不同的报告不汇总；同一单位的报告有两份时只计入一份；"
                    "有错误的单位照常计入并列出；无法读取的文件说明原因后跳过。\n"
                    + exit_codes("0 已写出，没有需要核对的",
                                 "1 已写出，有需要核对的（无法读取的文件、重复的单位、有错误的单位等，已逐条列出）",
                                 "2 没有写出文件（格式或年度不同、没有可汇总的报告、文件无法写出）")),
    Verb("open", "报告.json", "在窗口中打开草稿", open_draft, (
        arg("report_path", metavar="报告.json", help="要打开的草稿文件"),
    ), details="在年报通窗口中打开草稿文件。没有图形界面时，说明可以改用哪些命令检查和导出它。\n"
               + exit_codes("0 窗口已关闭", "2 无法打开窗口")),
)
VERBS_BY_NAME = {verb.name: verb for verb in VERB_TABLE}

_SUMMARY_COLUMN = 51     # where the summaries start, after the command (in a terminal's columns)


def _width(text: str) -> int:
    """Columns `text` takes in a terminal: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def command_listing(indent: str = "") -> str:
    """Each verb's command and summary, one verb to a line (the summary on a line of its own, under
    the others, after a command too long for its column)."""
    lines = []
    for verb in VERB_TABLE:
        gap = _SUMMARY_COLUMN - _width(verb.command)
        if gap >= 2:
            lines.append(f"{indent}{verb.command}{' ' * gap}{verb.summary}")
        else:
            lines += [f"{indent}{verb.command}", f"{indent}{' ' * _SUMMARY_COLUMN}{verb.summary}"]
    return "\n".join(lines)


EXIT_CODE_LEGEND = (f"退出码：{EXIT_OK} 完成  {EXIT_ERRORS} 发现错误（或导入时有需要核对的地方）  "
                    f"{EXIT_UNREADABLE} 文件无法读取或写出", f"        {_FAULT_LINE}")


def readme_listing() -> str:
    """The README's "Command line" block: the verbs, then the exit codes they share."""
    legend = "\n".join(f"    {line}" for line in EXIT_CODE_LEGEND)
    return f"{command_listing('    ')}\n\n{legend}"


def verbs_text() -> str:
    """The listing told to the clerk: after --help, and where no window can open."""
    return f"可用的命令：\n{command_listing('  ')}"


__doc__ = f"{__doc__}\n{command_listing('    ')}\n"


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(prog=PROG, description="年报通：政府信息公开工作年度报告的填写、检查和导出。",
                                   epilog=verbs_text())
    verbs = parser.add_subparsers(dest="verb", metavar="命令")
    for verb in VERB_TABLE:
        sub = verbs.add_parser(verb.name, help=verb.summary, description=verb.details or verb.summary,
                               usage=f"%(prog)s {verb.synopsis}".rstrip())
        for argument in verb.args:
            sub.add_argument(*argument.flags, **argument.settings)
    return parser


def _zip_parts(path: Path) -> dict[str, bytes] | None:
    """A .docx/.xlsx file's parts, without the one that holds the time it was written; None: not a zip."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            return {name: archive.read(name) for name in archive.namelist() if name != "docProps/core.xml"}
    except (OSError, zipfile.BadZipFile, RuntimeError, ValueError):
        return None


def _same_export(kind: ExportKind, report: Report, mark: str | None, target: Path) -> bool:
    """Whether `target` holds what we would write for `report` now (the time written aside)."""
    import tempfile

    from forms.atomic import SaveError

    try:
        with tempfile.TemporaryDirectory(prefix="nianbao-") as folder:
            fresh = _zip_parts(kind.writer(report, Path(folder) / target.name, mark=mark))
    except (SaveError, OSError):        # nothing to compare with: keep the file, the safer guess
        return False
    return fresh is not None and fresh == _zip_parts(target)


def hand_edited_exports(draft: Path) -> list[Path]:
    """The draft's sample .docx/.xlsx files that someone changed: newer than the draft (ours carry the
    draft's time, see `_stamp`), or as old as it and not what we would write. An export older than its
    draft is out of date (the draft changed since): rewritten."""
    from exports.common import ExportKind, prepare_export

    report = _load(str(draft), "示例")
    if isinstance(report, str):
        return []
    mark = prepare_export(report, draft=True)
    kept = []
    for kind in (ExportKind.WORD, ExportKind.EXCEL):      # what the samples are exported as (never a PDF)
        target = draft.with_suffix(kind.suffix)
        if not target.exists():
            continue
        age = target.stat().st_mtime_ns - draft.stat().st_mtime_ns
        if age > 0 or (age == 0 and not _same_export(kind, report, mark, target)):
            kept.append(target)
    return kept


def _stamp(targets: Iterable[Path], draft: Path) -> None:
    """Our sample exports carry their draft's time: one changed later is newer, and so kept."""
    for target in targets:
        try:
            os.utime(target, ns=(target.stat().st_atime_ns, draft.stat().st_mtime_ns))
        except OSError:
            pass


def _export_sample(path: Path) -> int:
    """The sample draft's Word and Excel files, sparing those someone edited (each told)."""
    kept = hand_edited_exports(path)
    for target in kept:
        _out(f"已保留 {target}：这个文件改动过，没有覆盖（要重新导出，请先把它改名或删除）。")
    docx, xlsx = (None if t in kept else str(t) for t in (path.with_suffix(".docx"), path.with_suffix(".xlsx")))
    has_errors = check_draft(str(path)) == EXIT_ERRORS
    if not docx and not xlsx:
        return EXIT_OK
    code = export_draft(str(path), docx=docx, xlsx=xlsx, draft=has_errors, overwrite=True)
    if code == EXIT_OK:
        _stamp((Path(t) for t in (docx, xlsx) if t), path)
    return code


def headless_job(folder: Path, why: str | None = None) -> int:
    """What `python main.py` does where no window can open: the samples, checked, and their Word
    and Excel files (a sample with errors is exported as a marked draft, as the window would). A
    sample file someone edited, draft or export, is kept and told.
    `why`: the reason the window cannot open, when it is not simply that there is no display."""
    _out(why or "没有检测到图形界面（DISPLAY），无法打开年报通窗口。")
    _out(verbs_text())
    _out("")
    _out(f"现在写出示例报告，检查并导出Word和Excel文件，放在“{folder}”：")
    code = write_sample_drafts(str(folder))
    if code != EXIT_OK:
        return code
    for path in sorted(folder.glob("*.json")):
        _out("")
        code = _export_sample(path)
        if code != EXIT_OK:
            return code
    return EXIT_OK


def open_window() -> int:
    """`python main.py` with no verb: the window, or where none can open, the job done without it."""
    if not has_display():
        return headless_job(Path(SAMPLE_FOLDER))
    from ui.app import display_problem, run
    problem = display_problem()      # a stale DISPLAY: as good as none
    if problem:
        return headless_job(Path(SAMPLE_FOLDER), problem)
    return run()


def _tolerant_streams() -> None:
    """A console that cannot show a character (an ASCII console, a GBK one given a rarer character)
    gets a question mark in its place, never a crash."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="replace")
            except (ValueError, OSError):       # a stream already closed or not a text stream
                pass


def _silence_stdout() -> None:
    """Standard output goes nowhere from now on, so that the flush at exit raises nothing either."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


# The arguments of the verbs that name files: a fault's record in the log names them.
_FILE_ARGUMENTS = ("report_paths", "report_path", "workbook", "inputs", "last_path", "last_folder", "folder",
                   "output", "docx", "xlsx", "pdf")


def _named_file(arguments: Mapping[str, Any]) -> Any:
    """The file a verb was given, for its fault's JSON (check takes several: the one, or the list)."""
    paths = arguments.get("report_paths")
    if isinstance(paths, list):
        return paths[0] if len(paths) == 1 else paths
    return arguments.get("report_path")


def log_fault(what: str, details: BaseException | str, arguments: Mapping[str, Any] | None = None) -> str:
    """`details` (the exception, or a reading process's traceback) recorded in the program's one fault
    log (host.log) under `what`, with the files the verb was given; the sentence telling the clerk
    where it is and what to do with it."""
    from host.log import told_fault

    given = [arguments.get(name) for name in _FILE_ARGUMENTS] if arguments else []
    files = [str(p) for value in given if value for p in (value if isinstance(value, list) else [value])]
    return told_fault(f"{PROG} {what}", details, files)


def report_fault(verb: str, arguments: Mapping[str, Any]) -> int:
    """An unexpected exception in a verb: its traceback to the log, one plain line to the clerk (and,
    for `check --json`, the same line as JSON: a script reading our output gets JSON whatever happened)."""
    where = log_fault(verb, sys.exc_info()[1] or "", arguments)
    told = f"年报通遇到了一个程序错误，没有完成“{verb}”（退出码 {EXIT_FAULT}）。{where}"
    _err(told)
    if arguments.get("as_json"):
        with contextlib.suppress(OSError, OutputError):
            _out(json.dumps({"file": _named_file(arguments), "error": told}, ensure_ascii=False, indent=2))
    return EXIT_FAULT


def main(argv: list[str] | None = None) -> int:
    _tolerant_streams()
    arguments = vars(build_parser().parse_args(argv))
    name = arguments.pop("verb")
    try:
        if name is None:
            return open_window()
        return VERBS_BY_NAME[name].run(**arguments)
    except BrokenPipeError:
        # the reader of our output went away (python main.py forms | head): stop quietly
        _silence_stdout()
        return EXIT_ERRORS
    except OutputError as exc:
        from forms.atomic import write_problem

        _silence_stdout()
        _err(f"无法写出命令的输出：{write_problem(exc.cause)}。请把输出重定向到有空间、可写入的位置。")
        return EXIT_UNREADABLE
    except KeyboardInterrupt:
        _err("已中断。")
        return EXIT_INTERRUPTED
    except Exception:  # noqa: BLE001 - any other failure is ours: logged, told in one line
        return report_fault(name or PROG, arguments)


if __name__ == "__main__":
    import multiprocessing

    # In the bundle (packaging/) a worker process of the batch check starts this program again:
    # freeze_support runs the worker instead of reading its arguments as a verb.
    multiprocessing.freeze_support()
    sys.exit(main())
