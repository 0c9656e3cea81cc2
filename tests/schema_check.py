#!/usr/bin/env python3
"""The published JSON Schemas agree with what the harness accepts and rejects.

Every shipped contract and the manifest validate against their schema, and a
contract the harness rejects is rejected by the schema too (so the schema is
not vacuous). Needs the `jsonschema` module; without it, says so and skips.
"""
import json
import pathlib
import sys

root = pathlib.Path(__file__).resolve().parent.parent
try:
    import jsonschema
except ImportError:
    print("schema check skipped: python3 module jsonschema is not installed "
          "(apt-get install python3-jsonschema)")
    sys.exit(0)

contract_schema = json.loads((root / "cpp-harness/schema/contract.schema.json").read_text())
manifest_schema = json.loads((root / "cpp-harness/schema/manifest.schema.json").read_text())
manifest = json.loads((root / "exercises/manifest.json").read_text())

failures = 0
checked = 0


def expect(valid, document, schema, name):
    global failures, checked
    checked += 1
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(document))
    if valid and errors:
        failures += 1
        print(f"FAIL {name}: should validate, but: {errors[0].json_path}: {errors[0].message}")
    elif not valid and not errors:
        failures += 1
        print(f"FAIL {name}: should be rejected by the schema, but validates")
    else:
        print(f"ok   {name}")


expect(True, manifest, manifest_schema, "exercises/manifest.json")
for exercise in manifest["exercises"]:
    path = root / exercise["contract"]
    expect(True, json.loads(path.read_text()), contract_schema, exercise["contract"])
bad = root / "tests/e2e/data/bad-status.json"
expect(False, json.loads(bad.read_text()), contract_schema, "tests/e2e/data/bad-status.json")

print(f"{checked - failures} passed, {failures} failed")
sys.exit(1 if failures else 0)
