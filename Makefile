# Developer commands of the ntm_exemplar addon; see README.md.
# The venv tools/bootstrap.py makes on a machine without Odoo, once it exists.
PYTHON ?= $(if $(wildcard .local/venv/bin/python),.local/venv/bin/python,python3)
CTL := $(PYTHON) tools/ntmctl.py

.PHONY: help demo serve test lint check i18n bench load
.DEFAULT_GOAL := help

help:
	@echo "make demo   create or reuse database ntm_demo and serve it on http://localhost:8069"
	@echo "make serve  the same database as production runs it: prefork workers behind nginx"
	@echo "            on http://127.0.0.1:8069 (WORKERS=n, default 2 x cores + 1; NODES=n)"
	@echo "make test   run the whole test suite on a throwaway database"
	@echo "make lint   ruff and pylint-odoo through pre-commit"
	@echo "make bench  benchmarks on database ntm_bench (not part of make test)"
	@echo "make load   load test: Locust against the prefork server behind nginx (not part of make test)"
	@echo "make check  say what is missing: Odoo 18, PostgreSQL, wkhtmltopdf"
	@echo "make i18n DB=name   refresh i18n/*.pot and vi.po from an installed database"

demo:
	@$(CTL) demo

WORKERS ?= auto
NODES ?= 1
serve:
	@$(CTL) serve --workers $(WORKERS) --nodes $(NODES)

test:
	@$(CTL) test

bench:
	@$(CTL) bench

load:
	@$(PYTHON) bench/load/run_load.py $(LOAD_ARGS)

check:
	@$(CTL) check

lint:
	@$(PYTHON) -c "import pre_commit" 2>/dev/null || { \
	  echo "[ntm] ERROR: pre-commit is missing: pip install -r requirements-test.txt"; exit 2; }
	@$(PYTHON) -m pre_commit run --all-files --show-diff-on-failure

i18n:
	@test -n "$(DB)" || { echo "[ntm] ERROR: name the database: make i18n DB=ntm_demo"; exit 2; }
	@$(PYTHON) tools/i18n_update.py $(DB)
