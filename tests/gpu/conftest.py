"""The gpu tests run where Django is not installed: nothing here, or in what they import, may need it."""
import pytest


@pytest.fixture(autouse=True)
def _fresh_engines():
    """Replaces tests/conftest.py's fixture of this name, which imports the Django-configured engine factory.

    The gpu tests build their VLLMEngine themselves, so there is no cached engine to clear.
    """
    yield
