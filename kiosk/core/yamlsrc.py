"""Safe, bounded YAML loading that remembers where every value came from.

Content and config files are read with PyYAML's safe loader (the C one where
it is installed). We compose the node tree first and build Python objects from
it, so that any later validation error can be mapped back to ``file:line``.

Every input is bounded before it is parsed: only an ordinary file is opened (a
FIFO would wait for a writer forever), its size is checked first, and a first
pass over the parser's events refuses anchors and aliases (``&x`` / ``*x``:
nested ones make an "alias bomb" that a file of a few hundred bytes expands to
billions of values), more than ``max_nodes`` values, and nesting deeper than
``MAX_DEPTH``. Content and config files never need any of these. Scalars that
Python cannot build (an integer of thousands of digits, a 13th month) become a
located message too. Every message is one line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .statefile import NotPlainFileError, open_plain, read_at_most

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_BYTES = 1_000_000
"""Largest content or config file read (the bundled topics are about 20 kB)."""
MAX_NODES = 50_000
"""Most values (scalars, lists and mappings) in one file."""
MAX_DEPTH = 50
"""Deepest nesting of lists and mappings (content needs fewer than ten levels)."""
MAX_INT_DIGITS = 50
"""Longest integer: Python refuses to read more than 4,300 digits, and no setting needs 50."""

ANCHOR_MESSAGE = "YAML anchors and aliases (& and *) are not allowed: write the text out"

_STR_TAG = "tag:yaml.org,2002:str"
_INT_TAG = "tag:yaml.org,2002:int"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_NODE_EVENTS = (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent)
_COLLECTION_START = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_COLLECTION_END = (yaml.SequenceEndEvent, yaml.MappingEndEvent)


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]  # (a base chosen at import: the C loader when PyYAML has it)
    """The safe loader; a separate class so nothing we do leaks into PyYAML's own."""


@dataclass(frozen=True)
class YamlDocument:
    path: Path
    data: Any
    root: yaml.Node | None
    duplicates: list[YamlError] = field(default_factory=list, compare=False)
    """Keys written twice in one block (PyYAML keeps the last): problems that do not stop the reading."""
    text: str = field(default="", repr=False, compare=False)


class YamlError(Exception):
    """A file that is not readable YAML; ``line`` is 1-based or None. ``message`` is one line."""

    def __init__(self, path: Path, line: int | None, message: str) -> None:
        message = " ".join(message.split())
        super().__init__(message)
        self.path = path
        self.line = line
        self.message = message


def _size(count: int) -> str:
    return f"{count / 1_000_000:.1f} MB" if count >= 1_000_000 else f"{count / 1000:.1f} kB"


def read_text(path: Path, max_bytes: int = MAX_BYTES) -> str:
    """The file's text, if it is an ordinary file of at most ``max_bytes`` bytes of UTF-8."""
    too_large = f"the file is too large ({{}}; at most {_size(max_bytes)}): content and config files are short text"
    try:
        with open_plain(path) as (handle, info):
            if info.st_size > max_bytes:
                raise YamlError(path, None, too_large.format(_size(info.st_size)))
            data = read_at_most(handle, max_bytes)
    except NotPlainFileError as exc:
        raise YamlError(path, None, "this is a folder, not a file" if exc.folder else
                        "this is not an ordinary file (a pipe, socket or device); only files are read") from None
    except OSError as exc:
        raise YamlError(path, None, f"cannot read the file: {exc.strerror or exc}") from None
    if data is None:  # it grew while we read it
        raise YamlError(path, None, too_large.format(f"more than {_size(max_bytes)}"))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise YamlError(path, line, f"the file is not UTF-8 text ({exc.reason} at byte {exc.start + 1}); "
                                    "save it as UTF-8") from None


def load_yaml(path: Path, *, max_bytes: int = MAX_BYTES, max_nodes: int = MAX_NODES) -> YamlDocument:
    """Read one YAML document; raise YamlError with a line number on bad or hostile input or a key
    written twice."""
    doc = read_yaml(path, max_bytes=max_bytes, max_nodes=max_nodes)
    if doc.duplicates:
        raise doc.duplicates[0]
    return doc


def read_yaml(path: Path, *, max_bytes: int = MAX_BYTES, max_nodes: int = MAX_NODES) -> YamlDocument:
    """Like :func:`load_yaml`, but keys written twice are listed in ``duplicates`` (the reading goes
    on, the last one wins) so that a validator can report them with the file's other problems."""
    text = read_text(path, max_bytes)
    _check_events(path, text, max_nodes)
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        duplicates: list[YamlError] = []
        if root is not None:
            _check_nodes(path, root, loader, duplicates)
        try:
            data = loader.construct_document(root) if root is not None else None
        except yaml.YAMLError:
            raise
        except Exception as exc:  # noqa: BLE001 - whatever a constructor raises is a problem of the file
            raise YamlError(path, None, f"not valid YAML: {exc}") from None
    except yaml.YAMLError as exc:
        raise _error(path, text, exc) from None
    finally:
        loader.dispose()
    return YamlDocument(path, data, root, duplicates, text)


def _check_events(path: Path, text: str, max_nodes: int) -> None:
    """Refuse anchors and aliases, too many values and too deep nesting before building anything."""
    loader = _Loader(text)
    nodes = depth = documents = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            line = event.start_mark.line + 1 if event.start_mark is not None else None
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
                raise YamlError(path, line, ANCHOR_MESSAGE)
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise YamlError(path, line, "the file holds more than one YAML document (a line '---' starts "
                                                "another): keep one")
            elif isinstance(event, _NODE_EVENTS):
                nodes += 1
                if nodes > max_nodes:
                    raise YamlError(path, line, f"the file holds more than {max_nodes} values: far more than "
                                                "content or a config needs")
                if isinstance(event, _COLLECTION_START):
                    depth += 1
                    if depth > MAX_DEPTH:
                        raise YamlError(path, line, f"lists and blocks are nested more than {MAX_DEPTH} levels deep")
            elif isinstance(event, _COLLECTION_END):
                depth -= 1
    except yaml.YAMLError as exc:
        raise _error(path, text, exc) from None
    finally:
        loader.dispose()


def _check_nodes(path: Path, root: yaml.Node, loader: Any, duplicates: list[YamlError]) -> None:
    """Keys written twice, and scalars that cannot be built (each built here, to name its line).

    Without aliases the node graph is a tree, so each node is visited once.
    """
    stack = [root]
    while stack:
        current = stack.pop()
        if isinstance(current, yaml.MappingNode):
            seen: dict[tuple[str, str], int] = {}
            for key, value in current.value:
                if isinstance(key, yaml.ScalarNode):
                    ident = (key.tag, key.value)
                    if ident in seen:
                        duplicates.append(YamlError(
                            path, key.start_mark.line + 1,
                            f"the key '{key.value}' appears twice in the same block (first on line {seen[ident]})"))
                    else:
                        seen[ident] = key.start_mark.line + 1
                stack.append(key)
                stack.append(value)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
        elif isinstance(current, yaml.ScalarNode) and current.tag != _STR_TAG:
            _check_scalar(path, current, loader)


def _check_scalar(path: Path, node: yaml.ScalarNode, loader: Any) -> None:
    line = node.start_mark.line + 1
    if node.tag == _INT_TAG:
        digits = sum(ch.isdigit() for ch in node.value)
        if digits > MAX_INT_DIGITS:
            raise YamlError(path, line, f"a number with {digits} digits is too long (at most {MAX_INT_DIGITS}); "
                                        "if it is meant as text, put it in quotes")
    try:
        loader.construct_object(node)
    except yaml.YAMLError:
        raise
    except Exception as exc:  # noqa: BLE001 - e.g. ValueError from a date with a 13th month
        if node.tag == _TIMESTAMP_TAG:
            raise YamlError(path, line, f"'{node.value}' is not a real date ({exc}): write dates as year-month-day, "
                                        "for example 2027-06-05") from None
        raise YamlError(path, line, f"'{node.value[:40]}' cannot be read ({exc}); if it is meant as text, "
                                    "put it in quotes") from None


def _error(path: Path, text: str, exc: yaml.YAMLError) -> YamlError:
    """PyYAML's message as one line a person can act on."""
    if isinstance(exc, YamlError):
        return exc
    if isinstance(exc, yaml.reader.ReaderError):
        character = chr(exc.character) if isinstance(exc.character, int) else str(exc.character)
        where = text.find(character) if character else -1
        line = text.count("\n", 0, where) + 1 if where >= 0 else None
        code = f"U+{ord(character):04X}" if len(character) == 1 else character
        return YamlError(path, line, f"not valid YAML: the file holds a control character ({code}) that YAML does "
                                     "not allow; delete it (it is often invisible: retype the line)")
    if not isinstance(exc, yaml.MarkedYAMLError):
        return YamlError(path, None, f"not valid YAML: {exc}")
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark is not None else None
    problem = exc.problem or str(exc)
    if "cannot start any token" in problem and mark is not None and _tab_at(text, mark.line, mark.column):
        return YamlError(path, line, "not valid YAML: a tab was found: indent with spaces, not tabs "
                                     "(set your editor to insert spaces for the Tab key)")
    if problem.startswith("mapping values are not allowed"):
        return YamlError(path, line, "not valid YAML: a colon followed by a space (': ') inside a text starts a new "
                                     "key: put the text in quotes, for example title: \"Step 1: rest\"")
    if "could not determine a constructor for the tag" in problem:
        tag = problem.rsplit(" ", 1)[-1]
        return YamlError(path, line, f"not valid YAML: the tag {tag} is not allowed (write plain text, numbers, "
                                     "lists and blocks only)")
    if "exceeded maximum nesting depth" in problem:
        return YamlError(path, line, f"lists and blocks are nested more than {MAX_DEPTH} levels deep")
    if "found another document" in problem:
        return YamlError(path, line, "the file holds more than one YAML document (a line '---' starts another): keep one")
    if exc.context:
        problem = f"{problem} ({exc.context})"
    return YamlError(path, line, f"not valid YAML: {problem}")


def _tab_at(text: str, line: int, column: int) -> bool:
    """Whether a tab stands at or before ``column`` among the blanks of ``line`` (0-based)."""
    lines = text.splitlines()
    if not 0 <= line < len(lines):
        return False
    return "\t" in lines[line][: column + 1]


def line_of(root: yaml.Node | None, loc: Sequence[int | str]) -> int | None:
    """The 1-based line of the value at ``loc`` (a pydantic error location).

    Walks as deep as the location exists in the file; a missing key reports the
    line of the block that should hold it.
    """
    if root is None:
        return None
    node = root
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value == str(part):
                    node = value
                    break
            else:
                break
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if 0 <= part < len(node.value):
                node = node.value[part]
            else:
                break
        else:
            break
    return node.start_mark.line + 1
