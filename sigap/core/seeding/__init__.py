"""Loading a city's configuration and the demo. Every loader is idempotent (update_or_create on codes)."""
