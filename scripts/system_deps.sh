#!/usr/bin/env bash
# Make sure the Debian packages the portal needs are present: install them when running as root,
# otherwise name them and stop. Usage: scripts/system_deps.sh run|test
set -euo pipefail
mode=${1:-run}
# pango: WeasyPrint; fonts-noto-cjk: Japanese in PDFs and screenshots; gettext: compilemessages;
# chromium + docker-compose (config validation only) + poppler-utils: the test suite.
pkgs=(libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk gettext)
if [ "$mode" = test ]; then
  pkgs+=(chromium docker-compose poppler-utils)
fi
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo ">> installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "!! Missing system packages: ${missing[*]}" >&2
  echo "!! Install them with: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
