"""Schemas: the typed model and the loader that builds it from YAML."""
