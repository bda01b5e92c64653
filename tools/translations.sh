#!/usr/bin/env bash
# Update the patient-facing UI translations and compile them (rerun it freely).
#
# 1. pyside6-lupdate reads every qsTr() in the patient-facing QML (kiosk/qml/Kiosk/*.qml,
#    except the staff-only AdminScreen.qml and PinPad.qml, which stay in English) and merges
#    the strings into translations/kiosk_<lang>.ts: existing translations are kept, new
#    strings arrive unfinished, strings no longer in the QML are dropped (-no-obsolete).
# 2. pyside6-lrelease compiles each .ts to translations/kiosk_<lang>.qm, which
#    kiosk/qt/i18n.py loads when the patient picks a language.
#
# No source line numbers are written (-locations none): the QML changes often, and line
# numbers would make every QML edit show up as a translation change. Context for a translator
# comes from the file name (the <name> of each context) and from //: comments in the QML.
#
# lupdate (and Qt Linguist, when it saves) drops XML comments, so the review-status comment
# at the top of each .ts is kept here and put back. A file without one gets the draft notice.
# translations/README.md says how to translate and review; tests/test_translation_files.py
# fails while a string is untranslated or a .qm is out of date.
set -euo pipefail
cd "$(dirname "$0")/.."

LANGUAGES=(es zh vi ar)
# Qt's language codes for the TS header of a new file (Simplified Chinese as spoken in China).
declare -A TARGET=([es]=es [zh]=zh_CN [vi]=vi [ar]=ar)
STAFF_ONLY=(AdminScreen.qml PinPad.qml)

BIN=.venv/bin
for tool in pyside6-lupdate pyside6-lrelease; do
  if [ ! -x "$BIN/$tool" ]; then
    echo "translations: $BIN/$tool is missing; run 'bash tools/setup.sh' first" >&2
    exit 1
  fi
done

sources=()
for file in kiosk/qml/Kiosk/*.qml; do
  skip=0
  for staff in "${STAFF_ONLY[@]}"; do
    [ "$(basename "$file")" = "$staff" ] && skip=1
  done
  [ "$skip" -eq 0 ] && sources+=("$file")
done

mkdir -p translations
for lang in "${LANGUAGES[@]}"; do
  ts=translations/kiosk_$lang.ts
  qm=translations/kiosk_$lang.qm
  header=$(mktemp)
  # The comments between the XML declaration and <TS>, or the draft notice.
  .venv/bin/python - "$ts" "$lang" >"$header" <<'PY'
import re
import sys
from pathlib import Path

path, lang = Path(sys.argv[1]), sys.argv[2]
kept = ""
if path.exists():
    head = path.read_text(encoding="utf-8").split("<TS", 1)[0]
    kept = "\n".join(re.findall(r"<!--.*?-->", head, flags=re.S))
if not kept:
    kept = (
        "<!--\n"
        f"  UNREVIEWED DRAFT ({lang}). These translations were written by the kiosk's development team.\n"
        "  They have NOT been reviewed by a clinician or by a professional medical translator.\n"
        "  Review status, and how to review: translations/README.md. Change this notice only\n"
        "  when a review has really happened (who, what qualification, when).\n"
        "-->"
    )
print(kept)
PY
  .venv/bin/pyside6-lupdate -silent -no-obsolete -locations none \
    -source-language en -target-language "${TARGET[$lang]}" \
    "${sources[@]}" -ts "$ts"
  # Put the comment back right after <!DOCTYPE TS>.
  .venv/bin/python - "$ts" "$header" <<'PY'
import re
import sys
from pathlib import Path

path, header = Path(sys.argv[1]), Path(sys.argv[2]).read_text(encoding="utf-8").strip()
head, rest = path.read_text(encoding="utf-8").split("<TS", 1)
head = re.sub(r"<!--.*?-->", "", head, flags=re.S)  # in case a future lupdate keeps it
lines = [line for line in head.splitlines() if line.strip()]
path.write_text("\n".join(lines + [header, "<TS" + rest]), encoding="utf-8")
PY
  rm -f "$header"
  .venv/bin/pyside6-lrelease -silent "$ts" -qm "$qm"
  unfinished=$(grep -c 'type="unfinished"' "$ts" || true)
  total=$(grep -c '<message' "$ts" || true)
  echo "translations: $ts: $total messages, $unfinished still to translate -> $qm"
done
