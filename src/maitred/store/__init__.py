"""The reservation book in a database: SQLAlchemy rows, repositories, units of work, migrations.

Only `bootstrap` imports this package; the services see it through the ports in
`maitred.services.ports`. Entry points:

    book = SqlBook("sqlite:///path/to/book.db")   # opens and migrates; DatabaseUnusable if it can't
    with book(write=True) as unit_of_work: ...     # a UnitOfWorkFactory for the services
    book.close()
"""

from maitred.store.engine import create_engine_for
from maitred.store.migrate import head_revisions, upgrade_database
from maitred.store.unit_of_work import SqlBook, SqlUnitOfWork

__all__ = ["SqlBook", "SqlUnitOfWork", "create_engine_for", "head_revisions", "upgrade_database"]
