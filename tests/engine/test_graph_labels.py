"""Mermaid labels keep what the author wrote (conditions with >=, quotes) without breaking the chart."""
from __future__ import annotations

from hrtraining.engine._graph import _mermaid_text


def test_comparison_signs_and_quotes_are_mermaid_entities():
    assert _mermaid_text('trust >= 2 and "x" | y # z') == "trust #gt;= 2 and #quot;x#quot; #124; y #35; z"
    assert "<" not in _mermaid_text("a < b") and ">" not in _mermaid_text("a > b")
