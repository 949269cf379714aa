"""Saved tables (extraction.table_cache): built once, read by the next process, built again when their code or
data changed or their file is damaged; never a reason to fail."""
import pickle

from extraction.table_cache import saved_table


def _builder(calls: list):
    def build():
        calls.append(1)
        return {"münchen": ("Munich", 48.14, 11.58)}
    return build


def test_a_table_is_built_once_and_read_after(tmp_path, monkeypatch):
    monkeypatch.setenv("JOBSCRAPER_VAR_DIR", str(tmp_path))
    source = tmp_path / "builder.py"
    source.write_text("TABLE = 1\n")
    calls = []

    first = saved_table("places", _builder(calls), sources=[str(source)])
    again = saved_table("places", _builder(calls), sources=[str(source)])

    assert first == again == {"münchen": ("Munich", 48.14, 11.58)} and len(calls) == 1
    # the code that builds it changes: built again, the older file replaced
    source.write_text("TABLE = 2\n")
    saved_table("places", _builder(calls), sources=[str(source)])
    assert len(calls) == 2 and len(list((tmp_path / "tables").glob("places-*.pickle"))) == 1


def test_a_damaged_or_unwritable_table_is_built_in_memory(tmp_path, monkeypatch):
    monkeypatch.setenv("JOBSCRAPER_VAR_DIR", str(tmp_path))
    source = tmp_path / "builder.py"
    source.write_text("TABLE = 1\n")
    calls = []
    saved_table("places", _builder(calls), sources=[str(source)])
    [saved] = (tmp_path / "tables").glob("places-*.pickle")
    saved.write_bytes(pickle.dumps({"cut": 1})[:5])  # a file cut short

    assert saved_table("places", _builder(calls), sources=[str(source)])["münchen"][0] == "Munich"
    assert len(calls) == 2 and pickle.loads(saved.read_bytes())["münchen"][0] == "Munich"  # and saved whole again

    monkeypatch.setenv("JOBSCRAPER_VAR_DIR", str(source))  # a file where the directory should be: nothing saved
    assert saved_table("places", _builder(calls), sources=[str(source)])["münchen"][0] == "Munich"
