# The two commands a new machine needs: `make demo` and `make test`.
# The first Python 3.11 or 3.12 that really runs (pyenv shims may exist for versions that are not active).
PY ?= $(shell for p in python3.12 python3.11 python3 $$HOME/.pyenv/versions/3.12*/bin/python3 $$HOME/.pyenv/versions/3.11*/bin/python3; do \
	if $$p -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 12))' >/dev/null 2>&1; then echo $$p; break; fi; done)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test install clean bench

$(STAMP): pyproject.toml
	@test -n "$(PY)" || { echo "Python 3.11 or 3.12 is required (durable_rules 2.0.28 does not import on 3.13)"; exit 2; }
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	@mkdir -p out
	$(BIN)/compliance check samples/daknong-vpubnd-2020 --xlsx out/daknong-vpubnd-2020.xlsx

# LibreOffice recalculates the scored workbook in one test; installed here when missing and we are root (as on CI).
test: $(STAMP)
	@command -v soffice >/dev/null 2>&1 || { if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing LibreOffice (libreoffice-calc-nogui) for the recalculation test"; \
		apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui >/dev/null; \
	else echo "LibreOffice is not installed: the recalculation test will be skipped"; fi; }
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) out .pytest_cache
