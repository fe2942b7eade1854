"""Write vocabulary.json (schema.org types, subtypes, properties, ranges) from schema-dts.

Not run by the tests: run it by hand to move to a newer schema.org vocabulary
(README.md beside this file says where schema-dts comes from)::

    npm pack schema-dts@VERSION && tar xzf schema-dts-VERSION.tgz
    python tests/data/schemaorg/extract.py package/dist/schema.d.ts VERSION

schema-dts (Google, Apache-2.0) is schema.org's vocabulary as TypeScript
declarations, generated from schema.org's current release: each type ``X``
is ``export type X = XLeaf | Sub1 | Sub2…`` (its direct subtypes), ``XLeaf``
carries ``"@type": "X"`` and extends ``XBase`` (the properties whose domain
includes X) or, for a type without properties of its own, its parent's base;
each ``XBase`` extends its parents' bases. A property is
``"name"?: SchemaValue<Range1 | Range2 | IdReference, "name">``.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

OUT = Path(__file__).with_name("vocabulary.json")
LEAF = re.compile(r'^export interface (\w+)Leaf extends ([\w, ]+?) \{\n\s+"@type": "(\w+)";',
                  re.M)
BASE = re.compile(r"^interface (\w+)Base extends ([^{]+?) \{\n(.*?)^\}", re.M | re.S)
UNION = re.compile(r"^export type (\w+) = (\w+Leaf(?: \| \w+)*);$", re.M)
PROPERTY = re.compile(r'^\s+"(\w+)"\?: SchemaValue<(.+?), "\1">;$', re.M)


def bases(extends: str) -> list[str]:
    return [name.removesuffix("Base") for name in re.findall(r"\b(\w+Base)\b", extends)]


def extract(text: str) -> dict[str, dict]:
    base_parents: dict[str, list[str]] = {}
    base_properties: dict[str, dict[str, list[str]]] = {}
    for name, extends, body in BASE.findall(text):
        base_parents[name] = bases(extends)
        base_properties[name] = {
            prop: sorted({r.strip() for r in ranges.split("|")} - {"IdReference"})
            for prop, ranges in PROPERTY.findall(body)
        }
    types: dict[str, dict] = {}
    for leaf, extends, type_name in LEAF.findall(text):
        if leaf != type_name:
            continue  # types of other vocabularies (gs1, fibo…) that schema.org links to
        types[type_name] = {"bases": bases(extends), "subtypes": []}
    for name, members in UNION.findall(text):
        if name in types:
            types[name]["subtypes"] = sorted(
                m for m in members.split(" | ") if m != f"{name}Leaf" and m in types)
    return {"types": types, "bases": {name: {"extends": base_parents[name],
                                             "properties": base_properties[name]}
                                      for name in sorted(base_parents)}}


def main(argv: list[str]) -> int:
    source, version = Path(argv[0]), argv[1]
    data = {"source": f"schema-dts {version} (npm), dist/schema.d.ts",
            **extract(source.read_text())}
    OUT.write_text(json.dumps(data, indent=0, sort_keys=True, ensure_ascii=False) + "\n")
    sys.stdout.write(f"{OUT}: {len(data['types'])} types, {len(data['bases'])} property sets\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
