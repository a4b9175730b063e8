"""Operating Sigap: the /metrics endpoint, one JSON log line per request and per task, the request id."""
