"""Renderers from an :class:`~analyzer.analyze.Analysis` to what people and tools read."""
