"""A static check of an SVG drawing, before anything renders it: bounded work, no Qt.

Rendering is where a hostile drawing costs: a ``<use>`` that repeats a group of ten
``<use>`` elements that each repeat a group of ten... draws 10^n shapes from a file of a
few kilobytes (8 levels froze a kiosk for over two minutes), and an entity declared in a
DOCTYPE can expand the same way while the file is read. So every drawing is first read
here, with a plain XML parser and hard limits, and refused with one sentence when it is
too large, too deep or would draw too much; only a drawing that passes is handed to Qt.

The limits are far above what a clinic illustration needs (the bundled drawings have at
most a few hundred elements and no ``<use>`` at all) and far below what takes a kiosk
seconds to draw.
"""

from __future__ import annotations

from pathlib import Path
from xml.parsers import expat

from .statefile import NotPlainFileError, open_plain, read_at_most

MAX_BYTES = 4 * 1024 * 1024  # a drawing's file size
MAX_ELEMENTS = 10_000  # elements in the file
MAX_NESTING = 100  # elements inside elements
MAX_USE_DEPTH = 5  # a <use> of something that holds a <use> of something that holds...
MAX_DRAWN = 50_000  # elements the renderer would draw once every <use> is expanded
_FEED = 64 * 1024


class _RefusedError(Exception):
    """Stops the parser; the message is the drawing's one problem."""


def check_svg_file(path: Path) -> list[str]:
    """The drawing's problem, as one sentence in a list, or [] when it is safe to render.

    The sentence reads after the drawing's name ("picture 'x.svg': is 9 MB; ...").
    Never raises; reads at most ``MAX_BYTES`` + 1 bytes.
    """
    try:
        with open_plain(path) as (handle, info):
            if info.st_size > MAX_BYTES:
                return [f"is {_mb(info.st_size)}; a drawing may have at most {_mb(MAX_BYTES)} (simplify it, or save it as plain SVG)"]
            data = read_at_most(handle, MAX_BYTES)
    except NotPlainFileError:
        return ["is not a plain file"]
    except OSError as exc:
        return [f"cannot read the drawing ({exc.strerror or exc})"]
    if data is None:  # it grew while being read
        return [f"is larger than {_mb(MAX_BYTES)}; a drawing may have at most {_mb(MAX_BYTES)}"]
    return check_svg_bytes(data)


def check_svg_bytes(data: bytes) -> list[str]:
    """As ``check_svg_file``, for the drawing's bytes."""
    try:
        _check(data)
    except _RefusedError as exc:
        return [str(exc)]
    return []


def _mb(count: int) -> str:
    return f"{count / (1024 * 1024):.1f} MB"


def _local(name: str) -> str:
    return name.rpartition(":")[2]


def _check(data: bytes) -> None:
    tags: list[str] = []
    children: list[list[int]] = []
    refs: list[str | None] = []
    ids: dict[str, int] = {}
    stack: list[int] = []
    external: list[str] = []

    def doctype(name: str, system_id: str | None, public_id: str | None, has_internal_subset: int) -> None:
        if has_internal_subset:
            raise _RefusedError("declares its own entities in a <!DOCTYPE ...>, which can expand without limit; "
                                "remove the DOCTYPE (save it as plain SVG)")

    def entity(*_args: object) -> None:
        raise _RefusedError("declares entities (<!ENTITY ...>), which can expand without limit; remove the DOCTYPE (save it as plain SVG)")

    def external_entity(*_args: object) -> int:
        raise _RefusedError("refers to an external entity; drawings must be self-contained")

    def start(name: str, attrs: dict[str, str]) -> None:
        index = len(tags)
        if index >= MAX_ELEMENTS:
            raise _RefusedError(f"has more than {MAX_ELEMENTS:,} elements; a drawing may have at most {MAX_ELEMENTS:,} (simplify it)")
        if len(stack) >= MAX_NESTING:
            raise _RefusedError(f"nests elements more than {MAX_NESTING} deep; at most {MAX_NESTING} are allowed (ungroup it)")
        tags.append(_local(name) if ":" in name else name)
        children.append([])
        ref = None
        for key, value in attrs.items():
            if key == "id":
                if value not in ids:
                    ids[value] = index
            elif key == "href" or key.endswith(":href"):
                target = value.strip()
                if target.startswith("#"):
                    ref = target[1:]
                elif not external:
                    external.append(target)
        refs.append(ref)
        if stack:
            children[stack[-1]].append(index)
        stack.append(index)

    def end(_name: str) -> None:
        stack.pop()

    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = entity
    parser.UnparsedEntityDeclHandler = entity
    parser.ExternalEntityRefHandler = external_entity
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    try:
        for start_at in range(0, len(data), _FEED):  # in pieces: a refusal stops the reading too
            parser.Parse(data[start_at:start_at + _FEED], False)
        parser.Parse(b"", True)
    except expat.ExpatError as exc:
        raise _RefusedError(f"is not a valid SVG drawing (line {exc.lineno}: {expat.ErrorString(exc.code)})") from None
    if not tags or tags[0] != "svg":
        raise _RefusedError("is not an SVG drawing (its first element is not <svg>)")
    _check_uses(tags, children, refs, ids)
    if external:
        raise _RefusedError("refers to another file or address; drawings must be self-contained")


def _check_uses(tags: list[str], children: list[list[int]], refs: list[str | None], ids: dict[str, int]) -> None:
    """Expand every reference once (memoised, without recursion): what would the renderer draw?

    drawn(e) = 1 + drawn(children) + drawn(target) for a <use>; use_depth counts <use> hops.
    A reference back to an element being expanded is a loop.
    """
    count = len(tags)
    drawn = [0] * count
    depth = [0] * count
    state = bytearray(count)  # 0 new, 1 being expanded, 2 done
    cap = MAX_DRAWN + 1

    def successors(node: int) -> list[int]:
        out = list(children[node])
        ref = refs[node]
        target = ids.get(ref) if ref is not None else None
        if target is not None:
            out.append(target)
        return out

    for root in range(count):
        if state[root]:
            continue
        state[root] = 1
        work: list[tuple[int, list[int], int]] = [(root, successors(root), 0)]
        while work:
            node, nexts, position = work[-1]
            if position < len(nexts):
                work[-1] = (node, nexts, position + 1)
                following = nexts[position]
                if state[following] == 1:
                    name = next((key for key, value in ids.items() if value == following), None)
                    loop = "#" + name if name else "a loop"
                    raise _RefusedError(f"has a <use> (or another href) that refers to itself or to a group holding it ({loop}); "
                                        "it would never finish drawing")
                if state[following] == 0:
                    state[following] = 1
                    work.append((following, successors(following), 0))
                continue
            work.pop()
            state[node] = 2
            total, deepest = 1, 0
            for child in children[node]:
                total += drawn[child]
                deepest = max(deepest, depth[child])
            ref = refs[node]
            target = ids.get(ref) if ref is not None else None
            if target is not None and tags[node] == "use":
                total += drawn[target]
                deepest = max(deepest, depth[target] + 1)
            drawn[node] = min(total, cap)
            depth[node] = deepest
            if deepest > MAX_USE_DEPTH:
                raise _RefusedError(f"nests <use> elements more than {MAX_USE_DEPTH} levels deep (a <use> of a group holding a <use>...); "
                                    f"at most {MAX_USE_DEPTH} are allowed")
            if drawn[node] > MAX_DRAWN:
                raise _RefusedError(f"would draw more than {MAX_DRAWN:,} shapes once its <use> elements are expanded; "
                                    f"at most {MAX_DRAWN:,} are allowed (simplify it)")
