"""One chat turn from the user's words to a stored answer; shared by the window and the CLI."""

from desktop_app.core.chat.service import ChatService, ContextUse, Turn, TurnResult

__all__ = ["ChatService", "ContextUse", "Turn", "TurnResult"]
