"""Views of an AnalysisResult: brief.md, report.html, report.json, the CSVs and rashomon.db."""
