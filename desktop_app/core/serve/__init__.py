"""Serving the loaded model to other programs over the OpenAI API, safely: loopback, a token, bounds.

The app (app.py) talks to the model only through a ModelGate (gate.py): "run this on the
model's thread, in turn, and let me cancel it". The CLI gives it a worker thread of its own
(EngineWorker); the window gives it its EngineRunner, so a request from outside waits its turn
like a chat turn. Nothing here imports Qt.
"""
