#!/usr/bin/env python3
"""Start the hrtraining game window: ``python game.py [--scenario PATH] [--help]``."""
from __future__ import annotations

import sys
from pathlib import Path

# Running from a checkout without installing: make the package importable.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from hrtraining.game import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
