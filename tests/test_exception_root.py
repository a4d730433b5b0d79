"""One exception root: every public error class the project defines derives from HRTrainingError.

Private classes (``_Stop``, ``_Refused`` …) are control flow inside one module and never reach a caller.
"""
from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import hrtraining
from hrtraining.engine import HRTrainingError


def _modules():
    for info in pkgutil.walk_packages(hrtraining.__path__, "hrtraining."):
        if info.name.endswith("__main__"):
            continue
        yield importlib.import_module(info.name)


def _public_exceptions():
    seen = {}
    for module in _modules():
        for name, obj in vars(module).items():
            if (inspect.isclass(obj) and issubclass(obj, BaseException) and not name.startswith("_")
                    and obj.__module__.startswith("hrtraining.")):
                seen[f"{obj.__module__}.{obj.__qualname__}"] = obj
    return seen


def test_the_walk_finds_the_project_s_exceptions():
    found = _public_exceptions()
    # A walk that found nothing would pass the test below for nothing.
    assert any(k.endswith("ScenarioError") for k in found)
    assert any(k.endswith("LrsError") for k in found)
    assert len(found) >= 10


@pytest.mark.parametrize("name", sorted(_public_exceptions()))
def test_every_public_exception_derives_from_the_one_root(name):
    assert issubclass(_public_exceptions()[name], HRTrainingError), name
