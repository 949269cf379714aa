"""Extraction engines behind one interface (no Django here: the gpu tests import these alone)."""
from .base import BatchError, Engine, EngineError, ExtractionRequest, ExtractionResult

__all__ = ["BatchError", "Engine", "EngineError", "ExtractionRequest", "ExtractionResult"]
