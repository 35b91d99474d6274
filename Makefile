# The two commands of the README; each sets up .venv first when pyproject.toml is newer than it.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: homework test quick

homework: $(VENV)/.installed
	$(PY) -m cae_tf run --out build/homework

test: $(VENV)/.installed
	$(PY) -m pytest

# For someone editing a check or a helper: everything but the tests marked slow, in about 2 minutes.
quick: $(VENV)/.installed
	$(PY) -m pytest -m 'not slow'

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@
