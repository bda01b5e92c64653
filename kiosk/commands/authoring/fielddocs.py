"""What each content file and field is, in the educators' words: the descriptions the editor
schemas (``kiosk schema``) show on hover. Descriptions written in the models win; these fill in
the fields that have none (kept here so the models stay as they are)."""

from __future__ import annotations

ROOTS: dict[str, tuple[str, str]] = {
    "Topic": ("Kiosk topic (content/topics/NN-name.yaml)",
              "One walk-through on the kiosk: a tile on the home screen, its pages (steps, or stages for "
              "recovery), key points, questions for the care team and its review state. "
              "Guide: docs/authoring.md. Check the whole folder with: kiosk validate"),
    "Glossary": ("Kiosk glossary (content/glossary.yaml)",
                 "The medical words that texts link with [[id]] or [[id|words]]; a tap shows the definition card. "
                 "Guide: docs/authoring.md"),
    "PackInfo": ("Kiosk content folder (content/pack.yaml)",
                 "What this content folder is: its id, title, version, and the languages every text must have. "
                 "Guide: docs/authoring.md"),
    "Config": ("Kiosk config file (config.yaml)",
               "The one file IT writes for a kiosk. Every key is optional; unknown keys are errors. "
               "See `kiosk config --example` for every key at its default."),
}

MODEL_DOCS: dict[str, str] = {
    "Step": "One page of a walk-through: a title, one to three short sentences, a drawing, and optionally a key point.",
    "Source": "Where the facts come from: a title and, if there is one, a web address.",
    "Review": "The clinical review of this topic. Draft until a clinician has checked every page; "
              "approved needs reviewed_by and reviewed_on. Never claim a review that did not happen.",
    "Term": "One glossary word: its id (used in links), the word as shown, a plain definition and optionally a drawing.",
}

FIELD_DOCS: dict[str, dict[str, str]] = {
    "Topic": {
        "id": "The topic's name for the computer: lower-case letters, digits and dashes, e.g. spinal-fusion. "
              "Other topics use it in `related`. Do not change it once the topic is in use.",
        "order": "Where the tile sits on the home screen, smallest first (the bundled topics use 0, 10, 20 ...).",
        "kind": "overview (what all the topics are about), procedure (an operation; needs questions) "
                "or recovery (a timeline with stages instead of steps).",
        "title": "The topic's name: on its tile and at the top of every page. A few words.",
        "tile": "The drawing on the topic's home-screen tile.",
        "steps": "The pages of the walk-through, in order (overview and procedure topics).",
        "stages": "The stages of the recovery timeline, in order (recovery topics only).",
        "key_points": "Two to five short sentences for the closing 'Key points' page.",
        "questions": "Up to six questions the patient may want to ask the care team, shown at the end. "
                     "A procedure topic needs at least one.",
        "related": "Ids of other topics offered at the end, e.g. [recovery].",
        "review": "The clinical review: status, who reviewed it and when, when it is due again, and the sources.",
    },
    "Step": {
        "title": "A few words at the top of the page.",
        "picture": "The drawing for this page.",
        "key_point": "Optional: one sentence to remember, shown in a box on the page.",
    },
    "Stage": {
        "when": "When this stage happens, e.g. 'Right after surgery'.",
        "title": "A few words: what this stage is.",
        "body": "What happens: one to three short sentences; [[term]] or [[term|words]] links a glossary word.",
        "todo": "One to four things the patient does at this stage, each starting with a verb.",
        "picture": "The drawing for this stage.",
    },
    "Review": {
        "status": "draft until a clinician has checked every page; then approved (with reviewed_by and reviewed_on).",
        "reviewed_by": "Who reviewed it: name and role, e.g. \"Dr. A. Example, spine surgeon\". Needed for approved.",
        "reviewed_on": "The date of the review, year-month-day, e.g. 2026-11-02. Needed for approved.",
        "review_due": "When this topic must be checked again, year-month-day. The admin screen shows it in red after that.",
        "sources": "Where the facts come from: at least one.",
    },
    "Source": {
        "title": "The name of the source, e.g. the title of a clinic web page.",
        "url": "Its web address, if it has one.",
    },
    "Picture": {
        "src": "The SVG file, relative to the content folder or the app's resources folder, e.g. kit/spine-side.svg.",
        "alt": "Optional: what the drawing shows, in words, for screen readers.",
    },
    "Term": {
        "id": "The word's name for links: lower-case letters, digits and dashes, e.g. spinal-canal; "
              "texts link it with [[spinal-canal]] or [[spinal-canal|spinal canal]].",
        "term": "The word as the patient sees it, e.g. 'spinal canal'.",
        "definition": "One or two short, plain sentences.",
        "picture": "Optional: a drawing that shows the word, on the definition card.",
    },
    "Glossary": {
        "terms": "The glossary words, one entry each.",
    },
    "PackInfo": {
        "id": "The content folder's name for the computer: lower-case letters, digits and dashes.",
        "default_language": "The language plain (one-language) texts are in, and the source language; usually en.",
        "languages": "Every language patients can choose, e.g. [en, es, zh, vi, ar]. Every text needs all of them.",
    },
    "TranslationReview": {
        "status": "draft until a clinician or professional medical translator has checked this language; then approved.",
        "reviewed_by": "Who reviewed this language: name and role. Needed for approved.",
        "reviewed_on": "The date of the review, year-month-day. Needed for approved.",
        "note": "Anything a reader of this file should know about this translation.",
    },
    "Config": {
        "orientation": "auto follows the screen; landscape or portrait fixes the layout.",
        "reduced_motion": "Turn off animations for everyone (patients can also choose this on the kiosk).",
        "heartbeat_seconds": "How often status.json and the Prometheus file are rewritten, in seconds.",
    },
}
