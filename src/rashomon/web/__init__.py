"""The local web app: story pages over the store, behind a guarded server."""
