"""Migrations form one line: branches merged from parallel work must not leave two heads
(``upgrade head`` then refuses to run and the service cannot start)."""

from alembic.script import ScriptDirectory

from service.store.db import MIGRATIONS


def test_the_migrations_have_exactly_one_head() -> None:
    script = ScriptDirectory(str(MIGRATIONS))
    assert len(script.get_heads()) == 1, script.get_heads()


def test_every_revision_has_at_most_one_parent() -> None:
    script = ScriptDirectory(str(MIGRATIONS))
    for revision in script.walk_revisions():
        assert not isinstance(revision.down_revision, tuple | list), revision.revision
