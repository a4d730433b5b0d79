"""Ralph's LRS app as the tests run it (in Ralph's own virtual environment, not the project's).

Ralph's ``fs`` backend (a development backend: no database) writes each POST with its default
operation, ``create``, which refuses once the statements file exists: every request after the
first answers 500 (seen with ralph-malph 5.0.1 and 5.1.0). Appending is what an LRS on one file
needs, so the tests' server appends; nothing else of Ralph's is changed.
"""
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend

FSLRSBackend.default_operation_type = BaseOperationType.APPEND

from ralph.api import app  # noqa: E402  (after the change, so the app's backend appends)

__all__ = ["app"]
