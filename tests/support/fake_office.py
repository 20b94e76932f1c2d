"""A fake soffice for the tests of 导出PDF: a shell script that takes LibreOffice's arguments
(`… --outdir OUT FILE.docx`) and runs `body` with `$out` (the folder the PDF goes to), `$last` (the Word
file) and `$name` (its name without .docx) set — fast, and able to fail in each way the real one does."""

from __future__ import annotations

import stat
import zipfile
from pathlib import Path

from host.office import Converter, Office

# what a good conversion writes: a (tiny) whole PDF
WRITE_PDF = 'printf "%%PDF-1.7\\n%%%%EOF\\n" > "$out/$name.pdf"\n'
_ARGUMENTS = ('#!/bin/sh\nwhile [ "$1" != "--outdir" ]; do shift; done; out="$2"\n'
              'for last; do :; done\nname=$(basename "$last" .docx)\n')


def fake_soffice(folder: Path, body: str = WRITE_PDF) -> Office:
    """The fake program, as `folder`/bin/soffice, found as LibreOffice."""
    program = folder / "bin" / "soffice"
    program.parent.mkdir(parents=True, exist_ok=True)
    program.write_text(_ARGUMENTS + body, encoding="utf-8")
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    return Office(Converter.LIBREOFFICE, program)


def keep_word_file(folder: Path) -> str:
    """A line of `body` that keeps the Word file given to the program as `folder`/given.docx."""
    return f'cp "$last" "{folder}/given.docx"\n'


def given_text(folder: Path) -> str:
    """The XML of the Word file the program was given (keep_word_file): its text, headers and fonts."""
    with zipfile.ZipFile(folder / "given.docx") as word:
        return "".join(word.read(n).decode("utf-8") for n in word.namelist() if n.startswith("word/"))
