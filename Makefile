# The two commands a newcomer needs:  make demo   and   make test
# Both create .venv and install hallbar into it on first run.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: demo test lint check status clean bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)          ## build the demo report (all regions, latest year)
	$(VENV)/bin/hallbar build

test: $(STAMP)          ## the test suite (includes an end-to-end demo build)
	$(PY) -m ruff check src tests benchmarks tools
	$(VENV)/bin/lint-imports
	$(PY) -m pytest -n 2 --dist loadgroup

check: $(STAMP)
	$(VENV)/bin/hallbar check

bench: $(STAMP)
	$(PY) benchmarks/build_benchmark.py

clean:                  ## remove build/ and the built reports (same as: hallbar clean --all)
	rm -rf build report/_output
