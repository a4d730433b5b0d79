"""How ``analyze`` names levels and naive strategies, in its text and its HTML report alike."""
from __future__ import annotations

LEVEL = {"good": "good", "fair": "fair", "beginning": "beginning", "not assessed": "not assessed",
         "no ending": "no ending (loops)"}
STRATEGY_NAMES = {"always-longest": "always the longest", "always-first": "always the first",
                  "always-last": "always the last",
                  "asks-permission": "the first that asks permission (else the last)", "random": "random"}
