"""The household assessment file (public contract): read, validate, assess with Polars, write atomically.

No Django here, so the registry import, the CLI and the API can all use it.
"""
