"""The 年报通 window (PySide6): a wizard that walks a clerk through the report, drawn from the format.

Report logic lives in `forms/` and `exports/`; this package only shows it and edits a
`forms.report.Report` through `ui.document.ReportDocument`.
"""
