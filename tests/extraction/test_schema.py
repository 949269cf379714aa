"""The JSON schema that constrains every LLM's output, and how its fields come out of flatten (no database)."""
from extraction.normalize import flatten
from extraction.schema import JobFields, job_fields_json_schema


def _unbounded(node: dict, defs: dict, path: str = "") -> list[str]:
    """Paths of strings without maxLength and arrays without maxItems anywhere under `node`."""
    if "$ref" in node:
        return _unbounded(defs[node["$ref"].rsplit("/", 1)[1]], defs, path)
    found = []
    for option in node.get("anyOf", []):
        found += _unbounded(option, defs, path)
    if node.get("type") == "string" and "maxLength" not in node and "enum" not in node and "const" not in node:
        found.append(path or "(root)")
    if node.get("type") == "array":
        if "maxItems" not in node:
            found.append(path)
        found += _unbounded(node.get("items", {}), defs, f"{path}[]")
    for name, child in node.get("properties", {}).items():
        found += _unbounded(child, defs, f"{path}.{name}")
    return found


def _unbounded_numbers(node: dict, defs: dict, path: str = "") -> list[str]:
    if "$ref" in node:
        return _unbounded_numbers(defs[node["$ref"].rsplit("/", 1)[1]], defs, path)
    found = [p for option in node.get("anyOf", []) for p in _unbounded_numbers(option, defs, path)]
    if node.get("type") in ("number", "integer") and not ("minimum" in node and "maximum" in node):
        found.append(path)
    for name, child in node.get("properties", {}).items():
        found += _unbounded_numbers(child, defs, f"{path}.{name}")
    return found


def test_every_number_the_model_may_write_has_a_range():
    schema = job_fields_json_schema()

    assert _unbounded_numbers(schema, schema.get("$defs", {})) == []


def test_every_string_and_list_the_model_may_write_is_bounded():
    # A model with random weights writes until a bound stops it: an unbounded field runs to max_tokens and the
    # answer is cut, invalid JSON.
    schema = job_fields_json_schema()

    assert _unbounded(schema, schema.get("$defs", {})) == []


def test_requirements_benefits_and_visa_sponsorship_come_out_clean():
    fields = JobFields(
        requirements=[" 5+ years of Python ", "", "  "],
        benefits=["Private health insurance", " "],
        visa_sponsorship="yes",
    )

    flat = flatten(fields)

    assert flat["requirements"] == ["5+ years of Python"]
    assert flat["benefits"] == ["Private health insurance"]
    assert flat["visa_sponsorship"] == "yes"


def test_unknown_visa_sponsorship_and_empty_lists_are_left_out():
    assert flatten(JobFields()) == {}
