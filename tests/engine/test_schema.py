"""The published JSON Schema (scenarios/scenario.schema.json) agrees with the validator.

Skipped until the schema exists. Every shipped scenario, the starter template and the
golden fixture must pass it; fixtures whose problem is purely structural must fail it.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
SCHEMA = REPO / "scenarios" / "scenario.schema.json"
FIXTURES = REPO / "tests" / "fixtures"

pytestmark = pytest.mark.skipif(not SCHEMA.exists(), reason="scenarios/scenario.schema.json is not written yet")

SHIPPED = sorted(p for p in (REPO / "scenarios").glob("*.yaml") if p.name != "rubric.yaml")


@pytest.fixture(scope="module")
def validator():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def _errors(validator, data) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)]


def test_there_are_shipped_scenarios():
    assert SHIPPED


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_shipped_scenarios_pass_the_schema(path, validator):
    assert _errors(validator, yaml.safe_load(path.read_text(encoding="utf-8"))) == []


def test_starter_template_passes_the_schema(validator):
    from hrtraining.cli._author import TEMPLATE

    assert _errors(validator, yaml.safe_load(TEMPLATE.read_text(encoding="utf-8"))) == []


def test_golden_fixture_passes_the_schema(validator):
    assert _errors(validator, yaml.safe_load((FIXTURES / "valid" / "golden.yaml").read_text())) == []


@pytest.mark.parametrize("name", [
    "top-level-not-mapping.yaml", "format-unsupported.yaml", "missing-id.yaml", "unknown-key.yaml",
    "wrong-type.yaml", "id-invalid.yaml", "node-dead-end.yaml", "node-two-kinds.yaml", "choices-empty.yaml",
    "line-not-one-pair.yaml", "ending-no-title.yaml", "score-not-integer.yaml",
    "asset-leaves-assets.yaml", "asset-leaves-assets-absolute.yaml",
])
def test_structural_mistakes_fail_the_schema(name, validator):
    data = yaml.safe_load((FIXTURES / "invalid" / name).read_text())
    assert _errors(validator, data), f"the schema accepts {name}"
