"""docs/authoring.md shows the checker's messages for its example: they must be what it says."""
from __future__ import annotations

import re

from hrtraining.engine import PROJECT_ROOT, check_file

DOC = PROJECT_ROOT / "docs" / "authoring.md"


def test_the_documented_messages_are_the_checkers(tmp_path):
    text = DOC.read_text(encoding="utf-8")
    section = text[text.index("### Messages that say what you meant"):]
    yaml_block = re.search(r"```yaml\n(.*?)```", section, re.S).group(1)
    shown = re.search(r"```text\n(.*?)```", section, re.S).group(1).strip().splitlines()
    path = tmp_path / "my-file.yaml"
    path.write_text(yaml_block, encoding="utf-8")
    problems = sorted(check_file(str(path)).problems, key=lambda p: (p.line, p.column, p.code))
    said = [p.format().replace(str(path), "my-file.yaml") for p in problems]
    assert said == shown
