# Two commands on a fresh machine with Python 3.11 or 3.12:
#   make figures   set up .venv (package + spaCy model) and regenerate every figure
#   make test      set up .venv and run the whole test suite (unit tests + every notebook)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup figures test lab validate benchmark clean-cache clean

setup: $(STAMP)

# Reinstalls only when pyproject.toml changes (idempotent otherwise).
$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; v=sys.version_info; sys.exit(0 if (3,11)<=v[:2]<=(3,12) else "discourse needs Python 3.11 or 3.12, found %d.%d; run make PYTHON=python3.11" % v[:2])'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -c 'import discourse.nlp as n; print("spaCy model:", n.resolve_model_name())'
	touch $(STAMP)

figures: setup
	$(BIN)/python -m discourse figures

test: setup
	$(BIN)/python -m pytest

lab: setup
	$(BIN)/jupyter lab notebooks/

validate: setup
	$(BIN)/python -m discourse validate

# Cost of the measures next to the parse, 2 processes vs 1, cached rerun, peak memory (see benchmarks/RESULTS.md).
BENCH_TOKENS ?= 150000
benchmark: setup
	$(BIN)/python benchmarks/bench_measures.py --tokens $(BENCH_TOKENS) --json benchmarks/results.json

clean-cache:
	rm -rf .cache build

clean: clean-cache
	rm -rf $(VENV)
