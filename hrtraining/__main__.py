"""``python -m hrtraining``: the author and trainee command line."""
from __future__ import annotations

import sys

from hrtraining.cli import main

if __name__ == "__main__":
    sys.exit(main())
