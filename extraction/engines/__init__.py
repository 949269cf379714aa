"""Extraction engines behind one interface (no Django here: the gpu tests import these alone)."""
from .base import Engine, EngineError, ExtractionRequest, ExtractionResult

__all__ = ["Engine", "EngineError", "ExtractionRequest", "ExtractionResult"]
