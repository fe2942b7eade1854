"""JSON-LD against schema.org's vocabulary and Google's required JobPosting properties.

The vocabulary is vendored (tests/data/schemaorg/, its README says which
release and under which licence), so the check needs no network. A node's
``@type`` must be a schema.org type; each of its properties must be one
whose domain includes that type or one of its ancestors; a nested node's
type must be one of the property's ranges or a subtype of one; a literal must
fit one of the ranges' data types.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VOCABULARY = json.loads(
    (ROOT / "tests" / "data" / "schemaorg" / "vocabulary.json").read_text(encoding="utf-8"))
CONTEXTS = {"https://schema.org/", "https://schema.org"}
#: schema.org data types -> the JSON values that may stand for them.
DATATYPES: dict[str, tuple[type, ...]] = {
    "Text": (str,), "URL": (str,), "Date": (str,), "DateTime": (str,), "Time": (str,),
    "Number": (int, float), "Integer": (int,), "Float": (float,), "Boolean": (bool,),
}
#: Google's required properties of a JobPosting (Search Central, "Job posting
#: structured data"). ``jobLocation`` may instead be applicantLocationRequirements +
#: jobLocationType TELECOMMUTE, which a posting with an office does not use.
GOOGLE_JOBPOSTING_REQUIRED = ("datePosted", "description", "hiringOrganization",
                              "jobLocation", "title")
#: Required by Google, left out on purpose, and the file that says why.
DOCUMENTED_ABSENCES = {"datePosted": ROOT / "docs" / "maintainers.md"}


@functools.cache
def parents(name: str) -> frozenset[str]:
    return frozenset(t for t, entry in VOCABULARY["types"].items() if name in entry["subtypes"])


@functools.cache
def is_a(name: str, wanted: str) -> bool:
    return name == wanted or any(is_a(parent, wanted) for parent in parents(name))


@functools.cache
def _base_properties(base: str) -> dict[str, tuple[str, ...]]:
    entry = VOCABULARY["bases"][base]
    found: dict[str, tuple[str, ...]] = {}
    for parent in entry["extends"]:
        found |= _base_properties(parent)
    return found | {prop: tuple(ranges) for prop, ranges in entry["properties"].items()}


def properties(name: str) -> dict[str, tuple[str, ...]]:
    """Every property a *name* node may have, with its ranges."""
    found: dict[str, tuple[str, ...]] = {}
    for base in VOCABULARY["types"][name]["bases"]:
        found |= _base_properties(base)
    return found


def problems(node: Any, where: str = "") -> list[str]:
    """What in *node* (a JSON-LD object) is not schema.org; empty if nothing."""
    if not isinstance(node, dict) or "@type" not in node:
        return [f"{where or '(top)'}: not a typed node: {node!r}"]
    found = []
    if not where and node.get("@context") not in CONTEXTS:
        found.append(f"@context: {node.get('@context')!r} is not schema.org")
    kind = node["@type"]
    if kind not in VOCABULARY["types"]:
        return [*found, f"{where or '(top)'}: @type {kind!r} is not a schema.org type"]
    allowed = properties(kind)
    for key, value in node.items():
        if key.startswith("@"):
            continue
        here = f"{where}.{key}" if where else key
        if key not in allowed:
            found.append(f"{here}: {key!r} is not a property of {kind} (nor of its ancestors)")
            continue
        ranges = allowed[key]
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict):
                found += problems(item, here)
                inner = item.get("@type")
                if inner in VOCABULARY["types"] and not any(is_a(inner, r) for r in ranges):
                    found.append(f"{here}: a {inner} where {key} expects {' or '.join(ranges)}")
            elif not _literal_fits(item, ranges):
                found.append(f"{here}: {item!r} fits none of {', '.join(ranges)}")
    return found


def _literal_fits(value: Any, ranges: tuple[str, ...]) -> bool:
    for name in ranges:
        kinds = DATATYPES.get(name)
        if kinds is None:
            if isinstance(value, str) and name in VOCABULARY["types"] \
                    and is_a(name, "Enumeration"):
                return True  # an enumeration member, by name or URL
            continue
        if isinstance(value, bool) and bool not in kinds:
            continue  # JSON true/false is no Number
        if isinstance(value, kinds):
            return True
    return False


def missing_google_properties(posting: dict[str, Any]) -> list[str]:
    """Google's required JobPosting properties neither present nor documented as absent."""
    missing = []
    for name in GOOGLE_JOBPOSTING_REQUIRED:
        if name in posting:
            continue
        doc = DOCUMENTED_ABSENCES.get(name)
        if doc is None or name not in doc.read_text(encoding="utf-8"):
            missing.append(name)
    return missing
