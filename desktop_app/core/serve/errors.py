"""Errors in the OpenAI error shape, with the status codes OpenAI clients expect."""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """A request the server answers with an error: {"error": {"message", "type", "param", "code"}}."""

    def __init__(self, status: int, message: str, *, type: str = "invalid_request_error",  # noqa: A002 (API field)
                 code: str | None = None, param: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.type = type
        self.code = code
        self.param = param

    def body(self) -> dict[str, Any]:
        return {"error": {"message": self.message, "type": self.type, "param": self.param, "code": self.code}}


def invalid(message: str, param: str | None = None) -> ApiError:
    return ApiError(400, message, param=param)


def unauthorized() -> ApiError:
    return ApiError(401, "Missing or wrong API token. Send it as 'Authorization: Bearer <token>'; "
                    "Inkstone shows it in Models › Serve, and `inkstone serve --print-token` prints it.",
                    code="invalid_api_key")


def forbidden_origin(origin: str) -> ApiError:
    return ApiError(403, "Requests from this web origin are not allowed. Add it to the server's allowed "
                    "origins to let a web page call Inkstone.", type="permission_error", code="origin_not_allowed")


def not_found(what: str) -> ApiError:
    return ApiError(404, f"{what} is not served here.", code="not_found")


def no_model() -> ApiError:
    return ApiError(503, "No model is loaded in Inkstone.", type="server_error", code="model_not_loaded")


def busy() -> ApiError:
    return ApiError(503, "Too many requests are waiting for the model; try again shortly.",
                    type="server_error", code="server_busy")


def server_error(message: str) -> ApiError:
    return ApiError(500, message, type="server_error", code="internal_error")
