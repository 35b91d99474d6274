# The two commands of the README; each sets up .venv first when pyproject.toml is newer than it.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: venv homework test quick system-packages lab

# Set-up only: .venv with the project, its tests' and Jupyter's packages (no root, no Debian package).
venv: $(VENV)/.installed

homework: $(VENV)/.installed
	$(PY) -m cae_tf run --out build/homework

# The tests run on TEST_WORKERS pytest-xdist workers (two: one per core here; each grading or
# training test is itself multi-threaded and a kernel takes up to 1 GB), a whole file per worker at a
# time, in the order tests/conftest.py gives (heaviest first). TEST_WORKERS=0 runs them in one process.
TEST_WORKERS ?= 2
PYTEST := $(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder

test: $(VENV)/.installed system-packages
	$(PYTEST)

# Debian's packages the tests use: bubblewrap (the grader's sandbox), chromium (the real-browser
# tests, driven by Playwright), slurm-wlm and munge (a one-node Slurm cluster for `slurm`),
# poppler-utils (pdftotext and pdftoppm read the review's PDFs as a person would). As root with
# apt-get they are installed here; elsewhere the tests that need them are skipped and say why.
# Each group is installed apart: one that fails (Slurm's packages where apt cannot configure them)
# does not keep the others out.
system-packages:
	@updated=""; for group in "bwrap:bubblewrap" "chromium:chromium" \
	  "slurmctld:slurm-wlm munged:munge" "pdftoppm:poppler-utils"; do \
	  missing=""; for pair in $$group; do \
	    command -v $${pair%%:*} >/dev/null 2>&1 || missing="$$missing $${pair#*:}"; done; \
	  [ -z "$$missing" ] && continue; \
	  { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 \
	    && { [ -n "$$updated" ] || apt-get update -qq >/dev/null 2>&1; updated=1; } \
	    && apt-get install -y -qq $$missing >/dev/null 2>&1; } \
	    || echo "not installed:$$missing: the tests that need it are skipped"; \
	done

# Jupyter refuses to run as root unless told (containers, CI); as anyone else this is empty.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)

# Jupyter on the notebooks (students and staff): installs JupyterLab into .venv once, then serves.
lab: $(VENV)/.installed
	$(PY) -m jupyter lab --notebook-dir=notebooks $(ALLOW_ROOT) $(LAB_OPTIONS)

# For someone editing a check or a helper: everything but the tests marked slow, in about 2 minutes.
quick: $(VENV)/.installed
	$(PYTEST) -m 'not slow'

# JupyterLab's settings for the venv (as the students' wheel installs them, in overrides.d): no "official
# Jupyter news?" pop-up over the notebook, no update check. An editable install skips data files.
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	mkdir -p $(LAB_SETTINGS)/overrides.d \
	  && cp cae_tf/handout/jupyterlab/overrides.json $(LAB_SETTINGS)/overrides.d/cae_tf_handout.json
	touch $@
