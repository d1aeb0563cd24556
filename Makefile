# Set-up, tests, demo and packaging of the territorial health plugin.
# Every target installs what it needs on a fresh Debian 12 machine (run as root).

SHELL := /bin/bash
PYTHON := /usr/bin/python3
VENV := .venv
VENV_PYTHON := $(VENV)/bin/python
PLUGIN := territorial_health_plugin
ZIP := dist/$(PLUGIN).zip
QM := resources/i18n/territorial_health_fr.qm
DEMO_TERRITORY := epci:200093201
QGIS_PROFILE ?= $(HOME)/.local/share/QGIS/QGIS3/profiles/default
APT_PACKAGES := python3-qgis qgis-providers qgis python3-pandas python3-openpyxl python3-requests \
	qttools5-dev-tools xvfb xauth poppler-utils python3-venv python3-pip python3-cryptography python3-gdal \
	fonts-dejavu-core unzip

export QT_QPA_PLATFORM ?= offscreen

.PHONY: setup translations test demo package deploy lint bench clean

setup: $(VENV)/.setup-done

$(VENV)/.setup-done: requirements-dev.txt scripts/install_system_packages.sh Makefile
	scripts/install_system_packages.sh $(APT_PACKAGES)
	$(PYTHON) -m venv --system-site-packages $(VENV)
	$(VENV_PYTHON) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

translations: setup
	$(VENV_PYTHON) scripts/update_translations.py --compile

$(QM): $(wildcard resources/i18n/fr/*.ts) | setup
	$(VENV_PYTHON) scripts/update_translations.py --compile

test: setup $(QM)
	$(VENV_PYTHON) -m pytest

demo: setup $(QM)
	rm -rf demo-output
	$(VENV_PYTHON) -m $(PLUGIN) diagnose --territory $(DEMO_TERRITORY) --source sample --atlas --output demo-output

package: setup $(QM)
	$(VENV_PYTHON) scripts/build_zip.py $(ZIP)

deploy: package
	mkdir -p "$(QGIS_PROFILE)/python/plugins"
	rm -rf "$(QGIS_PROFILE)/python/plugins/$(PLUGIN)"
	unzip -q -o $(ZIP) -d "$(QGIS_PROFILE)/python/plugins"
	@echo "Installed into $(QGIS_PROFILE)/python/plugins/$(PLUGIN)"

lint: setup
	$(VENV)/bin/ruff check $(PLUGIN) tests scripts
	$(VENV_PYTHON) scripts/update_translations.py --check

bench: setup $(QM)
	$(VENV_PYTHON) scripts/bench.py $(ARGS)

clean:
	rm -rf dist build demo-output bench-output .pytest_cache .ruff_cache $(QM)
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
