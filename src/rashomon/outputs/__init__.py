"""Views of an AnalysisResult: brief.md, report.html, report.json, the CSVs and rashomon.db."""

from .brief import write_all, write_brief, write_json

__all__ = ["write_all", "write_brief", "write_json"]
