# The two commands of the README; each sets up .venv first when pyproject.toml is newer than it.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: homework test quick sandbox lab

homework: $(VENV)/.installed
	$(PY) -m cae_tf run --out build/homework

test: $(VENV)/.installed sandbox
	$(PY) -m pytest

# The grader isolates submissions with bubblewrap (Debian's package); as root with apt-get it is
# installed here, elsewhere the tests that need it are skipped and say why.
sandbox:
	@command -v bwrap >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 \
	  && (apt-get update -qq && apt-get install -y -qq bubblewrap) >/dev/null 2>&1; } \
	  || echo "bubblewrap is not installed: the grading tests that need the sandbox are skipped"

# Jupyter refuses to run as root unless told (containers, CI); as anyone else this is empty.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)

# Jupyter on the notebooks (students and staff): installs JupyterLab into .venv once, then serves.
lab: $(VENV)/.installed
	$(PY) -m jupyter lab --notebook-dir=notebooks $(ALLOW_ROOT) $(LAB_OPTIONS)

# For someone editing a check or a helper: everything but the tests marked slow, in about 2 minutes.
quick: $(VENV)/.installed
	$(PY) -m pytest -m 'not slow'

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@
