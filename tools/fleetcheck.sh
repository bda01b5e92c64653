#!/usr/bin/env bash
# The fleet path, for real, in a booted Debian 12 (systemd-nspawn -b, as tools/bootcheck.sh):
#   1. a signed apt repository (tools/apt-repo.sh) with the PREVIOUS version of the kiosk;
#      `apt-get install clinic-kiosk` from it: the service runs that version;
#   2. local state a kiosk gathers: a changed config.yaml (a conffile), usage counts, a signed
#      content pack installed in the store;
#   3. this version added to the repository, `apt-get upgrade`: the config is kept byte for byte,
#      the service is restarted and runs this version, the store and the usage counts are kept;
#   4. the package purged, the repository forgotten (a machine new to the fleet); the Ansible role
#      (packaging/ansible) over ssh, as IT runs it: it adds the repository and its key, installs
#      the kiosk, writes config.yaml from variables (the PIN hash from an Ansible Vault file, the
#      pack key), drops a signed pack into the inbox and restarts the service; a second run
#      changes nothing.
#
#   sudo bash tools/fleetcheck.sh [dist/clinic-kiosk_<version>_amd64.deb]
#
# The previous version is the .deb built from commit PREV_COMMIT (the state before the version
# was bumped to 0.2.0), built once with tools/build.sh from `git archive` of that commit and
# cached as /var/cache/clinic-kiosk-cleanroom/prev-<commit>.deb (about 2.5 minutes the first time).
# Needs root; the host tools come from `SETUP_TEST_TOOLS=1 bash tools/setup.sh` (apt-utils, gnupg,
# openssh-client, systemd-container, mmdebstrap); ansible-core comes from PyPI into its own venv,
# cached beside the roots. Prints each phase's time.
set -euo pipefail
HERE=$(cd "$(dirname "$0")/.." && pwd)
cd "$HERE"
PREV_COMMIT=68919bb
ANSIBLE_CORE=2.19.14
CACHE=${KIOSK_CLEANROOM_CACHE:-/var/cache/clinic-kiosk-cleanroom}
DEB=$(readlink -f "${1:-$(ls dist/clinic-kiosk_*_"$(dpkg --print-architecture)".deb 2>/dev/null | head -1)}")
START=$SECONDS
TIMINGS=()
phase() { PHASE=$1; PHASE_START=$SECONDS; printf '\n== fleetcheck: %s\n' "$1"; }
phase_done() { TIMINGS+=("$(printf '%-52s %4ss' "$PHASE" "$((SECONDS - PHASE_START))")"); }
say() { echo "fleetcheck: $*"; }
PASSED=0
ok() { PASSED=$((PASSED + 1)); echo "fleetcheck: ok: $*"; }
fail() {
  echo "fleetcheck: FAILED: $*" >&2
  if [ -n "${PORT:-}" ]; then
    in_root 'systemctl status --no-pager clinic-kiosk; journalctl -b --no-pager -u clinic-kiosk | tail -40' >&2 2>&1 || true
  fi
  printf 'fleetcheck: %s passed, 1 failed\n' "$PASSED"
  exit 1
}

[ "$(id -u)" -eq 0 ] || fail "run it as root"
[ -f "$DEB" ] || fail "no .deb: bash tools/build.sh first, or name one"
NEW_VERSION=$(dpkg-deb --field "$DEB" Version)
for tool in apt-ftparchive gpg ssh ssh-keygen systemd-nspawn; do
  command -v "$tool" >/dev/null || fail "$tool is missing: SETUP_TEST_TOOLS=1 bash tools/setup.sh installs it"
done

WORK=$(mktemp -d /var/tmp/kiosk-fleetcheck.XXXXXX)
R="$WORK/root"
NSPAWN_PID=""
cleanup() {
  if [ -n "$NSPAWN_PID" ] && kill -0 "$NSPAWN_PID" 2>/dev/null; then
    in_root 'systemctl poweroff' >/dev/null 2>&1 || true
    for _ in $(seq 20); do kill -0 "$NSPAWN_PID" 2>/dev/null || break; sleep 0.5; done
    kill "$NSPAWN_PID" 2>/dev/null || true
    wait "$NSPAWN_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
PORT=""
SSH_OPTS=()
in_root() { ssh "${SSH_OPTS[@]}" root@127.0.0.1 "$@"; }

# --- the previous version ---------------------------------------------------------------------
phase "previous version (commit $PREV_COMMIT)"
PREV_DEB="$CACHE/prev-$PREV_COMMIT.deb"
if [ ! -f "$PREV_DEB" ]; then
  say "building the .deb of commit $PREV_COMMIT (once; cached as $PREV_DEB)"
  git cat-file -e "$PREV_COMMIT^{commit}" 2>/dev/null || fail "commit $PREV_COMMIT is not in this clone (a shallow clone?)"
  mkdir -p "$WORK/prev"
  git archive "$PREV_COMMIT" | tar -x -C "$WORK/prev"
  (cd "$WORK/prev" && bash tools/build.sh > "$WORK/prev-build.log" 2>&1) \
    || { tail -30 "$WORK/prev-build.log" >&2; fail "tools/build.sh at $PREV_COMMIT"; }
  mkdir -p "$CACHE"
  cp "$WORK/prev"/dist/clinic-kiosk_*.deb "$PREV_DEB.new" && mv "$PREV_DEB.new" "$PREV_DEB"
  rm -rf "$WORK/prev"
  say "built the previous version in $((SECONDS - PHASE_START))s"
fi
PREV_VERSION=$(dpkg-deb --field "$PREV_DEB" Version)
dpkg --compare-versions "$NEW_VERSION" gt "$PREV_VERSION" \
  || fail "this .deb ($NEW_VERSION) is not newer than the previous version ($PREV_VERSION): bump kiosk/__init__.py"
ok "previous version $PREV_VERSION (commit $PREV_COMMIT), this version $NEW_VERSION"
phase_done

# --- the signed repository, the root, the test's keys and packs ----------------------------------
phase "signed repository, root, keys, a signed pack"
REPO="$WORK/repo" KEY="$WORK/clinic-kiosk-archive-keyring.gpg" GNUPG="$WORK/gnupg"
bash tools/apt-repo.sh --repo "$REPO" --key "$KEY" --gnupghome "$GNUPG" "$PREV_DEB" | tail -1
# A root with sshd (IT reaches a kiosk over ssh: so does Ansible here) and Python (Ansible's
# modules), cached as its own tarball beside the booted root it is made from.
BASE="$CACHE/bookworm-systemd.tar"
bash tools/systemd-root.sh "$BASE" || fail "no Debian root with systemd"  # (the one tools/bootcheck.sh boots)
SSH_TAR="$CACHE/fleet-bookworm-ssh.tar"
if [ ! -f "$SSH_TAR" ] || [ "$BASE" -nt "$SSH_TAR" ] || [ -n "$(find "$SSH_TAR" -mtime +6)" ]; then
  say "adding openssh-server, python3 and python3-apt to the booted root (once; cached as $SSH_TAR)"
  mkdir -p "$R"
  tar -C "$R" -xf "$BASE"
  systemd-nspawn -q --register=no --keep-unit -D "$R" --pipe sh -c 'apt-get update -qq && \
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends openssh-server python3 python3-apt \
    >/root/apt.log 2>&1 || { tail -20 /root/apt.log; exit 1; }; apt-get clean' 2> >(grep -v propagate >&2) \
    || fail "could not add sshd and Python to the root"
  tmp=$(mktemp "$SSH_TAR.XXXXXX") && chmod 0644 "$tmp"
  tar -C "$R" -cf "$tmp" . && mv "$tmp" "$SSH_TAR"
  rm -rf "$R"
fi
mkdir -p "$R"
tar -C "$R" -xf "$SSH_TAR"
# This run's host key and login key; sshd on a free port of the host's network (a container
# without --private-network shares it), on the loopback address only.
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
rm -f "$R"/etc/ssh/ssh_host_*
ssh-keygen -q -t ed25519 -N '' -C fleetcheck-host -f "$R/etc/ssh/ssh_host_ed25519_key"
ssh-keygen -q -t ed25519 -N '' -C fleetcheck -f "$WORK/id_ed25519"
install -d -m 0700 "$R/root/.ssh"
install -m 0600 "$WORK/id_ed25519.pub" "$R/root/.ssh/authorized_keys"
cat > "$R/etc/ssh/sshd_config.d/fleetcheck.conf" <<EOF
Port $PORT
ListenAddress 127.0.0.1
HostKey /etc/ssh/ssh_host_ed25519_key
PermitRootLogin prohibit-password
PasswordAuthentication no
EOF
echo "[127.0.0.1]:$PORT $(cut -d' ' -f1,2 "$R/etc/ssh/ssh_host_ed25519_key.pub")" > "$WORK/known_hosts"
SSH_OPTS=(-p "$PORT" -i "$WORK/id_ed25519" -o UserKnownHostsFile="$WORK/known_hosts" -o StrictHostKeyChecking=yes
          -o BatchMode=yes -o ConnectTimeout=5 -o LogLevel=ERROR)
mkdir -p "$R/srv/kiosk-repo"
# The kiosk's service in a container: cage on the headless backend, as tools/bootcheck.sh does.
install -D -m 0644 "$HERE/tools/container-headless.conf" "$R/etc/systemd/system/clinic-kiosk.service.d/headless.conf"
# A content-pack signing key and a signed pack, made with this version's kiosk command (--draft:
# the bundled content is not yet clinically approved; a draft pack installs, marked as a draft).
KIOSK=(.venv/bin/python -m kiosk)
[ -x .venv/bin/python ] || fail "no .venv here: bash tools/build.sh first"
"${KIOSK[@]}" keygen "$WORK/pack.key" "$WORK/pack.pub" >/dev/null || fail "kiosk keygen"
PACK_PUBLIC=$(tr -d '\n' < "$WORK/pack.pub")
PACK_VERSION=$(sed -n 's/^version: "\(.*\)"$/\1/p' content/pack.yaml)
QT_QPA_PLATFORM=offscreen "${KIOSK[@]}" pack content "$WORK/spine-fbss-$PACK_VERSION.zip" --signed-off-by "Fleet check" \
  --key "$WORK/pack.key" --draft >"$WORK/pack.log" 2>&1 || { cat "$WORK/pack.log"; fail "kiosk pack"; }
# The pack the previous version installs is made from the previous version's own content: a
# newer pack may use what only the newer kiosk knows (teach-back questions), and the older
# kiosk rightly refuses it.
mkdir -p "$WORK/prevcontent"
git archive "$PREV_COMMIT" content | tar -x -C "$WORK/prevcontent" || fail "git archive $PREV_COMMIT content"
OLD_PACK_VERSION=$(sed -n 's/^version: "\(.*\)"$/\1/p' "$WORK/prevcontent/content/pack.yaml")
QT_QPA_PLATFORM=offscreen "${KIOSK[@]}" pack "$WORK/prevcontent/content" "$WORK/prevcontent/spine-fbss-$OLD_PACK_VERSION.zip" \
  --signed-off-by "Fleet check" --key "$WORK/pack.key" --draft >"$WORK/pack.log" 2>&1 || { cat "$WORK/pack.log"; fail "kiosk pack (previous content)"; }
install -D -m 0644 "$WORK/prevcontent/spine-fbss-$OLD_PACK_VERSION.zip" "$R/srv/fleetcheck/prev/spine-fbss-$OLD_PACK_VERSION.zip"
ok "signed repository with $PREV_VERSION, a root with sshd on 127.0.0.1:$PORT, a signed content pack"
phase_done

# --- boot --------------------------------------------------------------------------------------
phase "boot (systemd-nspawn -b)"
systemd-nspawn -q --register=no --keep-unit -b -D "$R" --bind-ro="$REPO:/srv/kiosk-repo" \
  >"$WORK/console.log" 2>&1 </dev/null &
NSPAWN_PID=$!
for _ in $(seq 60); do
  if in_root true 2>/dev/null; then break; fi
  kill -0 "$NSPAWN_PID" 2>/dev/null || fail "the container stopped: $(tail -5 "$WORK/console.log")"
  sleep 0.5
done
state=$(in_root 'systemctl is-system-running --wait' 2>/dev/null || true)
[ "$state" = running ] || [ "$state" = degraded ] || fail "the booted root is '$state'"
ok "booted ($state), ssh answers"
phase_done

# --- install the previous version from the repository ---------------------------------------------
phase "apt-get install clinic-kiosk ($PREV_VERSION)"
KEY_IN=/etc/apt/keyrings/clinic-kiosk.gpg
in_root "install -d -m 0755 /etc/apt/keyrings && cat > $KEY_IN" < "$KEY"
in_root "echo 'deb [signed-by=$KEY_IN] file:/srv/kiosk-repo ./' > /etc/apt/sources.list.d/clinic-kiosk.list"
APT_ENV="DEBIAN_FRONTEND=noninteractive"
in_root "apt-get update -qq >/root/update.log 2>&1 || { cat /root/update.log; exit 1; }; \
  if grep -iE '^(W|E):' /root/update.log; then exit 1; fi; \
  $APT_ENV apt-get install -y -qq --no-install-recommends clinic-kiosk >/root/apt.log 2>&1 || { tail -20 /root/apt.log; exit 1; }" \
  || fail "apt-get install clinic-kiosk from the signed repository"
wait_active() {  # the service active with a kiosk that has said READY=1 (Type=notify)
  for _ in $(seq 60); do
    [ "$(in_root 'systemctl is-active clinic-kiosk' 2>/dev/null)" = active ] && return 0
    sleep 1
  done
  return 1
}
wait_active || fail "clinic-kiosk.service is not active after the install"
got=$(in_root 'kiosk --version' | head -1)
[ "$got" = "kiosk $PREV_VERSION" ] || fail "kiosk --version says '$got', not $PREV_VERSION"
ok "installed from the signed repository: service active, $got"
# A repository that is not signed by the key refuses: apt is really checking the signature.
in_root "cp $KEY_IN /root/key.bak && head -c 100 /dev/urandom > $KEY_IN && \
  apt-get update -qq >/root/bad.log 2>&1; cp /root/key.bak $KEY_IN; grep -qiE 'NO_PUBKEY|not signed|invalid|signature' /root/bad.log" \
  || fail "apt accepted the repository with the wrong key"
ok "apt refuses the repository under another key"
phase_done

# --- the kiosk's own state ----------------------------------------------------------------------
phase "local state: changed config, usage counts, an installed pack"
DATA=/var/lib/clinic-kiosk/.local/share/clinic-kiosk
in_root "set -e
  install -d -o clinic-kiosk -g clinic-kiosk -m 0750 /var/lib/clinic-kiosk/store /var/lib/clinic-kiosk/inbox $DATA
  sed -i -e 's|^kiosk_name: .*|kiosk_name: \"Ward 3 east\"  # changed here (tools/fleetcheck.sh)|' \
    -e 's|^content_store: null|content_store: \"/var/lib/clinic-kiosk/store\"|' \
    -e 's|^content_inbox: null|content_inbox: \"/var/lib/clinic-kiosk/inbox\"|' \
    -e 's|^pack_public_key: null|pack_public_key: \"$PACK_PUBLIC\"|' /etc/clinic-kiosk/config.yaml
  [ \$(grep -cE '^(kiosk_name: .Ward|content_store: ./|content_inbox: ./|pack_public_key: .[^n])' /etc/clinic-kiosk/config.yaml) = 4 ]
  printf '%s' '{\"version\": 1, \"days\": {\"2026-11-30\": {\"topics_opened\": {\"laminectomy\": 4}, \"finished\": {\"laminectomy\": 2}, \"languages\": {\"en\": 3, \"es\": 1}, \"steps_viewed\": 31, \"idle_resets\": 3}}}' > $DATA/usage.json
  chown clinic-kiosk:clinic-kiosk $DATA/usage.json; chmod 0600 $DATA/usage.json
  runuser -u clinic-kiosk -- env HOME=/var/lib/clinic-kiosk QT_QPA_PLATFORM=offscreen kiosk install-pack /srv/fleetcheck/prev/spine-fbss-$OLD_PACK_VERSION.zip
  systemctl restart clinic-kiosk" || fail "could not put the local state in place"
wait_active || fail "clinic-kiosk.service is not active with the changed config"
# What an upgrade must keep: the config, the store's files, the usage counts. Not the packs'
# .kiosk-cache folders: the check results cached there are remade by each version of the kiosk.
snapshot() {
  in_root "cd /; sha256sum /etc/clinic-kiosk/config.yaml; stat -c '%U:%G %a %n' /etc/clinic-kiosk/config.yaml
    find /var/lib/clinic-kiosk/store -name .kiosk-cache -prune -o -type f -print | sort | xargs -r sha256sum
    runuser -u clinic-kiosk -- env HOME=/var/lib/clinic-kiosk kiosk usage --csv | grep 2026-11-30
    runuser -u clinic-kiosk -- env HOME=/var/lib/clinic-kiosk kiosk packs | grep -o 'spine-fbss.*$OLD_PACK_VERSION' | head -1"
}
snapshot > "$WORK/before.txt" || fail "could not read the local state"
grep -q "spine-fbss.*$OLD_PACK_VERSION" "$WORK/before.txt" || fail "the pack is not installed: $(cat "$WORK/before.txt")"
grep -q '^2026-11-30' "$WORK/before.txt" || fail "kiosk usage does not show the usage counts"
ok "config changed, usage counts and pack spine-fbss $OLD_PACK_VERSION in place ($(grep -c /store/ "$WORK/before.txt") files in the store)"
phase_done

# --- the upgrade ----------------------------------------------------------------------------------
phase "apt-get upgrade to $NEW_VERSION"
bash tools/apt-repo.sh --repo "$REPO" --key "$KEY" --gnupghome "$GNUPG" "$DEB" | tail -1
pid_before=$(in_root 'systemctl show -p MainPID --value clinic-kiosk')
# dpkg's default for a conffile the admin changed and the package did not: keep it, silently.
# If the package's own copy changed too, dpkg would ask: --force-confold keeps the admin's
# (unattended upgrades, and Ansible's apt module, use --force-confdef --force-confold).
in_root "apt-get update -qq >/root/update.log 2>&1 || { cat /root/update.log; exit 1; }
  $APT_ENV apt-get upgrade -y -q -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
    >/root/upgrade.log 2>&1 || { tail -20 /root/upgrade.log; exit 1; }
  grep -E '^(Inst|Setting up|Unpacking|Configuration file|.*conffile)' /root/upgrade.log | head -5" \
  || fail "apt-get upgrade"
wait_active || fail "clinic-kiosk.service is not active after the upgrade"
pid_after=$(in_root 'systemctl show -p MainPID --value clinic-kiosk')
[ "$pid_after" != "$pid_before" ] || fail "the service was not restarted by the upgrade (MainPID $pid_before)"
got=$(in_root 'kiosk --version' | head -1)
[ "$got" = "kiosk $NEW_VERSION" ] || fail "kiosk --version says '$got' after the upgrade"
in_root "dpkg-query -W -f='\${Version}' clinic-kiosk" | grep -qx "$NEW_VERSION" || fail "dpkg does not list $NEW_VERSION"
# The running kiosk is the new one: its log says so at start.
for _ in $(seq 20); do
  in_root "grep -q 'kiosk $NEW_VERSION starting' /var/log/clinic-kiosk/kiosk.log" && break
  sleep 1
done
in_root "grep -q 'kiosk $NEW_VERSION starting' /var/log/clinic-kiosk/kiosk.log" || fail "the running kiosk never logged 'kiosk $NEW_VERSION starting'"
ok "upgraded: the service restarted (MainPID $pid_before -> $pid_after) and runs $NEW_VERSION"
snapshot > "$WORK/after.txt" || fail "could not read the local state after the upgrade"
diff -u "$WORK/before.txt" "$WORK/after.txt" >&2 || fail "the upgrade changed the config, the store or the usage counts"
in_root '[ ! -e /etc/clinic-kiosk/config.yaml.dpkg-new ] && [ ! -e /etc/clinic-kiosk/config.yaml.dpkg-old ]' \
  || fail "dpkg left config.yaml.dpkg-new or .dpkg-old"
ok "config.yaml byte-identical, the store's files, the usage counts and the installed pack kept"
phase_done

# --- Ansible --------------------------------------------------------------------------------------
phase "Ansible role (ansible-core $ANSIBLE_CORE, over ssh)"
VENV="$CACHE/ansible-core-$ANSIBLE_CORE"
if [ ! -f "$VENV/.complete" ]; then
  say "ansible-core $ANSIBLE_CORE from PyPI into $VENV (once)"
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "ansible-core==$ANSIBLE_CORE" 2> >(grep -v 'is ignored' >&2) \
    || fail "pip install ansible-core==$ANSIBLE_CORE"
  touch "$VENV/.complete"
fi
A="$WORK/ansible"
cp -a packaging/ansible "$A"
cp "$KEY" "$A/clinic-kiosk-archive-keyring.gpg"
# The admin PIN's hash, as `kiosk set-pin` makes it, in an Ansible Vault file (the PIN itself
# never reaches Ansible).
PIN_HASH=$(.venv/bin/python -c 'from kiosk.core.pin import hash_pin; print(hash_pin("24681357"))')
head -c 32 /dev/urandom | base64 > "$WORK/vault-pass"
printf 'vault_clinic_kiosk_admin_pin_hash: "%s"\n' "$PIN_HASH" > "$A/group_vars/kiosks/vault.yml"
"$VENV/bin/ansible-vault" encrypt --vault-password-file "$WORK/vault-pass" "$A/group_vars/kiosks/vault.yml" \
  >"$WORK/vault.log" 2>&1 || { cat "$WORK/vault.log"; fail "ansible-vault encrypt"; }
head -1 "$A/group_vars/kiosks/vault.yml" | grep -q '^\$ANSIBLE_VAULT' || fail "the vault file is not encrypted"
cat > "$A/inventory.ini" <<EOF
[kiosks]
kiosk-under-test ansible_host=127.0.0.1 ansible_port=$PORT ansible_user=root
[kiosks:vars]
ansible_python_interpreter=/usr/bin/python3
ansible_ssh_private_key_file=$WORK/id_ed25519
ansible_ssh_common_args=-o UserKnownHostsFile=$WORK/known_hosts -o StrictHostKeyChecking=yes
EOF
cp "$WORK/spine-fbss-$PACK_VERSION.zip" "$A/"
cat > "$A/fleetcheck-vars.yml" <<EOF
clinic_kiosk_repo_url: "file:/srv/kiosk-repo"
clinic_kiosk_repo_key_file: "$A/clinic-kiosk-archive-keyring.gpg"
clinic_kiosk_pack_public_key: "$PACK_PUBLIC"
clinic_kiosk_packs: ["$A/spine-fbss-$PACK_VERSION.zip"]
clinic_kiosk_install_recommends: false  # read-aloud's packages: not needed for this test
clinic_kiosk_config:
  languages: [en, es]
  nightly_restart: "03:30"
  heartbeat_seconds: 30
EOF
export ANSIBLE_CONFIG="$A/ansible.cfg"
cat > "$ANSIBLE_CONFIG" <<EOF
[defaults]
roles_path = $A/roles
interpreter_python = /usr/bin/python3
retry_files_enabled = false
stdout_callback = default
[ssh_connection]
pipelining = true
EOF
PLAY=("$VENV/bin/ansible-playbook" -i "$A/inventory.ini" "$A/playbook.yml" -e "@$A/fleetcheck-vars.yml"
      --vault-password-file "$WORK/vault-pass")
"${PLAY[@]}" --syntax-check >"$WORK/syntax.log" 2>&1 || { cat "$WORK/syntax.log"; fail "ansible-playbook --syntax-check"; }
ok "ansible-playbook --syntax-check"
recap() { sed -n 's/^kiosk-under-test *: //p' "$1"; }
# A machine without the kiosk, as the role meets a new one: purge the package, forget the
# repository and its key (apt's cache keeps the libraries, which only saves downloading them).
in_root "$APT_ENV apt-get purge -y -qq clinic-kiosk >/root/purge.log 2>&1 && \
  rm -f /etc/apt/sources.list.d/clinic-kiosk.list $KEY_IN && apt-get update -qq && \
  ! dpkg-query -W -f='\${Status}' clinic-kiosk 2>/dev/null | grep -q 'ok installed' && [ ! -e /etc/clinic-kiosk ]" \
  || fail "could not purge the kiosk before the Ansible run"
pid_before=$(in_root 'systemctl show -p MainPID --value clinic-kiosk')
"${PLAY[@]}" > "$WORK/ansible1.log" 2>&1 || { tail -40 "$WORK/ansible1.log"; fail "the first ansible-playbook run"; }
say "first run: $(recap "$WORK/ansible1.log")"
recap "$WORK/ansible1.log" | grep -q 'failed=0' || fail "the first run failed somewhere"
wait_active || fail "clinic-kiosk.service is not active after the first run"
pid_after=$(in_root 'systemctl show -p MainPID --value clinic-kiosk')
[ "$pid_after" != "$pid_before" ] || fail "the config changed but the service was not restarted"
in_root "grep -qx 'admin_pin_hash: \"$PIN_HASH\"' /etc/clinic-kiosk/config.yaml && \
  grep -qx 'kiosk_name: \"kiosk-under-test\"' /etc/clinic-kiosk/config.yaml && \
  grep -qE '^nightly_restart: .?03:30.?$' /etc/clinic-kiosk/config.yaml && \
  [ \"\$(stat -c '%U:%G %a' /etc/clinic-kiosk/config.yaml)\" = 'root:clinic-kiosk 640' ]" \
  || fail "config.yaml is not what the variables say: $(in_root 'grep -v admin_pin /etc/clinic-kiosk/config.yaml')"
# The kiosk itself reads the config the role wrote without a problem.
in_root "runuser -u clinic-kiosk -- env HOME=/var/lib/clinic-kiosk QT_QPA_PLATFORM=offscreen kiosk self-test" \
  > "$WORK/selftest.txt" 2>&1 || true
if grep -E '^(FAIL|WARN) +(config|admin PIN|content packs|content inbox|content store):' "$WORK/selftest.txt" >&2; then
  fail "kiosk self-test (as the kiosk's user) finds a problem in the config the role wrote"
fi
grep -qE '^PASS +admin PIN' "$WORK/selftest.txt" || fail "kiosk self-test does not accept the PIN hash from the vault: $(grep 'admin PIN' "$WORK/selftest.txt")"
# The kiosk takes it in between patients (after a minute of the attract screen): it is in the
# inbox, or already in processing/, installed/ or rejected/ (not newer than the installed pack).
in_root "find /var/lib/clinic-kiosk/inbox -name 'spine-fbss-$PACK_VERSION.zip'" | grep -q . \
  || { grep -A4 'Drop new' "$WORK/ansible1.log" >&2; in_root 'find /var/lib/clinic-kiosk/inbox' >&2; fail "the role did not drop the pack into the inbox"; }
in_root "dpkg-query -W -f='\${Version}' clinic-kiosk" | grep -qx "$NEW_VERSION" || fail "the role did not install $NEW_VERSION"
ok "first run: installed $NEW_VERSION from the signed repository, config from the variables (PIN hash from the vault), service restarted, pack dropped into the inbox"
"${PLAY[@]}" > "$WORK/ansible2.log" 2>&1 || { tail -40 "$WORK/ansible2.log"; fail "the second ansible-playbook run"; }
say "second run: $(recap "$WORK/ansible2.log")"
recap "$WORK/ansible2.log" | grep -q 'changed=0 .*failed=0' \
  || { grep -B2 -A3 '^changed:' "$WORK/ansible2.log" >&2; fail "the second run changed something"; }
[ "$(in_root 'systemctl show -p MainPID --value clinic-kiosk')" = "$pid_after" ] || fail "the second run restarted the service"
ok "second run: changed=0, no restart"
phase_done

printf '\n== fleetcheck: timings\n'
printf '  %s\n' "${TIMINGS[@]}"
printf '  %-52s %4ss\n' "total" "$((SECONDS - START))"
printf 'fleetcheck: %s passed, 0 failed\n' "$PASSED"
