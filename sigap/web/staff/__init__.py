"""Staff pages: the work queue, the report page and its action forms."""
