# The two commands a new machine needs: `make demo` and `make test`.
# The first Python 3.11 or 3.12 that really runs (pyenv shims may exist for versions that are not active).
PY ?= $(shell for p in python3.12 python3.11 python3 $$HOME/.pyenv/versions/3.12*/bin/python3 $$HOME/.pyenv/versions/3.11*/bin/python3; do \
	if $$p -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 12))' >/dev/null 2>&1; then echo $$p; break; fi; done)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test install clean bench print-tools pictures browser serve messages

$(STAMP): pyproject.toml
	@test -n "$(PY)" || { echo "Python 3.11 or 3.12 is required (durable_rules 2.0.28 does not import on 3.13)"; exit 2; }
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $(STAMP)

install: $(STAMP)

# the Spark extra (pyspark, sqlglot) for the DuckDB-vs-Spark differential test; Java 17 runs it
SPARK_STAMP := $(VENV)/.installed-spark
$(SPARK_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[test,spark]'
	@touch $(SPARK_STAMP)

demo: $(STAMP)
	@mkdir -p out
	$(BIN)/compliance check samples/phuong-bac-gia-nghia-2026 --xlsx out/phuong-bac-gia-nghia-2026.xlsx

# LibreOffice recalculates the scored workbook and prints every workbook to PDF in the tests; poppler-utils reads
# the pages back; Carlito stands in for Calibri. Installed here when missing and we are root (as on CI).
PRINT_TOOLS := libreoffice-calc-nogui poppler-utils fonts-crosextra-carlito
print-tools:
	@{ command -v soffice && command -v pdftoppm && ls /usr/share/fonts/truetype/crosextra/Carlito-Regular.ttf; } >/dev/null 2>&1 || { \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing $(PRINT_TOOLS) for the recalculation and rendered-page tests"; \
		apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(PRINT_TOOLS) >/dev/null; \
	else echo "$(PRINT_TOOLS) not installed: the recalculation and rendered-page tests will be skipped"; fi; }

# Chromium and its driver for the browser test of compliance serve; installed the same way.
browser:
	@{ command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; } || { if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing Chromium and its driver (chromium, chromium-driver) for the browser test of compliance serve"; \
		apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null; \
	else echo "Chromium is not installed: the browser test will be skipped"; fi; }

test: $(SPARK_STAMP) print-tools browser
	$(BIN)/python -m pytest

# The README's pictures (docs/img/): the scored workbook's first page, the council's ranking chart and the web page.
pictures: $(STAMP) print-tools browser
	$(BIN)/python docs/pictures.py
	COMPLIANCE_SCREENSHOT=docs/img/web-scorecard.png $(BIN)/python -m pytest -q tests/test_web_browser.py -k seed_form

# The local web page (docs/web.md): http://127.0.0.1:8000/ ; ARGS="--db rounds.sqlite" keeps the rounds.
serve: $(STAMP)
	$(BIN)/compliance serve $(ARGS)

# The Vietnamese catalogue refreshed from the code (new English texts added empty, changed ones fuzzy):
# fill in their msgstr in compliance/i18n/locale/vi/LC_MESSAGES/compliance.po; tests/test_i18n.py checks it.
messages: $(STAMP)
	$(BIN)/pybabel extract -F compliance/i18n/babel.cfg --no-location \
		--sort-output -o .messages.pot compliance
	$(BIN)/pybabel update -i .messages.pot -d compliance/i18n/locale -D compliance -l vi --no-wrap --ignore-obsolete
	@sed -i '/^"POT-Creation-Date: /d' compliance/i18n/locale/vi/LC_MESSAGES/compliance.po  # a date in every change conflicts
	$(BIN)/python -c 'from compliance.i18n.catalogue import compile_mo; compile_mo()'
	@rm -f .messages.pot

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) out .pytest_cache
