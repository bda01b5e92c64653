"""Safe YAML loading that remembers where every value came from.

Content and config files are read with PyYAML's safe loader (the C one where
it is installed). We compose the node tree first and build Python objects from
it, so that any later validation error can be mapped back to ``file:line``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """The safe loader; a separate class so nothing we do leaks into PyYAML's own."""


@dataclass(frozen=True)
class YamlDocument:
    path: Path
    data: Any
    root: yaml.Node | None


class YamlError(Exception):
    """A file that is not readable YAML; ``line`` is 1-based or None."""

    def __init__(self, path: Path, line: int | None, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.line = line
        self.message = message


def load_yaml(path: Path) -> YamlDocument:
    """Read one YAML document; raise YamlError with a line number on bad syntax or duplicate keys."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise YamlError(path, None, f"the file is not UTF-8 text ({exc.reason})") from None
    except OSError as exc:
        raise YamlError(path, None, f"cannot read the file: {exc.strerror}") from None
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        if root is not None:
            _check_duplicate_keys(path, root)
        data = loader.construct_document(root) if root is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or str(exc)
        if exc.context:
            problem = f"{problem} ({exc.context})"
        raise YamlError(path, line, f"not valid YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise YamlError(path, None, f"not valid YAML: {exc}") from None
    finally:
        loader.dispose()
    return YamlDocument(path, data, root)


def _check_duplicate_keys(path: Path, node: yaml.Node) -> None:
    """PyYAML silently keeps the last of two equal keys; an author almost never means that."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, yaml.MappingNode):
            seen: dict[tuple[str, str], int] = {}
            for key, value in current.value:
                if isinstance(key, yaml.ScalarNode):
                    ident = (key.tag, key.value)
                    if ident in seen:
                        raise YamlError(
                            path,
                            key.start_mark.line + 1,
                            f"the key '{key.value}' appears twice in the same block "
                            f"(first on line {seen[ident]})",
                        )
                    seen[ident] = key.start_mark.line + 1
                stack.append(value)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)


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
