"""年报通 — the one entry point.

    python main.py                 the window (with no display: says so, then writes the samples)
    python main.py forms           the official formats
    python main.py check R.json    every finding, in plain Chinese
    python main.py sample [-o D]   the bundled sample reports as draft files
    python main.py export R.json --docx OUT.docx --xlsx OUT.xlsx [--draft]
    python main.py import IN.xlsx [--form ID] -o R.json
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

_ARGPARSE_ZH = {
    "usage: ": "用法：",
    "options": "选项",
    "positional arguments": "参数",
    "show this help message and exit": "显示本帮助并退出",
    "the following arguments are required: %s": "缺少参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选择：%(value)r（可选：%(choices)s）",
    "expected one argument": "后面需要跟一个值",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "invalid %(type)s value: %(value)r": "无效的值：%(value)r",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确，可能是 %(matches)s",
    "%(prog)s: error: %(message)s\n": "%(prog)s：命令有误：%(message)s\n运行 python main.py --help 查看用法。\n",
}
argparse._ = lambda text: _ARGPARSE_ZH.get(text, text)  # argparse's own messages, in Chinese

EXIT_OK, EXIT_ERRORS, EXIT_UNREADABLE = 0, 1, 2
VERBS = """可用的命令：
  python main.py forms                               列出报告格式
  python main.py check 报告.json [--last 上年.json] [--json]
                                                     检查报告中的数字和文字
  python main.py sample [-o 文件夹]                   写出示例报告（草稿文件）
  python main.py export 报告.json --docx 报告.docx [--xlsx 报告.xlsx] [--draft] [--overwrite]
                                                     导出Word/Excel文件
  python main.py import 表格.xlsx [--form 格式] -o 报告.json [--overwrite]
                                                     从Excel表格导入数字，生成草稿文件
  python main.py open 报告.json                       在窗口中打开草稿"""


def _out(text: str = "") -> None:
    print(text, flush=True)


def cmd_forms(args) -> int:
    from forms.loader import all_forms

    for form in all_forms():
        default = "（默认）" if form.default else ""
        issued = f"，{form.issued}" if form.issued else ""
        _out(f"{form.id}{default}  {form.name}")
        _out(f"    依据：{form.basis}（{form.document_number}{issued}）")
        _out(f"    适用：{form.years_text}；{form.status}")
    return EXIT_OK


def _load(path: str, label: str):
    """(report, None) or (None, the message saying why the file cannot be read)."""
    from forms.draft import DraftError, read_draft

    try:
        return read_draft(path), None
    except DraftError as exc:
        return None, f"无法读取{label}：{exc}"


def _read(path: str, label: str):
    report, error = _load(path, label)
    if error:
        print(error, file=sys.stderr)
    return report


def cmd_check(args) -> int:
    from forms.rules import check, describe

    loaded = []
    for path, label in ((args.report, "报告"), (args.last, "上年报告")):
        report, error = _load(path, label) if path else (None, None)
        if error:
            print(error, file=sys.stderr)
            if args.json:     # a script reading our output gets JSON whatever happened
                _out(json.dumps({"file": path, "error": error}, ensure_ascii=False, indent=2))
            return EXIT_UNREADABLE
        loaded.append(report)
    report, last = loaded
    result = check(report, last)
    if args.json:
        doc = {"file": args.report, "form": report.form.id, "organ": report.organ, "year": report.year,
               "errors": len(result.errors), "warnings": len(result.warnings),
               "findings": [f.to_json(report) for f in result.findings],
               "skipped": [{"rule": rule, "reason": why} for rule, why in result.skipped]}
        _out(json.dumps(doc, ensure_ascii=False, indent=2))
    else:
        _out(f"{report.title}（格式：{report.form.id}）")
        if not result.findings:
            _out("检查通过：没有发现错误或提醒。")
        else:
            _out(f"发现 {len(result.errors)} 个错误、{len(result.warnings)} 个提醒：")
            for finding in result.findings:
                _out(describe(finding))
        for rule, why in result.skipped:
            hint = "（用 --last 指定上年的草稿文件）" if last is None else ""
            _out(f"未运行：{rule} — {why}{hint}")
        if result.errors:
            _out("有错误的报告不能作为正式稿导出，请先改正。")
    return EXIT_ERRORS if result.errors else EXIT_OK


def cmd_sample(args) -> int:
    from forms.atomic import SaveError
    from forms.rules import check
    from forms.samples import changed_samples, write_samples

    try:
        kept = set(changed_samples(args.output))
        paths = write_samples(args.output)
    except (SaveError, OSError) as exc:
        print(f"无法写出示例：{exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    for path in paths:
        if path in kept:
            _out(f"已保留 {path}：这个文件改动过，没有覆盖（要重新写出示例，请先把它改名或删除）。")
        report = _read(str(path), "示例")
        if report is not None and path not in kept:
            result = check(report)
            _out(f"已写出 {path}：{report.title}（{report.form.id}），"
                 f"{len(result.errors)} 个错误、{len(result.warnings)} 个提醒")
    return EXIT_OK


def _export_target_problem(args) -> str | None:
    """Targets that would lose something: the draft itself, a Word file under an Excel name, …"""
    if not args.docx and not args.xlsx:
        return "请用 --docx 文件名 或 --xlsx 文件名 指定要导出的文件。"
    sources = {Path(p).resolve() for p in (args.report, args.last) if p}
    for target, suffix, kind in ((args.docx, ".docx", "Word"), (args.xlsx, ".xlsx", "Excel")):
        if not target:
            continue
        if Path(target).suffix.lower() != suffix:
            return f"{kind}文件的文件名应以 {suffix} 结尾（现在是“{target}”）。请改成如“报告{suffix}”的文件名。"
        if Path(target).resolve() in sources:
            return f"“{target}”是草稿文件本身，导出会把草稿覆盖掉。请换一个文件名，如“报告{suffix}”。"
        if Path(target).exists() and not args.overwrite:   # it may have been retouched by hand
            return (f"“{target}”已经存在，没有导出（它可能已经手工修改过）。请换一个文件名，"
                    f"或者加上 --overwrite 覆盖它。")
    return None


def cmd_export(args) -> int:
    from exports.common import ExportRefused, prepare_export
    from forms.atomic import SaveError
    from forms.rules import describe

    problem = _export_target_problem(args)
    if problem:
        print(problem, file=sys.stderr)
        return EXIT_UNREADABLE
    report = _read(args.report, "报告")
    if report is None:
        return EXIT_UNREADABLE
    last = _read(args.last, "上年报告") if args.last else None
    if args.last and last is None:
        return EXIT_UNREADABLE
    try:
        mark = prepare_export(report, args.draft, last)
    except ExportRefused as exc:
        print(f"{exc}（命令行：加上 --draft 导出草稿）", file=sys.stderr)
        for finding in exc.result.errors:
            print(describe(finding), file=sys.stderr)
        return EXIT_ERRORS
    try:
        if args.docx:
            from exports.docx_writer import write_docx
            _out(f"已导出Word文件：{write_docx(report, args.docx, mark=mark)}")
        if args.xlsx:
            from exports.xlsx_writer import write_xlsx
            _out(f"已导出Excel文件：{write_xlsx(report, args.xlsx, mark=mark)}")
    except SaveError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_UNREADABLE
    if mark:
        _out(f"注意：报告还有错误，导出的文件每页都标注了“{mark}”。")
    return EXIT_OK


def cmd_import(args) -> int:
    """Exit 0: written, nothing to review; 1: written, with problems to review; 2: nothing written."""
    from exports.xlsx_reader import WorkbookError, read_xlsx
    from forms.atomic import SaveError
    from forms.draft import write_draft

    output = Path(args.output)
    if output.exists() and not args.overwrite:
        print(f"“{output}”已经存在。为了不覆盖其中已填写的内容，请换一个文件名，"
              f"或者加上 --overwrite 覆盖它。", file=sys.stderr)
        return EXIT_UNREADABLE
    try:
        result = read_xlsx(args.workbook, form_id=args.form)
    except WorkbookError as exc:
        print(f"无法导入：{exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    report = result.report
    try:
        write_draft(report, output)
    except SaveError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_UNREADABLE
    found = "、".join(f"{report.form.tables[k].short}（{place}）" for k, place in result.places.items())
    _out(f"已导入：{report.title}（格式：{report.form.id}，{result.form_reason}）")
    _out(f"找到的表格：{found}")
    _out(f"已写出草稿文件：{output}")
    if result.problems:
        _out(f"有 {len(result.problems)} 处需要核对：")
        for problem in result.problems:
            _out(f"  - {problem}")
    _out(f"运行 python main.py check {output} 查看全部检查结果。")
    return EXIT_ERRORS if result.problems else EXIT_OK


def has_display() -> bool:
    """Qt aborts without a display, with a misleading message: find out first."""
    if sys.platform.startswith("win") or sys.platform == "darwin":
        return True
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def headless_job(folder: Path, why: str | None = None) -> int:
    """What `python main.py` does where no window can open: the samples, checked, and their Word
    and Excel files (a sample with errors is exported as a marked draft, as the window would).
    `why`: the reason the window cannot open, when it is not simply that there is no display."""
    _out(why or "没有检测到图形界面（DISPLAY），无法打开年报通窗口。")
    _out(VERBS)
    _out("")
    _out(f"现在写出示例报告，检查并导出Word和Excel文件，放在“{folder}”：")
    code = cmd_sample(argparse.Namespace(output=str(folder)))
    if code != EXIT_OK:
        return code
    for path in sorted(folder.glob("*.json")):
        _out("")
        has_errors = cmd_check(argparse.Namespace(report=str(path), last=None, json=False)) == EXIT_ERRORS
        code = cmd_export(argparse.Namespace(report=str(path), docx=str(path.with_suffix(".docx")),
                                             xlsx=str(path.with_suffix(".xlsx")), draft=has_errors, last=None,
                                             overwrite=True))    # the demo folder's files are ours
        if code != EXIT_OK:
            return code
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python main.py", description="年报通：政府信息公开工作年度报告的填写、检查和导出。",
                                     epilog=VERBS, formatter_class=argparse.RawDescriptionHelpFormatter)
    verbs = parser.add_subparsers(dest="verb", metavar="命令")
    p = verbs.add_parser("forms", help="列出报告格式", description="列出程序支持的报告格式：编号、名称、依据文号和适用年度。")
    p.set_defaults(run=cmd_forms)
    p = verbs.add_parser("check", help="检查报告中的数字和文字",
                         description="检查草稿文件中的每一个数字和正文引用的数字，逐条说明问题和改法。\n"
                                     "退出码：0 没有错误（可以有提醒）\n"
                                     "        1 有错误\n"
                                     "        2 文件无法读取", formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("report", metavar="报告.json", help="要检查的草稿文件")
    p.add_argument("--last", metavar="上年.json", help="上年报告的草稿文件，用于核对上年结转等跨年数字")
    p.add_argument("--json", action="store_true", help="以JSON格式输出，供其他程序读取")
    p.set_defaults(run=cmd_check)
    p = verbs.add_parser("sample", help="写出示例报告（草稿文件）",
                         description="写出程序自带的两份示例报告（草稿文件）。已经改动过的示例文件不会被覆盖。")
    p.add_argument("-o", "--output", metavar="文件夹", default="年报通示例", help="写到哪个文件夹（默认：年报通示例）")
    p.set_defaults(run=cmd_sample)
    p = verbs.add_parser("export", help="导出Word/Excel文件",
                         description="按官方格式导出Word和（或）Excel文件。有错误的报告只能加 --draft 导出草稿。\n"
                                     "退出码：0 已导出\n"
                                     "        1 报告有错误，没有导出（已逐条列出）\n"
                                     "        2 文件无法读取或无法写出", formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("report", metavar="报告.json", help="要导出的草稿文件")
    p.add_argument("--docx", metavar="报告.docx", help="导出的Word文件")
    p.add_argument("--xlsx", metavar="报告.xlsx", help="导出的Excel文件")
    p.add_argument("--draft", action="store_true", help="报告有错误时仍然导出，每页标注“草稿（未通过校验）”")
    p.add_argument("--last", metavar="上年.json", help="上年报告的草稿文件（一并核对跨年数字）")
    p.add_argument("--overwrite", action="store_true", help="导出的文件已存在时覆盖它")
    p.set_defaults(run=cmd_export)
    p = verbs.add_parser("import", help="从Excel表格导入数字，生成草稿文件",
                         description="从Excel工作簿（.xlsx）中按栏目名称找到各张表，导入数字，写成草稿文件。\n"
                                     "退出码：0 已写出，导入时没有发现问题（报告的检查结果请用 check 查看）\n"
                                     "        1 已写出，但导入时有需要核对的地方（已逐条列出）\n"
                                     "        2 无法导入或无法写出，没有写出文件",
                         formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("workbook", metavar="表格.xlsx", help="要导入的Excel工作簿（年报通导出的，或按官方格式手工制作的）")
    p.add_argument("--form", metavar="格式", help="报告格式（如 gov-2021）；不指定时按文件中的报告信息或栏目名称判断")
    p.add_argument("-o", "--output", metavar="报告.json", required=True, help="写出的草稿文件")
    p.add_argument("--overwrite", action="store_true", help="草稿文件已存在时覆盖它")
    p.set_defaults(run=cmd_import)
    p = verbs.add_parser("open", help="在窗口中打开草稿")
    p.add_argument("report", metavar="报告.json", help="要打开的草稿文件")
    p.set_defaults(run=cmd_open)
    return parser


def cmd_open(args) -> int:
    """The window with a draft open; where no window can open, say so and name the verbs."""
    if not has_display():
        print("没有检测到图形界面（DISPLAY），无法打开年报通窗口。可以用命令行检查和导出这个草稿：", file=sys.stderr)
        print(VERBS, file=sys.stderr)
        return EXIT_UNREADABLE
    from ui.app import display_problem, run
    problem = display_problem()
    if problem:
        print(problem, file=sys.stderr)
        print("也可以用命令行检查和导出这个草稿：", file=sys.stderr)
        print(VERBS, file=sys.stderr)
        return EXIT_UNREADABLE
    return run(args.report)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "run", None) is None:
        if not has_display():
            return headless_job(Path("年报通示例"))
        from ui.app import display_problem, run
        problem = display_problem()      # a stale DISPLAY: as good as none
        if problem:
            return headless_job(Path("年报通示例"), problem)
        return run()
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
