"""Render exported Word files to PNG pages, to look at them (docs/format-files.md §5).

    python tools/render_exports.py 报告.json [更多.json …] [-o 文件夹] [--dpi 70]
    python tools/render_exports.py --samples [-o 文件夹]

For each draft file: exports the Word file as `python main.py export` would (a report with errors
gets the draft mark, as with --draft), converts it to PDF with LibreOffice headless (a profile of
its own per run, the official font names mapped to Noto CJK by tools/fonts.conf), then every page
to PNG with pdftoppm. Prints the pages written. Needs LibreOffice and poppler-utils (see
docs or .ci/run); a developer tool, not part of the program.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from exports.common import prepare_export
from exports.docx_writer import write_docx
from forms.draft import DraftError, read_draft
from forms.samples import SAMPLE_FILES, SAMPLES_DIR

FONTS_CONF = ROOT / "tools" / "fonts.conf"


def to_pdf(docx: Path, outdir: Path) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("没有找到 LibreOffice（soffice）：apt-get install libreoffice-writer-nogui")
    with tempfile.TemporaryDirectory(prefix="lo-render-") as profile:
        env = dict(os.environ, FONTCONFIG_FILE=str(FONTS_CONF), HOME=profile)
        subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{profile}",
                        "--convert-to", "pdf", "--outdir", str(outdir), str(docx)],
                       check=True, capture_output=True, timeout=300, env=env)
    pdf = outdir / (docx.stem + ".pdf")
    if not pdf.exists():
        raise SystemExit(f"LibreOffice 没有写出 {pdf.name}")
    return pdf


def to_pngs(pdf: Path, dpi: int) -> list[Path]:
    if shutil.which("pdftoppm") is None:
        raise SystemExit("没有找到 pdftoppm：apt-get install poppler-utils")
    for old in pdf.parent.glob(f"{pdf.stem}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(pdf.parent / pdf.stem)],
                   check=True, timeout=300)
    # pdftoppm pads page numbers to the page count's width: sort by the number, not the text.
    return sorted(pdf.parent.glob(f"{pdf.stem}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))


def render(draft: Path, outdir: Path, dpi: int) -> list[Path]:
    report = read_draft(draft)
    mark = prepare_export(report, draft=True)
    docx = write_docx(report, outdir / (draft.stem + ".docx"), mark=mark)
    return to_pngs(to_pdf(docx, outdir), dpi)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="把草稿文件导出的 Word 文件逐页渲染成 PNG 图片，供目视检查。")
    parser.add_argument("drafts", nargs="*", type=Path, help="草稿文件（.json）")
    parser.add_argument("--samples", action="store_true", help="渲染程序自带的示例报告")
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "out" / "render", help="输出文件夹")
    parser.add_argument("--dpi", type=int, default=70, help="图片分辨率（默认 70）")
    args = parser.parse_args(argv)
    drafts = list(args.drafts) + ([SAMPLES_DIR / name for name in SAMPLE_FILES] if args.samples else [])
    if not drafts:
        parser.error("请指定草稿文件，或用 --samples")
    args.output.mkdir(parents=True, exist_ok=True)
    for draft in drafts:
        try:
            pages = render(draft, args.output, args.dpi)
        except DraftError as exc:
            print(f"无法读取 {draft}：{exc}", file=sys.stderr)
            return 2
        print(f"{draft.name}：{len(pages)} 页")
        for page in pages:
            print(f"  {page}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
