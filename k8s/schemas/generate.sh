#!/usr/bin/env bash
# Regenerates the JSON Schemas in this folder (see README.md). Needs Node.js 20+ and npm; runs
# `npm install` of the pinned packages below in a temporary folder, from the npm registry that
# npm is configured with. The Maven build never runs this: it reads the committed *.json files.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
npm init -y >/dev/null
npm install --loglevel=error --no-audit --no-fund --ignore-scripts \
  kubernetes-models@5.1.0 \
  @kubernetes-models/keda@2.0.0 \
  @kubernetes-models/cloudnative-pg@2.0.0 \
  @kubernetes-models/gateway-api@2.0.0 \
  @kubernetes-models/prometheus-operator@6.0.0 \
  typescript-json-schema@0.68.0 \
  typescript@5.9.3 >/dev/null
cp "$here/generate.mjs" "$work/"
node generate.mjs "$work" "$here"
