"""What readers get: one Sphinx extension per feature (``hdhkb.FEATURES`` loads them)."""
