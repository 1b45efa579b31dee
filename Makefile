# Coop Desktop — the two commands a developer needs:
#   make run    set everything up and start the app on a demo database
#   make test   set everything up and run the test suite (what CI runs)
# Everything else here is a step of those two.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
DEMO_DB ?= .demo/coop-demo.sqlite
DEMO_N  ?= 2000

.PHONY: run test setup system-deps catalogs bench screenshots clean

run: setup
	@mkdir -p $(dir $(DEMO_DB))
	@[ -f $(DEMO_DB) ] || $(VENV)/bin/coop-desktop --db $(DEMO_DB) demo --enterprises $(DEMO_N)
	$(VENV)/bin/coop-desktop --db $(DEMO_DB)

test: setup
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

setup: system-deps $(STAMP) catalogs

system-deps:
	@bash scripts/system-deps.sh

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Coop Desktop needs Python 3.11 or newer (set PYTHON=python3.12, for example)")'
	@[ -x $(PY) ] || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	@touch $(STAMP)

catalogs: $(STAMP)
	@$(PY) scripts/i18n.py compile

bench: setup
	$(PY) bench/run.py

screenshots: setup
	QT_QPA_PLATFORM=offscreen $(PY) scripts/screenshots.py --out screenshots/

clean:
	rm -rf $(VENV) .demo .pytest_cache .hypothesis
