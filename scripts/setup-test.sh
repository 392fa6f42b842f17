#!/usr/bin/env bash
# Installs what the test suite needs beyond Node: Debian Python packages (nova and its test
# dependencies, fixtures, testtools, the mock backport...), PostgreSQL, nova's api-paste.ini, and a venv
# (.venv-test/) from the python3 on PATH with pytest plugins from the local wheel index.
# Idempotent and quick when everything is present; never reads stdin (works with CI=true).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export DEBIAN_FRONTEND=noninteractive

# Debian packages for /usr/bin/python3 (the scenarios that need fixtures/testtools/mock, the nova test).
apt_packages=(
  python3-pytest python3-pytest-xdist python3-fixtures python3-testtools python3-eventlet
  python3-mock python3-stestr python3-gevent chromium python3-nova python3-oslotest
  python3-testscenarios python3-ddt python3-requests-mock python3-wsgi-intercept python3-placement
  # The history tests start throwaway PostgreSQL servers from its binaries (test/helpers/postgres.mjs).
  postgresql
)
# Local wheel index: PyPI itself is not reachable from the test machines.
wheel_index="file:///opt/pypi/simple"
venv_packages=(pytest pytest-xdist pytest-mock tornado)
# Not every wheel index carries the mock backport; /usr/bin/python3 has it from python3-mock.
venv_optional_packages=(mock)
nova_paste_ini="/usr/lib/python3/dist-packages/etc/nova/api-paste.ini"
venv="$repo/.venv-test"

say() { printf 'setup-test: %s\n' "$*"; }

sudo_if_needed() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -n "$@"; fi
}

missing_apt_packages() {
  local pkg
  for pkg in "${apt_packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q '^install ok installed$'; then
      printf '%s\n' "$pkg"
    fi
  done
}

install_apt_packages() {
  local missing
  mapfile -t missing < <(missing_apt_packages)
  if [ "${#missing[@]}" -eq 0 ]; then
    say "apt packages already installed"
    return
  fi
  say "installing apt packages: ${missing[*]}"
  sudo_if_needed apt-get update -q </dev/null
  sudo_if_needed apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null
}

install_nova_paste_ini() {
  if [ -f "$nova_paste_ini" ]; then
    say "nova api-paste.ini already present"
    return
  fi
  say "extracting api-paste.ini from the nova-common package"
  local tmp
  tmp="$(mktemp -d)"
  (
    cd "$tmp"
    apt-get download nova-common </dev/null
    dpkg-deb -x nova-common_*.deb extracted
  )
  sudo_if_needed mkdir -p "$(dirname "$nova_paste_ini")"
  sudo_if_needed cp "$tmp/extracted/usr/share/nova-common/api-paste.ini" "$nova_paste_ini"
  rm -rf "$tmp"
}

venv_has() {
  "$venv/bin/python" -c 'import sys, importlib.util as u; sys.exit(0 if all(u.find_spec(m) for m in sys.argv[1:]) else 1)' "$@"
}

install_venv() {
  # Import names of venv_packages, to check for them without running pip.
  local modules=(pytest xdist pytest_mock tornado)
  if [ -x "$venv/bin/python" ] && venv_has "${modules[@]}"; then
    say "venv .venv-test already has ${venv_packages[*]}"
  else
    say "creating venv .venv-test with ${venv_packages[*]}"
    python3 -m venv "$venv"
    "$venv/bin/python" -m pip install -q --disable-pip-version-check --index-url "$wheel_index" \
      "${venv_packages[@]}" </dev/null
  fi
  if ! venv_has mock; then
    if ! "$venv/bin/python" -m pip install -q --disable-pip-version-check --index-url "$wheel_index" \
      "${venv_optional_packages[@]}" </dev/null >/dev/null 2>&1; then
      say "note: ${venv_optional_packages[*]} not in $wheel_index; the mock-backport scenario uses /usr/bin/python3 (python3-mock)"
    fi
  fi
}

# Every Python the README says is supported runs the shim's tests, scenarios and the differential
# (test/helpers/pythons.mjs): pyenv's builds, which need python.org, so they are checked, not installed.
supported_pythons=(3.8 3.9 3.10 3.11 3.12 3.13)
check_pythons() {
  local version found missing=()
  for version in "${supported_pythons[@]}"; do
    found="$(ls -d "${PYENV_ROOT:-$HOME/.pyenv}/versions/$version".*/bin/python3 2>/dev/null | sort -V | tail -n 1 || true)"
    if [ -n "$found" ]; then say "Python $version: $found"; else missing+=("$version"); fi
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    say "missing Python ${missing[*]} (pyenv install <version>): their tests are skipped locally and fail under CI"
  fi
}

install_apt_packages
install_nova_paste_ini
install_venv
check_pythons
say "done"
