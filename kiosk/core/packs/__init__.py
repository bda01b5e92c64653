"""Content packs: make, sign, verify and install them, switch atomically, roll back.

A content pack is a zip of a content folder (``pack.yaml``, ``glossary.yaml``,
``topics/*.yaml`` and any drawings that live inside the folder) plus
``manifest.json`` (format, pack id, content version, date, who signed it off and
the SHA-256 of every file) and, when signed, ``manifest.sig`` (the base64
Ed25519 signature of the exact bytes of ``manifest.json``).

One module per part, each imported directly (``from kiosk.core.packs.store import ContentStore``):

- ``manifest``: what a pack is (its special files, format, versions) and the refusal they share
- ``keys``: Ed25519 key pairs for signing packs
- ``making``: ``kiosk pack`` (make a pack of a content folder) and the checks before and after
- ``zipcheck``: reading a pack safely, bounded in time and memory whatever the zip holds
- ``store``: the installed packs, atomic switching and rollback (the invariant is there)
- ``inbox``: packs dropped into a folder, and the hooks the running kiosk calls between patients
"""
