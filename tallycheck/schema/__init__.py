"""Schema files: the loader that reads YAML into a ``Schema`` (``tallycheck.specs``),
and the JSON Schema for editors."""
