"""Running a GGUF model: the Engine interface, the llama.cpp engine and a fake for tests."""

from desktop_app.core.engine.base import (
    Engine,
    GenerationParams,
    GenerationStats,
    LoadOptions,
    ModelInfo,
    PromptProgress,
    TextCallback,
)

__all__ = [
    "Engine",
    "GenerationParams",
    "GenerationStats",
    "LoadOptions",
    "ModelInfo",
    "PromptProgress",
    "TextCallback",
]
