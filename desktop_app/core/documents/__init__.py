"""Documents: private question answering over the user's own files, with sources.

extract (text, pages, headings) -> chunking (passages with their place) -> embedding (a GGUF
embedding model through core/engine/embedder.py) -> store (core/store/documents.py: chunks, vectors,
FTS5) -> retrieval (keyword + vector, fused) -> answering (prompt section, citations). The
worker indexes on its own thread; library.DocumentLibrary wires it all for the window and the CLI.
"""
