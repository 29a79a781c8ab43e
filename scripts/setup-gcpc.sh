#!/usr/bin/env bash
# Installs the Google Cloud Pipeline Components (pinned, with the pinned kfp) into ./.venv-gcpc: the real-world
# corpus the `kfp-ts import` tests read. A venv of its own keeps google-cloud-aiplatform out of ./.venv.
# Idempotent: does nothing when the pinned versions are already there.
set -euo pipefail
cd "$(dirname "$0")/.."
KFP_VERSION="2.17.3"
GCPC_VERSION="2.22.0"
if [ -x .venv-gcpc/bin/python ] && .venv-gcpc/bin/python -c "
import sys, kfp, google_cloud_pipeline_components as g
sys.exit(kfp.__version__ != '$KFP_VERSION' or g.__version__ != '$GCPC_VERSION')" 2>/dev/null; then
  exit 0
fi
echo "Installing google-cloud-pipeline-components==$GCPC_VERSION with kfp==$KFP_VERSION into .venv-gcpc …" >&2
python3 -m venv .venv-gcpc
.venv-gcpc/bin/python -m pip install --quiet --disable-pip-version-check "kfp==$KFP_VERSION" "google-cloud-pipeline-components==$GCPC_VERSION"
