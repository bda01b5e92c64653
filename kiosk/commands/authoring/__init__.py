"""Tools for the people who write the content: editor schemas and a starter topic.

schemas.py (``kiosk schema``) with fielddocs.py (each field in the educators' words), and
newtopic.py (``kiosk new-topic``).

``kiosk schema OUTDIR`` writes JSON Schema files for topic, glossary, pack and
config files, so that an editor with a YAML language server (VS Code with Red
Hat's YAML extension, and others) completes field names, explains each field on
hover and underlines mistakes while the file is being typed. The bundled
content files name their schema in their first line (the modeline).

The schemas come from the pydantic models, then are made to say what the
loader really accepts: pydantic does not see the shorthand forms that
``BeforeValidator`` and ``model_validator(mode="before")`` accept (a text is a
plain string or a language mapping; a picture is a path or ``{src, alt}``), nor
the checks done in ``AfterValidator`` functions (ids, language codes, clock
times) or in model validators (the shape of each kind of topic). The output is
draft-07 (what the YAML language server supports fully) and byte-for-byte
deterministic, so CI can compare the committed ``schemas/`` with a fresh run.

The schemas are an aid for editors, not the judge: ``kiosk validate`` also
checks what one file cannot say about another (every language that
``pack.yaml`` lists, glossary links, related topics, pictures on disk).

``kiosk new-topic ID`` writes a fully commented starter topic in every language
the content folder's ``pack.yaml`` lists. It loads as it is (``kiosk preview``
shows it at once); its stand-in texts (``kiosk.core.starter``) and ``# translate``
marks are errors for ``kiosk validate`` and ``kiosk pack`` until the author has
replaced them, so that none can reach patients.
"""
