"""Claims as rules: validation edits and pricing over Polars frames (see ``schema``)."""
