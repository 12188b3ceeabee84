#!/usr/bin/env bash
# Installs Faultline's build, run and test dependencies from Debian 12's packages.
# Idempotent: prints nothing and touches nothing when everything is already installed.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  qt6-base-dev qt6-base-dev-tools libqt6sql6-sqlite libqt6svg6 qt6-qpa-plugins
  libgl-dev
  libtorch-dev
  libfaiss-dev          # its CMake package links OpenMP: libgomp with gcc, libomp-dev (below) with clang
  libopencv-dev
  libsvm-dev
  libqcustomplot-dev libqcustomplot2.1-qt6
  libopenblas0-pthread
  dataset-fashion-mnist
  sqlite3 xvfb xauth
  poppler-utils
  clang libclang-rt-14-dev libomp-dev
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "faultline: installing ${#missing[@]} Debian packages: ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
