"""Sigap's domain rules in pure Python: working time, the report lifecycle and its clocks, the escalation
ladder, the satisfaction index, and the identifiers citizens type. Nothing here imports Django, so every rule
can be tested and reasoned about on its own."""
