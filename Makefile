# Two commands do everything on a fresh machine: `make play` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: play test fuzz bench screenshots validate clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q -e '.[test]'
	touch $(STAMP)

play: $(STAMP)
	$(PY) game.py

test: $(STAMP)
	$(PY) -m pytest

# The property tests with many more examples (make test runs a small seeded set), deep continue
# chains included: FUZZ_EXAMPLES=20000 make fuzz digs deeper still.
FUZZ_EXAMPLES ?= 2000
fuzz: $(STAMP)
	HRTRAINING_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(PY) -m pytest -p no:cacheprovider tests/test_invariant.py \
		tests/engine/test_reach.py tests/engine/test_fuzz.py tests/game/test_game_invariant.py

validate: $(STAMP)
	$(PY) -m hrtraining validate --strict scenarios

bench: $(STAMP)
	$(PY) bench/run.py --update-docs

# The game's screens and the workshop projector, headless. (The phone page's pictures come from the
# Chromium test: HRTRAINING_PHONE_SHOTS=docs/screenshots make test.)
screenshots: $(STAMP)
	SDL_VIDEODRIVER=dummy $(PY) game.py --screenshots docs/screenshots

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info
