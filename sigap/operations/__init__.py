"""Operating a city's Sigap: backups that are proven by restoring them (docs/backup.md, ADR 13).

This app imports no other app of ours: it sees the database through its own tables and the media through Django's
storage API, so a new model is in the next backup without anyone listing it here."""
