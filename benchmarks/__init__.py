"""Repeatable measurements, each a script run directly (its docstring says how); results are printed."""
