"""Readers for outside corpora the project may learn from but does not ship (see docs/ami.md)."""
