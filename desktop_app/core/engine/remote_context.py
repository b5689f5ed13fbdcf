"""The context size a server gives its model, where the server says it.

There is no standard field: vLLM (and Inkstone's own server) put `max_model_len` in each
/v1/models entry, llama.cpp's llama-server reports its slots' `n_ctx` in /props, Ollama tells
`num_ctx` in /api/show (see OLLAMA_DEFAULT_CTX when it does not). Others (llama-cpp-python's server,
LM Studio) do not say: the user is asked, and until then a default is assumed.
"""

from __future__ import annotations

import logging
import re
from typing import Any, Mapping

log = logging.getLogger(__name__)

PROBE_TIMEOUT = 5.0  # seconds per probe: these are small JSON answers
# Ollama runs a model at its num_ctx parameter when the model sets one, else at its own default
# (4096 tokens in current versions), whatever the model was trained for; longer prompts lose
# their beginning silently, so the smaller figure is the safe one.
OLLAMA_DEFAULT_CTX = 4096


def context_from_models_entry(entry: Mapping[str, Any]) -> int | None:
    """vLLM's `max_model_len` (Inkstone's server reports it the same way)."""
    return _positive_int(entry.get("max_model_len"))


def probe_context_size(client: Any, root: str, model_id: str, headers: Mapping[str, str]) -> int | None:
    """Ask llama-server's /props, then Ollama's /api/show; None when neither answers with a size."""
    for probe in (_llama_server_props, _ollama_show):
        try:
            size = probe(client, root, model_id, dict(headers))
        except Exception:  # noqa: BLE001 - a probe that fails only means the server does not say
            log.debug("Context probe %s failed", probe.__name__, exc_info=True)
            continue
        if size:
            return size
    return None


def _llama_server_props(client: Any, root: str, model_id: str, headers: dict[str, str]) -> int | None:
    response = client.get(f"{root}/props", headers=headers, timeout=PROBE_TIMEOUT)
    if response.status_code != 200:
        return None
    props = response.json()
    if not isinstance(props, dict):
        return None
    settings = props.get("default_generation_settings")
    if isinstance(settings, dict) and _positive_int(settings.get("n_ctx")):
        return _positive_int(settings.get("n_ctx"))
    return _positive_int(props.get("n_ctx"))


def _ollama_show(client: Any, root: str, model_id: str, headers: dict[str, str]) -> int | None:
    response = client.post(f"{root}/api/show", json={"model": model_id}, headers=headers, timeout=PROBE_TIMEOUT)
    if response.status_code != 200:
        return None
    shown = response.json()
    if not isinstance(shown, dict):
        return None
    parameters = shown.get("parameters")
    if isinstance(parameters, str):
        match = re.search(r"^\s*num_ctx\s+(\d+)\s*$", parameters, re.MULTILINE)
        if match:
            return _positive_int(int(match.group(1)))
    info = shown.get("model_info")
    if isinstance(info, dict):
        for key, value in info.items():
            trained = _positive_int(value) if isinstance(key, str) and key.endswith(".context_length") else None
            if trained:
                return min(trained, OLLAMA_DEFAULT_CTX)
    return None


def _positive_int(value: object) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        return None
    return value
