"""Storage: SQLAlchemy models, repositories and Alembic migrations.

Raw text is never written: turns are stored redacted, findings without values.
"""
