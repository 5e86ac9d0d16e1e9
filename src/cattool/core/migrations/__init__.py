"""Alembic migrations. Keep HEAD_REVISION and KNOWN_REVISIONS in step with versions/
(a test checks it): start-up compares the database with them without importing Alembic."""

KNOWN_REVISIONS = ("0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008")
HEAD_REVISION = KNOWN_REVISIONS[-1]
