"""Model files: GGUF metadata, the starter model, the library, downloads and memory fit."""
