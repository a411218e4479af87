# Every target sets up .venv on first use, so a fresh clone needs nothing but Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint eval learn bench clean

# Python 3.11 or newer, said in French before pip says it in English; a .venv made earlier by an older Python (the
# first try, before installing a newer one) is made again, or every later target would fail the same way.
IS_RECENT := -c 'import sys; sys.exit(sys.version_info < (3, 11))'

$(STAMP): pyproject.toml
	@$(BIN)/python $(IS_RECENT) 2>/dev/null || { \
		$(PYTHON) $(IS_RECENT) 2>/dev/null || { echo "Il faut Python 3.11 ou plus récent (« $(PYTHON) » :" \
		"$$(command -v $(PYTHON) >/dev/null && $(PYTHON) --version 2>&1 | head -n 1 || echo introuvable))." \
		"Installez-en un, puis relancez avec son nom, par exemple : make run PYTHON=python3.12" >&2; exit 2; }; \
		rm -rf $(VENV) && $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/vae-assistant

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check vae_assistant tests benchmarks examples

# The development corpus sits beside the project (../shared); a clone made elsewhere measures the others and says so.
DEV_CORPUS := ../shared/eval/dev.jsonl

eval: $(STAMP)
	@test -f $(DEV_CORPUS) || echo "Remarque : $(DEV_CORPUS) est absent (le dossier shared/ à côté du projet) :" \
		"le corpus de développement n'est pas mesuré, seulement ceux de tests/data/." >&2
	$(BIN)/python -m vae_assistant.matching.evaluate $(wildcard $(DEV_CORPUS)) tests/data/matching_stories.jsonl \
		$(shell ls tests/data/matching_validation*.jsonl | sort -V)

# The word weights of CASP, learnt again from every labelled corpus of tests/data (each left out in turn first, to say
# what they are worth on texts they never saw); the development corpus is only measured. Needs scikit-learn.
learn: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,learn]'
	$(BIN)/python -m vae_assistant.matching.learn --cross $(shell ls tests/data/matching_validation*.jsonl | sort -V) \
		$(if $(wildcard $(DEV_CORPUS)),--check $(DEV_CORPUS))

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache
