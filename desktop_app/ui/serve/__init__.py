"""The window's server: the model the window has loaded, served over the OpenAI API (Models › Serve)."""
