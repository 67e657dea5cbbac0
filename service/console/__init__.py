"""The compliance review console: server-rendered pages over the sessions store."""
