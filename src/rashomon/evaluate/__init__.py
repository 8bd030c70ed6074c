"""Evaluation of rashomon's extractors against public gold corpora (PolNeAR for attributions)."""
