"""Route groups; each module holds thin routes that call service.ingest or service.store."""
