"""The verb table of main.py: the one source of the parser, `--help`, the listings and the README's
"Command line" block; argparse speaking Chinese to the clerk without being changed for anyone else."""

from __future__ import annotations

import argparse
import inspect
import itertools
import json
import subprocess
import sys
from pathlib import Path

import pytest

import main

ROOT = Path(__file__).resolve().parents[1]


def _readme_command_block() -> str:
    """The indented block opening the README's "## Command line" section, as written there."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Command line\n", 1)[1].split("\n## ", 1)[0]
    lines = section.strip("\n").splitlines()
    block = itertools.takewhile(lambda line: line.startswith("    ") or not line.strip(), lines)
    return "\n".join(block).rstrip()


def test_the_readme_lists_the_verbs_as_main_does():
    assert _readme_command_block() == main.readme_listing()


def test_help_docstring_and_listing_come_from_the_table(capsys):
    with pytest.raises(SystemExit) as exited:
        main.main(["--help"])
    assert exited.value.code == 0
    help_text = capsys.readouterr().out
    assert main.verbs_text() in help_text
    assert main.command_listing("    ") in (main.__doc__ or "")
    for verb in main.VERB_TABLE:
        assert f"{verb.name}" in help_text and verb.summary in help_text
        assert main.verbs_text().count(verb.command) == 1


def _argument_parser(verb: main.Verb) -> tuple[argparse.ArgumentParser, list[argparse.Action]]:
    parser = argparse.ArgumentParser(add_help=False)
    return parser, [parser.add_argument(*a.flags, **a.settings) for a in verb.args]


@pytest.mark.parametrize("verb", main.VERB_TABLE, ids=lambda verb: verb.name)
def test_each_synopsis_names_exactly_the_verbs_arguments(verb):
    words = verb.synopsis.replace("[", " ").replace("]", " ").split()
    named = [w for w in words if w.startswith("-")]
    _, actions = _argument_parser(verb)
    for action in actions:
        if not action.option_strings:
            assert action.metavar in words or f"{action.metavar}…" in words, action.metavar   # … : one or more
            continue
        flag = next((f for f in action.option_strings if f in named), None)
        assert flag is not None, f"{verb.name}: {action.option_strings} not in its synopsis"
        if action.nargs != 0:                   # an option taking a value shows it by its metavar
            assert words[words.index(flag) + 1] == action.metavar
    assert all(any(w in a.option_strings for a in actions) for w in named), named


@pytest.mark.parametrize("verb", main.VERB_TABLE, ids=lambda verb: verb.name)
def test_each_verb_function_takes_exactly_its_arguments(verb):
    _, actions = _argument_parser(verb)
    assert set(inspect.signature(verb.run).parameters) == {a.dest for a in actions}


def test_importing_main_leaves_argparse_alone():
    script = ("import argparse; before = argparse._; import main; assert argparse._ is before; "
              "p = argparse.ArgumentParser(prog='x'); text = p.format_help(); "
              "assert 'usage: x' in text and 'options' in text and 'show this help message and exit' in text")
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("argv,message", [
    (["chek"], "参数 命令：无效的选择：'chek'（可选：'forms', 'check', 'sample', 'export', 'import', 'new', "
               "'merge', 'open'）"),
    (["check"], "python main.py check：命令有误：缺少参数：报告.json"),
    (["import", "x.xlsx"], "缺少参数：-o/--output"),
    (["check", "a.json", "--bogus"], "python main.py：命令有误：无法识别的参数：--bogus"),
    (["check", "--last"], "参数 --last：后面需要跟一个值"),
    (["check", "a.json", "--json=1"], "参数 --json：这个选项后面不用跟值（多了 '1'）"),
    (["export", "a.json", "--d", "x"], "选项 --d 不明确，可能是 --docx, --draft"),
])
def test_usage_mistakes_exit_2_in_chinese_and_say_how_to_see_help(capsys, argv, message):
    with pytest.raises(SystemExit) as exited:
        main.main(argv)
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert message in err and err.startswith("用法：python main.py")
    assert err.endswith(" --help 查看用法。\n") and "error" not in err and "usage" not in err


def test_a_value_of_the_wrong_type_is_told_in_chinese(capsys):
    parser = main.ChineseArgumentParser(prog="python main.py")
    parser.add_argument("--n", type=int)
    with pytest.raises(SystemExit):
        parser.parse_args(["--n", "十"])
    assert "参数 --n：无效的值：'十'" in capsys.readouterr().err


def test_an_unknown_argparse_message_is_shown_as_it_is():
    assert main.argparse_message_in_chinese("something new") == "something new"
    assert main.argparse_message_in_chinese("argument -x: something new") == "参数 -x：something new"


def test_a_verbs_help_is_in_chinese_with_its_synopsis_and_exit_codes(capsys):
    with pytest.raises(SystemExit):
        main.main(["export", "--help"])
    text = capsys.readouterr().out
    assert text.startswith(f"用法：{main.VERBS_BY_NAME['export'].command}\n")
    assert "参数:" in text and "选项:" in text and "-h, --help  " in text and "显示本帮助并退出" in text
    assert "退出码：0 已导出" in text and "usage" not in text and "options" not in text


def test_the_verb_functions_are_plain_functions(tmp_path, capsys):
    assert main.write_sample_drafts(str(tmp_path)) == main.EXIT_OK
    dirty = str(tmp_path / "2017-yueqing-wenguangxin.json")
    capsys.readouterr()
    assert main.check_draft(dirty, as_json=True) == main.EXIT_ERRORS
    assert json.loads(capsys.readouterr().out)["errors"] == 4
    target = str(tmp_path / "2017.xlsx")
    assert main.export_draft(dirty, xlsx=target) == main.EXIT_ERRORS
    assert main.export_draft(dirty, xlsx=target, draft=True) == main.EXIT_OK and Path(target).exists()


def test_the_job_without_a_window_calls_the_verb_functions(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(main, "write_sample_drafts", lambda folder: calls.append(("sample", folder)) or 0)
    monkeypatch.setattr(main, "check_draft", lambda path: calls.append(("check", path)) or 1)
    monkeypatch.setattr(main, "export_draft", lambda path, **options: calls.append(("export", path, options)) or 0)
    (tmp_path / "a.json").write_text("{}", encoding="utf-8")
    assert main.headless_job(tmp_path) == main.EXIT_OK
    path = str(tmp_path / "a.json")
    assert calls == [("sample", str(tmp_path)), ("check", path),
                     ("export", path, {"docx": str(tmp_path / "a.docx"), "xlsx": str(tmp_path / "a.xlsx"),
                                       "draft": True, "overwrite": True})]
