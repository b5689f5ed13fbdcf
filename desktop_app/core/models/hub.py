"""Talking to the Hugging Face Hub: search GGUF repos, list their files, turn failures into plain errors.

huggingface_hub reads HF_ENDPOINT and HF_HUB_OFFLINE once, at import. We read them on every
call instead (and pass the endpoint explicitly), so a setting changed after start-up is honoured.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from desktop_app.core.errors import InkstoneError

log = logging.getLogger(__name__)

DEFAULT_ENDPOINT = "https://huggingface.co"
METADATA_TIMEOUT = 30.0  # seconds to wait for the Hub's answer about a repo or file
# Preferred quantisations when the user names a repo but not a file: quality per byte, best first.
PREFERRED_QUANTS = ("Q4_K_M", "Q4_K_S", "Q5_K_M", "IQ4_XS", "Q4_0", "Q5_K_S", "Q6_K", "Q8_0")

_SPLIT_RE = re.compile(r"-(\d{5})-of-(\d{5})\.gguf$", re.IGNORECASE)
_QUANT_RE = re.compile(
    r"^(?:UD-)?(I?Q\d(?:_[A-Z0-9]+)*|TQ\d_\d|MXFP4(?:_MOE)?|BF16|FP16|F16|FP32|F32)$", re.IGNORECASE
)


class HubError(InkstoneError):
    """The Hub could not answer a search, a listing or a download request."""


class HubOfflineError(HubError):
    """Offline mode is on, so no request was made."""


class HubConnectionError(HubError):
    """The Hub could not be reached (no network, DNS, TLS, timeout)."""


class HubAuthError(HubError):
    """The repo is gated or private and the token is missing, wrong or lacks access."""


class HubNotFoundError(HubError):
    """No such repo, revision or file."""


@dataclass(frozen=True)
class HubModel:
    """One search result: a repo that holds GGUF files."""

    repo_id: str
    downloads: int | None = None
    likes: int | None = None
    gated: bool = False
    last_modified: datetime | None = None


@dataclass(frozen=True)
class HubFile:
    """One .gguf file in a repo, with what the Hub knows about it before download."""

    repo_id: str
    filename: str
    size: int | None
    sha256: str | None  # from the LFS pointer; None for files kept in plain git
    quantization: str | None
    split: tuple[int, int] | None = None  # (part, of) for multi-file models, else None

    @property
    def is_projector(self) -> bool:
        """A vision projector (mmproj), useless without its language model."""
        return "mmproj" in Path(self.filename).name.lower()


def hub_endpoint() -> str:
    return (os.environ.get("HF_ENDPOINT") or DEFAULT_ENDPOINT).rstrip("/")


def offline_mode() -> bool:
    from huggingface_hub import constants

    value = os.environ.get("HF_HUB_OFFLINE") or os.environ.get("TRANSFORMERS_OFFLINE") or ""
    return constants.is_offline_mode() or value.strip().upper() in {"1", "ON", "YES", "TRUE"}


def require_online() -> None:
    """Raise HubOfflineError before any network attempt when the user asked for offline mode."""
    if offline_mode():
        raise HubOfflineError(
            "Inkstone is offline (HF_HUB_OFFLINE is set), so it cannot reach the Hugging Face Hub; "
            "unset HF_HUB_OFFLINE to search or download models."
        )


def search_gguf_models(query: str, *, limit: int = 20, token: str | None = None) -> list[HubModel]:
    """Repos tagged gguf whose name contains `query`, most downloaded first.

    One GET of /api/models (what HfApi.list_models sends) rather than list_models itself, which
    retries a refused connection five times with back-off: a search box should fail in a second.
    """
    from huggingface_hub import ModelInfo
    from huggingface_hub.utils import get_session, hf_raise_for_status

    require_online()
    params = {
        "search": query.strip(),
        "filter": "gguf",
        "sort": "downloads",
        "limit": limit,
        "expand": ["downloads", "likes", "gated", "lastModified"],
    }
    with hub_errors(repo_id=None):
        response = get_session().get(
            f"{hub_endpoint()}/api/models", params=params, headers=hub_headers(token), timeout=METADATA_TIMEOUT
        )
        hf_raise_for_status(response)
        found = [ModelInfo(**item) for item in response.json()[:limit]]
    return [
        HubModel(
            repo_id=info.id,
            downloads=info.downloads,
            likes=info.likes,
            gated=bool(info.gated),
            last_modified=info.last_modified,
        )
        for info in found
    ]


def list_gguf_files(repo_id: str, *, revision: str = "main", token: str | None = None) -> list[HubFile]:
    """The repo's .gguf files with size and SHA-256, sorted by name."""
    require_online()
    api = _api(token)
    with hub_errors(repo_id=repo_id, revision=revision):
        info = api.model_info(
            repo_id, revision=revision, files_metadata=True, timeout=METADATA_TIMEOUT, token=token
        )
    files = []
    for sibling in info.siblings or []:
        if not sibling.rfilename.lower().endswith(".gguf"):
            continue
        lfs = sibling.lfs
        files.append(
            HubFile(
                repo_id=repo_id,
                filename=sibling.rfilename,
                size=lfs.size if lfs else sibling.size,
                sha256=lfs.sha256 if lfs else None,
                quantization=quantization_from_filename(sibling.rfilename),
                split=split_part(sibling.rfilename),
            )
        )
    return sorted(files, key=lambda f: f.filename)


def lfs_sha256(repo_id: str, filename: str, *, revision: str, token: str | None = None) -> str | None:
    """The file's SHA-256 from its LFS pointer (paths-info), for when the download headers lack it."""
    require_online()
    api = _api(token)
    with hub_errors(repo_id=repo_id, filename=filename, revision=revision):
        entries = api.get_paths_info(repo_id, [filename], revision=revision, token=token)
    for entry in entries:
        lfs = getattr(entry, "lfs", None)
        if getattr(entry, "path", None) == filename and lfs is not None:
            return lfs.sha256
    return None


def quantization_from_filename(filename: str) -> str | None:
    """'qwen2.5-3b-instruct-q4_k_m.gguf' -> 'Q4_K_M'; None when the name does not say."""
    stem = _SPLIT_RE.sub(".gguf", Path(filename).name)
    stem = re.sub(r"\.gguf$", "", stem, flags=re.IGNORECASE)
    for token in reversed(re.split(r"[-.]", stem)):
        if _QUANT_RE.match(token):
            quant = token.upper()
            return quant[3:] if quant.startswith("UD-") else quant
    return None


def split_part(filename: str) -> tuple[int, int] | None:
    match = _SPLIT_RE.search(filename)
    return (int(match.group(1)), int(match.group(2))) if match else None


def pick_default_file(files: list[HubFile], preferred: tuple[str, ...] = PREFERRED_QUANTS) -> HubFile | None:
    """The single-file model to fetch when the user gave only a repo, or None if the choice is unclear."""
    candidates = [f for f in files if f.split is None and not f.is_projector]
    if len(candidates) == 1:
        return candidates[0]
    for quant in preferred:
        matching = [f for f in candidates if f.quantization == quant]
        if matching:
            return min(matching, key=lambda f: len(f.filename))
    return None


@contextmanager
def hub_errors(
    *, repo_id: str | None, filename: str | None = None, revision: str | None = None
) -> Iterator[None]:
    """Re-raise huggingface_hub / network failures as HubError subclasses with one-line messages."""
    try:
        yield
    except InkstoneError:
        raise
    except Exception as exc:  # noqa: BLE001 - everything below is translated or re-raised
        translated = translate_error(exc, repo_id=repo_id, filename=filename, revision=revision)
        if translated is None:
            raise
        log.warning("Hugging Face Hub call for %s failed: %s", repo_id or "the Hub", translated, exc_info=True)
        raise translated from exc


def translate_error(
    exc: BaseException, *, repo_id: str | None, filename: str | None = None, revision: str | None = None
) -> HubError | None:
    """The HubError for a huggingface_hub or httpx2 exception, or None if it is not a Hub failure."""
    import httpx2
    from huggingface_hub import errors

    endpoint = hub_endpoint()
    what = repo_id or "the Hub"
    if isinstance(exc, errors.HFValidationError):
        return HubNotFoundError(f"'{what}' is not a valid Hub repo id or file name: {_first_line(exc)}")
    if isinstance(exc, errors.OfflineModeIsEnabled):
        return HubOfflineError(
            "Inkstone is offline (HF_HUB_OFFLINE is set), so it cannot reach the Hugging Face Hub; "
            "unset HF_HUB_OFFLINE to search or download models."
        )
    if isinstance(exc, errors.GatedRepoError):
        if _status(exc) == 403:
            return HubAuthError(
                f"Your Hugging Face account has no access to {what} yet: accept its licence at "
                f"{endpoint}/{what}, then try again."
            )
        return HubAuthError(
            f"{what} is gated: accept its licence at {endpoint}/{what} and log in "
            "(run `hf auth login` or set HF_TOKEN), then try again."
        )
    if isinstance(exc, errors.RepositoryNotFoundError):
        return HubNotFoundError(
            f"The Hugging Face Hub has no model {what} (if it is private, log in with "
            "`hf auth login` or set HF_TOKEN)."
        )
    if isinstance(exc, errors.RevisionNotFoundError):
        return HubNotFoundError(f"{what} has no revision '{revision}'.")
    if isinstance(exc, errors.RemoteEntryNotFoundError):
        return HubNotFoundError(f"{what} has no file {filename}.")
    if isinstance(exc, errors.HfHubHTTPError):
        status = _status(exc)
        if status == 401:
            return HubAuthError(
                "The Hugging Face Hub rejected your token (401); log in again with `hf auth login` or fix HF_TOKEN."
            )
        if status == 403:
            return HubAuthError(f"The Hugging Face Hub refused access to {what} (403); check your token's permissions.")
        if status == 429:
            return HubError("The Hugging Face Hub is limiting requests (429); wait a minute and try again.")
        if status is not None and status >= 500:
            return HubError(f"The Hugging Face Hub had a server error ({status}); try again later.")
        return HubError(f"The Hugging Face Hub answered {status} for {what}.")
    if isinstance(exc, (httpx2.TransportError, ConnectionError, TimeoutError)):
        return HubConnectionError(
            f"Cannot reach the Hugging Face Hub at {endpoint} ({_first_line(exc)}); check your internet connection."
        )
    return None


def hub_headers(token: str | None) -> dict[str, str]:
    """Auth (explicit token, else huggingface_hub's own lookup: HF_TOKEN, `hf auth login`) and user agent."""
    from huggingface_hub.utils import build_hf_headers

    from desktop_app import __version__

    return build_hf_headers(token=token, library_name="inkstone", library_version=__version__)


def _api(token: str | None):
    from huggingface_hub import HfApi

    from desktop_app import __version__

    return HfApi(endpoint=hub_endpoint(), token=token, library_name="inkstone", library_version=__version__)


def _status(exc: BaseException) -> int | None:
    response = getattr(exc, "response", None)
    return getattr(response, "status_code", None)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:160]
