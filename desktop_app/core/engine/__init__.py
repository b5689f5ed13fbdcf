"""Running a GGUF model: the Engine interface, the llama.cpp engine and a fake for tests."""

from desktop_app.core.engine.base import (
    ChatMessage,
    Engine,
    GenerationParams,
    GenerationStats,
    LoadOptions,
    MessagesEngine,
    ModelInfo,
    PromptProgress,
    TextCallback,
)

__all__ = [
    "ChatMessage",
    "Engine",
    "GenerationParams",
    "GenerationStats",
    "LoadOptions",
    "MessagesEngine",
    "ModelInfo",
    "PromptProgress",
    "TextCallback",
]
