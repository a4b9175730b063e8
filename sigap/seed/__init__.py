"""Seed data: Kota Baubau's reference rows and the demo city, loaded through every app's own models and actions.

It sits on the top floor (beside `config`) because it imports every app; no app imports it. The one demo fact lower
floors need, the published demo password, lives in `sigap.core.demo`.
"""
