"""Safe YAML loading that remembers the line of every key and item.

PyYAML composes the document into nodes (which carry their marks) with its
safe loader; this module turns the nodes into plain Python values itself, so
that it can record lines, refuse every tag that is not plain data, refuse
duplicate keys, and stop an alias bomb before it expands.
"""

from __future__ import annotations

import datetime as dt
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

    def __init__(self, source: str) -> None:
        self.source = source
        self.marks: dict[Path, int] = {}
        self.nodes = 0
        self._scalars = yaml.SafeLoader("")

    def fail(self, node: yaml.Node, message: str) -> SchemaError:
        return SchemaError(message, path=self.source, line=node.start_mark.line + 1)

    def build(self, node: yaml.Node, path: Path, depth: int) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES or depth > MAX_DEPTH:
            raise self.fail(node, "the schema is too large or too deeply nested (aliases?)")
        self.marks.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode) and node.tag == _MAP_TAG:
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode) and node.tag == _SEQ_TAG:
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        if isinstance(node, yaml.ScalarNode) and node.tag in _PLAIN_TAGS:
            try:
                value = self._scalars.construct_object(node)
            except (yaml.YAMLError, ValueError) as error:
                raise self.fail(node, f"bad value {node.value!r}: {error}") from None
            return value.date() if isinstance(value, dt.datetime) else value
        raise self.fail(node, f"YAML tag {_short_tag(node.tag)} is not allowed: schemas are data")

    def _mapping(self, node: yaml.MappingNode, path: Path, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                merged = self.build(value_node, path, depth + 1)
                sources = merged if isinstance(merged, list) else [merged]
                for source in sources:
                    if not isinstance(source, dict):
                        raise self.fail(value_node, "'<<' must merge a mapping")
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


def load_yaml(text: str, source: str) -> tuple[Any, dict[Path, int]]:
    """Load one YAML document safely; return the data and the line of each path."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        problem = error.problem or "invalid YAML"
        raise SchemaError(f"invalid YAML: {problem}", path=source, line=line) from None
    except yaml.YAMLError as error:
        raise SchemaError(f"invalid YAML: {error}", path=source) from None
    if node is None:
        return None, {}
    builder = _Builder(source)
    data = builder.build(node, (), 0)
    return data, builder.marks
