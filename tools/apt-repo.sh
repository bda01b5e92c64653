#!/usr/bin/env bash
# A signed apt repository for the kiosk fleet, made from one or more .deb files with apt's own
# tools: apt-ftparchive (package apt-utils) writes Packages and Release, gpg signs Release
# (InRelease and Release.gpg). The repository is "flat" (everything in one folder, no dists/
# and pool/): apt reads it with the sources line
#
#   deb [signed-by=KEYFILE] file:DIR ./            (a local folder, as in tools/fleetcheck.sh)
#   deb [signed-by=KEYFILE] https://HOST/PATH ./   (the same folder served by any web server)
#
#   bash tools/apt-repo.sh --repo DIR --key KEYFILE [--gnupghome GNUPGHOME] PACKAGE.deb...
#
#   --repo DIR      the repository folder; made if missing. The .deb files are copied in beside
#                   any already there (adding a newer version keeps the older ones, as a real
#                   repository does; apt installs the newest), then the indexes are remade and
#                   signed again.
#   --key KEYFILE   where the repository's public key goes (binary OpenPGP, for signed-by=).
#   --gnupghome D   the GnuPG home that holds the signing key: its first secret key signs. If it
#                   has none, a test key is made in it (Ed25519, no passphrase). Without this
#                   option a test key is made in a temporary GnuPG home that is deleted at the
#                   end: the repository can then not be signed again with the same key, so pass
#                   --gnupghome to add a version later (tools/fleetcheck.sh does). A fleet's real
#                   key lives offline with IT; never commit one.
#
# Prints the sources line on its last line. Exit 0 on success, 1 otherwise.
set -euo pipefail

say() { echo "apt-repo: $*"; }
die() { echo "apt-repo: $*" >&2; exit 1; }
usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }

REPO="" KEYFILE="" HOME_DIR=""
DEBS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --repo) REPO=${2:?}; shift 2 ;;
    --key) KEYFILE=${2:?}; shift 2 ;;
    --gnupghome) HOME_DIR=${2:?}; shift 2 ;;
    -h|--help) usage ;;
    -*) die "unknown option $1 (see --help)" ;;
    *) DEBS+=("$1"); shift ;;
  esac
done
[ -n "$REPO" ] && [ -n "$KEYFILE" ] && [ "${#DEBS[@]}" -gt 0 ] || usage
command -v apt-ftparchive >/dev/null || die "apt-ftparchive is missing (SETUP_TEST_TOOLS=1 bash tools/setup.sh installs apt-utils)"
command -v gpg >/dev/null || die "gpg is missing (SETUP_TEST_TOOLS=1 bash tools/setup.sh installs gnupg)"
for deb in "${DEBS[@]}"; do
  [ -f "$deb" ] || die "no such package: $deb"
  dpkg-deb --field "$deb" Package Version >/dev/null || die "not a Debian package: $deb"
done

TEMP_HOME=""
cleanup() { if [ -n "$TEMP_HOME" ]; then gpgconf --homedir "$TEMP_HOME" --kill all 2>/dev/null || true; rm -rf "$TEMP_HOME"; fi; }
trap cleanup EXIT
if [ -z "$HOME_DIR" ]; then
  TEMP_HOME=$(mktemp -d /tmp/kiosk-apt-repo-gnupg.XXXXXX)
  HOME_DIR=$TEMP_HOME
fi
mkdir -p "$HOME_DIR"
chmod 0700 "$HOME_DIR"
export GNUPGHOME=$HOME_DIR
GPG=(gpg --batch --quiet --no-tty --pinentry-mode loopback --passphrase "")
fingerprint() { gpg --batch --with-colons --list-secret-keys 2>/dev/null | awk -F: '$1 == "fpr" { print $10; exit }'; }
if [ -z "$(fingerprint)" ]; then
  say "making a test signing key in $HOME_DIR (Ed25519, no passphrase)"
  "${GPG[@]}" --quick-generate-key "Clinic kiosk test repository <kiosk@clinic.invalid>" ed25519 sign 2y \
    || die "gpg could not make a key"
fi
FPR=$(fingerprint)
[ -n "$FPR" ] || die "no secret key in $HOME_DIR"

mkdir -p "$REPO"
for deb in "${DEBS[@]}"; do
  name="$(dpkg-deb --field "$deb" Package)_$(dpkg-deb --field "$deb" Version)_$(dpkg-deb --field "$deb" Architecture).deb"
  cp "$deb" "$REPO/$name.new" && mv "$REPO/$name.new" "$REPO/$name"
  say "added $name"
done
(
  cd "$REPO"
  rm -f InRelease Release Release.gpg
  apt-ftparchive packages . > Packages
  gzip -9nkf Packages
  apt-ftparchive \
    -o APT::FTPArchive::Release::Origin="Clinic kiosk" \
    -o APT::FTPArchive::Release::Label="Clinic kiosk" \
    -o APT::FTPArchive::Release::Description="Clinic kiosk packages" \
    release . > Release.new
  mv Release.new Release
  "${GPG[@]}" --local-user "$FPR" --digest-algo SHA512 --clearsign --output InRelease Release
  "${GPG[@]}" --local-user "$FPR" --digest-algo SHA512 --armor --detach-sign --output Release.gpg Release
) || die "could not write or sign the indexes in $REPO"
mkdir -p "$(dirname "$KEYFILE")"
gpg --batch --export "$FPR" > "$KEYFILE.new" && mv "$KEYFILE.new" "$KEYFILE"
[ -s "$KEYFILE" ] || die "could not export the public key"
# Prove it as apt will: the signature verifies with the exported key alone.
gpgv --keyring "$(readlink -f "$KEYFILE")" "$REPO/InRelease" 2>/dev/null || die "InRelease does not verify with $KEYFILE"
say "$(grep -c '^Package:' "$REPO/Packages") package(s) in $REPO, signed by $FPR; public key $KEYFILE"
echo "deb [signed-by=$(readlink -f "$KEYFILE")] file:$(readlink -f "$REPO") ./"
