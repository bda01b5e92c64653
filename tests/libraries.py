"""Synthetic libraries for the home screen's tests: the bundled topics copied under new ids.

``make_library(folder, count, sections)`` copies the bundled content to ``folder``, replaces its
topics by ``count`` copies of them (new ids and orders, no ``related:`` lines, since those name
the originals) and, with ``sections``, groups them: pack.yaml gets the sections and each topic a
``section:`` line, the topics dealt out in order as the sizes say.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Sequence
from pathlib import Path

from kiosk.core.paths import bundled_content_dir

# Titles of made-up sections in the bundled content's five languages.
SECTION_TITLES = [
    {"en": "Your operation", "es": "Su operación", "zh": "您的手术", "vi": "Ca mổ của bạn", "ar": "عمليتك"},
    {"en": "Before you come in", "es": "Antes de venir", "zh": "来医院之前", "vi": "Trước khi đến", "ar": "قبل أن تأتي"},
    {"en": "Recovery at home", "es": "Recuperación en casa", "zh": "在家康复", "vi": "Hồi phục tại nhà", "ar": "التعافي في المنزل"},
    {"en": "Questions about pain", "es": "Preguntas sobre el dolor", "zh": "关于疼痛的问题", "vi": "Câu hỏi về cơn đau",
     "ar": "أسئلة عن الألم"},
    {"en": "Medicines", "es": "Medicinas", "zh": "药物", "vi": "Thuốc", "ar": "الأدوية"},
]
SECTION_PICTURES = [
    "kit/spine-side.svg", "kit/recovery-checkups.svg", "kit/recovery-rehab.svg", "kit/person.svg", "kit/recovery-pain-medicine.svg",
]


def section_id(index: int) -> str:
    return f"section-{index + 1}"


def make_library(folder: Path, count: int, sections: Sequence[int] = ()) -> Path:
    """``count`` topics; ``sections``: how many topics each section gets, in order (they must add up to ``count``)."""
    assert not sections or sum(sections) == count, f"sections {list(sections)} do not add up to {count}"
    shutil.copytree(bundled_content_dir(), folder)
    sources = sorted((folder / "topics").glob("*.yaml"))
    texts = [path.read_text(encoding="utf-8") for path in sources]
    for path in sources:
        path.unlink()
    owners = [i for i, size in enumerate(sections) for _ in range(size)]
    for n in range(count):
        text = texts[n % len(texts)]
        original = re.search(r"^id: (.*)$", text, flags=re.M)
        assert original is not None
        new_id = f"t{n + 1:03d}-{original.group(1).strip()}"[:60]
        text = re.sub(r"^id: .*$", f"id: {new_id}", text, count=1, flags=re.M)
        line = f"order: {n + 1}" + (f"\nsection: {section_id(owners[n])}" if sections else "")
        text = re.sub(r"^order: .*$", line, text, count=1, flags=re.M)
        text = re.sub(r"^related: .*\n", "", text, flags=re.M)
        (folder / "topics" / f"{n + 1:03d}-{new_id}.yaml").write_text(text, encoding="utf-8")
    if sections:
        lines = ["sections:"]
        for i in range(len(sections)):
            lines.append(f"  - id: {section_id(i)}")
            lines.append("    title:")
            lines += [f'      {lang}: "{words}"' for lang, words in SECTION_TITLES[i % len(SECTION_TITLES)].items()]
            lines.append(f"    picture:\n      src: {SECTION_PICTURES[i % len(SECTION_PICTURES)]}")
        pack = folder / "pack.yaml"
        pack.write_text(pack.read_text(encoding="utf-8") + "\n".join(lines) + "\n", encoding="utf-8")
    return folder
