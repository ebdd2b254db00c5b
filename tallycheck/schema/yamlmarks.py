"""Safe YAML loading that remembers the line of every key and item.

PyYAML composes the document into nodes (which carry their marks) with its
safe loader; this module turns the nodes into plain Python values itself, so
that it can record lines, refuse every tag that is not plain data, refuse
duplicate keys, and stop an alias bomb before it expands. Before composing,
the document's events are streamed once to refuse one too large or too deeply
nested: libyaml's composer recurses in C, and a few hundred kilobytes of ``[``
would overflow its stack.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml

from tallycheck.errors import SchemaError

Path = tuple[str | int, ...]

MAX_NODES = 200_000
MAX_DEPTH = 64
_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_INT_TAG = "tag:yaml.org,2002:int"
_FLOAT_TAG = "tag:yaml.org,2002:float"
# How a number is written in decimal digits; YAML 1.1 also reads 0x1F, 017, 1_000, 1:30.
_DECIMAL = re.compile(
    r"[-+]?(?:0|[1-9][0-9]*)"
    r"|[-+]?[0-9]*\.[0-9]*(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)
_MAX_DIGITS = 100
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MERGE_TAG = "tag:yaml.org,2002:merge"

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def format_path(path: Path) -> str:
    """``("rules", 2, "parts")`` -> ``rules[2].parts``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _short_tag(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org") else tag


class _Builder:
    """Turns a node tree into values, recording ``path -> line``."""

    def __init__(self, source: str, kind: str = "schema") -> None:
        self.source = source
        self.kind = kind
        self.marks: dict[Path, int] = {}
        self.nodes = 0
        self._scalars = yaml.SafeLoader("")

    def fail(self, node: yaml.Node, message: str) -> SchemaError:
        return SchemaError(message, path=self.source, line=node.start_mark.line + 1)

    def build(self, node: yaml.Node, path: Path, depth: int) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES or depth > MAX_DEPTH:
            raise self.fail(node, f"the {self.kind} is too large or too deeply nested (aliases?)")
        self.marks.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode) and node.tag == _MAP_TAG:
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode) and node.tag == _SEQ_TAG:
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        if isinstance(node, yaml.ScalarNode) and node.tag in _PLAIN_TAGS:
            self._check_number(node, path)
            try:
                value = self._scalars.construct_object(node)
            except (yaml.YAMLError, ValueError) as error:
                where = format_path(path)
                problem = f"bad value {node.value!r}: {error}"
                raise self.fail(node, f"{where}: {problem}" if where else problem) from None
            return value.date() if isinstance(value, dt.datetime) else value
        raise self.fail(
            node, f"YAML tag {_short_tag(node.tag)} is not allowed: {self.kind}s are data"
        )

    def _check_number(self, node: yaml.ScalarNode, path: Path) -> None:
        """Refuse a number YAML reads from another spelling than decimal digits
        (0x1F, 0o17, 017, 0b101, 1_000, 1:30), and one too long to be a number."""
        if node.tag not in (_INT_TAG, _FLOAT_TAG):
            return
        where = format_path(path)
        if not _DECIMAL.fullmatch(node.value):
            problem = (
                f"{node.value!r} is not a number in decimal digits; write the number as "
                "digits only (no 0x, 0o, 0b, leading 0, _ or :), or quote it if it is text"
            )
        elif len(node.value) > _MAX_DIGITS:
            problem = f"the number {node.value[:20]}… ({len(node.value)} characters) is too long"
        else:
            return
        raise self.fail(node, f"{where}: {problem}" if where else problem)

    def _mapping(self, node: yaml.MappingNode, path: Path, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                merged = self.build(value_node, path, depth + 1)
                sources = merged if isinstance(merged, list) else [merged]
                for source in sources:
                    if not isinstance(source, dict):
                        raise self.fail(key_node, "'<<' must merge a mapping")
                    for key, value in source.items():
                        result.setdefault(key, value)
                continue
            if not (isinstance(key_node, yaml.ScalarNode) and key_node.tag in _PLAIN_TAGS):
                raise self.fail(key_node, "a key must be plain text")
            key = str(key_node.value)
            if key in result:
                raise self.fail(key_node, f"{format_path((*path, key))} is given twice")
            self.marks[(*path, key)] = key_node.start_mark.line + 1
            result[key] = self.build(value_node, (*path, key), depth + 1)
        return result


_OPENERS = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_CLOSERS = (yaml.SequenceEndEvent, yaml.MappingEndEvent)
_NODE_EVENTS = (*_OPENERS, yaml.ScalarEvent, yaml.AliasEvent)


def _check_shape(text: str, source: str, kind: str) -> None:
    """Stream the events once: refuse a document too deep or with too many nodes.

    Streaming is flat (no recursion), so it is safe on any input, and it stops
    at the first node over a limit instead of composing the whole document.
    """
    depth = nodes = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, _NODE_EVENTS):
            nodes += 1
        if isinstance(event, _OPENERS):
            depth += 1
        elif isinstance(event, _CLOSERS):
            depth -= 1
        if depth > MAX_DEPTH or nodes > MAX_NODES:
            line = event.start_mark.line + 1 if event.start_mark else None
            raise SchemaError(
                f"the {kind} is too large or too deeply nested", path=source, line=line
            )


def _line_of(text: str, position: int) -> int:
    """The 1-based line of a reader error's offset (libyaml counts UTF-8 bytes)."""
    if _Loader is yaml.SafeLoader:
        return text.count("\n", 0, position) + 1
    return text.encode("utf-8", "surrogatepass").count(b"\n", 0, position) + 1


def load_yaml(text: str, source: str, kind: str = "schema") -> tuple[Any, dict[Path, int]]:
    """Load one YAML document safely; return the data and the line of each path.

    ``kind`` names the kind of file in messages: ``schema`` or ``config``.
    """
    try:
        _check_shape(text, source, kind)
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        problem = error.problem or "invalid YAML"
        raise SchemaError(f"invalid YAML: {problem}", path=source, line=line) from None
    except yaml.reader.ReaderError as error:
        character = f"#x{error.character:04x}" if isinstance(error.character, int) else "a byte"
        raise SchemaError(
            f"invalid YAML: {error.reason} ({character})",
            path=source,
            line=_line_of(text, error.position),
        ) from None
    except yaml.YAMLError as error:
        first = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise SchemaError(f"invalid YAML: {first}", path=source) from None
    if node is None:
        return None, {}
    builder = _Builder(source, kind)
    data = builder.build(node, (), 0)
    return data, builder.marks
