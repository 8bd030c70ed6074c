"""Across articles: entities, alignment into claims, the stance ledger, provenance,
contradictions, events and the timeline."""
