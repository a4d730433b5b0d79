"""Ralph's LRS app as the tests run it (in Ralph's own virtual environment, not the project's).

Ralph's ``fs`` backend is a development backend (no database), with two faults in ralph-malph
5.0.1 and 5.1.0 that the tests' server works around; nothing else of Ralph's is changed:

* each POST is written with the default operation, ``create``, which refuses once the
  statements file exists: every request after the first answered 500. It appends here;
* the ``verb`` and ``activity`` filters of GET /statements compare the parsed IRI object with
  the statement's string, so they never match. They compare strings here.

The backends an agency runs for volume (ClickHouse, Elasticsearch, MongoDB) are not affected.
"""
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend

FSLRSBackend.default_operation_type = BaseOperationType.APPEND

_by_verb = FSLRSBackend._add_filter_by_verb
_by_activity = FSLRSBackend._add_filter_by_activity
FSLRSBackend._add_filter_by_verb = staticmethod(
    lambda filters, verb_id: _by_verb(filters, str(verb_id) if verb_id else None))
FSLRSBackend._add_filter_by_activity = staticmethod(
    lambda filters, object_id, related: _by_activity(filters, str(object_id) if object_id else None, related))

from ralph.api import app  # noqa: E402  (after the changes, so the app's backend has them)

__all__ = ["app"]
