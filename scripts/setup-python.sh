#!/usr/bin/env bash
# Installs the reference Python SDK (kfp, pinned) into ./.venv for the compatibility tests and benchmarks.
# Idempotent: does nothing when the pinned version is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
KFP_VERSION="2.17.3"
# kfp-kubernetes is versioned with kfp; its twins in test/compat/kubernetes need it.
KFP_KUBERNETES_VERSION="2.17.3"
if [ -x .venv/bin/python ] && .venv/bin/python -c "import kfp, kfp.kubernetes, importlib.metadata as m, sys; sys.exit(kfp.__version__ != '$KFP_VERSION' or m.version('kfp-kubernetes') != '$KFP_KUBERNETES_VERSION')" 2>/dev/null; then
  exit 0
fi
echo "Installing the reference SDK kfp==$KFP_VERSION (and kfp-kubernetes) into .venv …" >&2
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check "kfp==$KFP_VERSION" "kfp-kubernetes==$KFP_KUBERNETES_VERSION"
