"""Training the shipped models (cue model, stance MLP and reader)."""
