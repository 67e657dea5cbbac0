"""piiguard's HTTP service (repository-only, run from the repository root).

``make run`` starts it with uvicorn on 127.0.0.1:8000; see the README for settings.
"""
