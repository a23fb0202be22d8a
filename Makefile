# Every target creates its own virtualenv (.venv) on first use; Python 3.10+ only.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
SAMPLE ?= corpus/reports/003_66e78293cd0851a8.txt

.PHONY: install demo test bench bench-claims train evaluate clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $@

install: $(VENV)/.installed

demo: install
	$(VENV)/bin/classify $(SAMPLE) --format table

# Headless Chromium for the HTML and PDF tests, with a Chinese font so that the PDF it prints has
# Chinese text (without one the glyphs have no Unicode): installed when we may (root, apt), else
# those tests skip.
chromium:
	@{ command -v chromium >/dev/null 2>&1 && fc-list :lang=zh 2>/dev/null | grep -q .; } || \
	  { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-zenhei >/dev/null) || \
	  echo "chromium or a Chinese font not installed: the browser and PDF tests will be skipped"; }

test: install chromium
	$(PY) -m pytest

bench: install
	$(PY) bench/run.py

# Claims extractor speed, and precision/recall beside jionlp when /tmp/jionlp-venv exists.
bench-claims: install
	$(PY) bench/bench_claims.py

train: install
	$(VENV)/bin/jixiao train --data corpus/labelled --data ../shared/corpus/shenzhen_targets/indicators.csv --out models/default --force

evaluate: install
	$(VENV)/bin/jixiao evaluate --data corpus/labelled --data ../shared/corpus/shenzhen_targets/indicators.csv

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis build *.egg-info
