"""Plain-Python core: engine, prompts, store and model services. Never imports Qt."""
