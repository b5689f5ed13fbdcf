"""Download one GGUF from the Hub into a folder, resumably, and only keep it if its SHA-256 matches.

huggingface_hub's hf_hub_download does not resume a download begun by an earlier process, so this
streams the file itself with huggingface_hub's helpers (hf_hub_url, get_hf_file_metadata,
build_hf_headers, its shared httpx2 session):

    <dest>/<file>.part       the bytes so far, always a prefix of the file
    <dest>/<file>.part.json  what they are a prefix of (url, commit, size, sha256, etag)

A later call with the same remote file asks for `Range: bytes=N-` and appends; a cancel, Ctrl-C,
dropped connection or killed process leaves both files for that later call.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import BinaryIO

from desktop_app.core.errors import InkstoneError
from desktop_app.core.models.hub import hub_endpoint, hub_errors, hub_headers, lfs_sha256, require_online

READ_TIMEOUT = 30.0  # seconds without a byte before a stalled connection counts as dropped
CONNECT_TIMEOUT = 15.0
SYNC_EVERY_BYTES = 8 * 1024 * 1024  # fsync and note progress this often, so a crash loses little
SYNC_EVERY_SECONDS = 2.0
PROGRESS_EVERY_SECONDS = 0.2
HASH_BLOCK = 1024 * 1024


class DownloadError(InkstoneError):
    """A download could not finish; str() says whether running it again will resume."""


class DownloadInterrupted(DownloadError):
    """The connection dropped; the part file is kept and the next call resumes it."""


class DownloadCancelled(DownloadError):
    """The caller cancelled; the part file is kept and the next call resumes it."""


class DownloadVerificationError(DownloadError):
    """The bytes did not match the Hub's SHA-256 or size; they were deleted."""


class DownloadBusyError(DownloadError):
    """Another process is downloading the same file into the same folder."""


@dataclass(frozen=True)
class DownloadProgress:
    bytes_done: int
    bytes_total: int | None
    speed: float  # bytes per second, smoothed
    eta: float | None  # seconds left, None until the speed is known
    resumed_from: int = 0  # bytes already on disk when this call started

    @property
    def fraction(self) -> float | None:
        return self.bytes_done / self.bytes_total if self.bytes_total else None


@dataclass(frozen=True)
class RemoteFile:
    """What the Hub says about the file before we fetch it."""

    url: str  # resolve URL pinned to the commit, so a resume fetches the same bytes
    commit: str | None
    size: int
    sha256: str | None
    etag: str | None


ProgressCallback = Callable[[DownloadProgress], None]


def part_path(dest_dir: Path, filename: str) -> Path:
    return Path(dest_dir) / f"{Path(filename).name}.part"


def repo_dir(models_root: Path, repo_id: str) -> Path:
    """Where a repo's files go under the models folder (owner/name), so equal file names never collide."""
    parts = repo_id.split("/")
    if len(parts) != 2 or any(p in ("", ".", "..") or "\\" in p for p in parts):
        raise DownloadError(f"'{repo_id}' is not a Hub repo id (owner/name).")
    return Path(models_root).joinpath(*parts)


def download_model(
    repo_id: str,
    filename: str,
    dest_dir: Path,
    *,
    revision: str = "main",
    token: str | None = None,
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
) -> Path:
    """Fetch repo_id/filename into dest_dir and return its path once its SHA-256 is verified."""
    require_online()
    dest_dir = Path(dest_dir)
    target = dest_dir / Path(filename).name
    remote = fetch_remote_file(repo_id, filename, revision=revision, token=token)
    try:
        dest_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DownloadError(f"Cannot create the models folder {dest_dir}: {exc.strerror or exc}.") from exc
    if target.exists():
        return _existing(target, remote)

    import filelock

    lock = filelock.FileLock(str(dest_dir / f".{target.name}.lock"))
    try:
        lock.acquire(timeout=0)
    except filelock.Timeout as exc:
        raise DownloadBusyError(
            f"{target.name} is already being downloaded by another Inkstone window or command."
        ) from exc
    try:
        if target.exists():  # finished by another process while we were looking
            return _existing(target, remote)
        _PartDownload(target, remote, repo_id, filename, token, progress, cancel).run()
    finally:
        lock.release()
        _unlink(dest_dir / f".{target.name}.lock")  # filelock >= 4 notices a lock file unlinked under it
    return target


def fetch_remote_file(repo_id: str, filename: str, *, revision: str = "main", token: str | None = None) -> RemoteFile:
    """HEAD the file on the Hub: size, commit, etag and (for LFS files) SHA-256."""
    from huggingface_hub import get_hf_file_metadata, hf_hub_url

    require_online()
    endpoint = hub_endpoint()
    with hub_errors(repo_id=repo_id, filename=filename, revision=revision):
        url = hf_hub_url(repo_id, filename, revision=revision, endpoint=endpoint)
        meta = get_hf_file_metadata(url, token=token, timeout=CONNECT_TIMEOUT * 2, endpoint=endpoint)
    if meta.size is None:
        raise DownloadError(f"The Hub did not say how large {filename} is, so it cannot be downloaded safely.")
    sha256 = meta.etag if _looks_like_sha256(meta.etag) else None
    if sha256 is None:
        sha256 = lfs_sha256(repo_id, filename, revision=meta.commit_hash or revision, token=token)
    pinned = hf_hub_url(repo_id, filename, revision=meta.commit_hash or revision, endpoint=endpoint)
    return RemoteFile(url=pinned, commit=meta.commit_hash, size=meta.size, sha256=sha256, etag=meta.etag)


class _PartDownload:
    """One attempt at filling <file>.part and moving it into place."""

    def __init__(
        self,
        target: Path,
        remote: RemoteFile,
        repo_id: str,
        filename: str,
        token: str | None,
        progress: ProgressCallback | None,
        cancel: threading.Event | None,
    ) -> None:
        self.target = target
        self.remote = remote
        self.repo_id = repo_id
        self.filename = filename
        self.token = token
        self.cancel = cancel
        self.part = part_path(target.parent, target.name)
        self.sidecar = self.part.with_name(self.part.name + ".json")
        self.hasher = hashlib.sha256()
        self.offset = 0
        self.meter: _Meter | None = None
        self.progress = progress
        self._synced_at = (0, time.monotonic())

    def run(self) -> None:
        resume_from = self._resumable_bytes()
        mode = "r+b" if resume_from else "wb"
        with open(self.part, mode) as fh:
            fh.truncate(resume_from)
            fh.seek(resume_from)
            self.offset = resume_from
            self._save_sidecar()
            _check_disk_space(self.target.parent, self.remote.size - resume_from, self.target.name)
            if resume_from:
                self._hash_existing(resume_from)
            self.meter = _Meter(self.remote.size, resume_from, self.progress)
            try:
                self._fetch(fh)
            finally:
                self._sync(fh)
        self._verify_and_move()

    def _resumable_bytes(self) -> int:
        """Bytes of an earlier .part that belong to this same remote file, else 0."""
        if not self.part.exists():
            return 0
        try:
            saved = json.loads(self.sidecar.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return 0
        same = (
            isinstance(saved, dict)
            and saved.get("size") == self.remote.size
            and saved.get("sha256") == self.remote.sha256
            and saved.get("etag") == self.remote.etag
        )
        have = self.part.stat().st_size
        return have if same and have <= self.remote.size else 0

    def _hash_existing(self, length: int) -> None:
        with open(self.part, "rb") as fh:
            left = length
            while left:
                self._check_cancel()
                block = fh.read(min(HASH_BLOCK, left))
                if not block:
                    raise DownloadError(f"{self.part} shrank while it was being read; try again.")
                self.hasher.update(block)
                left -= len(block)

    def _fetch(self, fh: BinaryIO) -> None:
        """Stream the missing bytes; a part that does not fit the remote file makes us start over once."""
        for _attempt in range(2):
            if self.offset >= self.remote.size:
                return
            if self._stream(fh):
                return
        raise DownloadInterrupted(f"The Hub kept refusing to resume {self.target.name}; try again later.")

    def _stream(self, fh: BinaryIO) -> bool:
        """One GET from self.offset; False means 'start over from byte 0 and ask again'."""
        import httpx2
        from huggingface_hub.utils import get_session, hf_raise_for_status

        headers = hub_headers(self.token)
        headers["Accept-Encoding"] = "identity"
        if self.offset:
            headers["Range"] = f"bytes={self.offset}-"
        timeout = httpx2.Timeout(READ_TIMEOUT, connect=CONNECT_TIMEOUT)
        try:
            with get_session().stream("GET", self.remote.url, headers=headers, timeout=timeout) as response:
                if response.status_code == 416 or (
                    response.status_code == 206 and not _range_starts_at(response, self.offset)
                ):
                    self._restart(fh)  # our part does not fit the file the Hub has now
                    return False
                with hub_errors(repo_id=self.repo_id, filename=self.filename):
                    hf_raise_for_status(response)
                if response.status_code == 200 and self.offset:
                    self._restart(fh)  # the server ignored Range and sends the whole file: take it
                for chunk in response.iter_bytes():
                    self._check_cancel()
                    fh.write(chunk)
                    self.hasher.update(chunk)
                    self.offset += len(chunk)
                    self._maybe_sync(fh)
                    assert self.meter is not None
                    self.meter.update(self.offset)
        except (httpx2.TransportError, OSError) as exc:
            if isinstance(exc, OSError) and not isinstance(exc, (ConnectionError, TimeoutError)):
                raise DownloadError(f"Cannot write {self.part}: {exc.strerror or exc}.") from exc
            raise DownloadInterrupted(
                f"The download of {self.target.name} stopped at {_mb(self.offset)} of {_mb(self.remote.size)} "
                f"({_drop_reason(exc)}); start it again to resume."
            ) from exc
        if self.offset < self.remote.size:
            raise DownloadInterrupted(
                f"The Hub ended the download of {self.target.name} at {_mb(self.offset)} of "
                f"{_mb(self.remote.size)}; start it again to resume."
            )
        assert self.meter is not None
        self.meter.finish(self.offset)
        return True

    def _restart(self, fh: BinaryIO) -> None:
        fh.seek(0)
        fh.truncate()
        self.hasher = hashlib.sha256()
        self.offset = 0
        if self.meter is not None:
            self.meter.restart()

    def _check_cancel(self) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise DownloadCancelled(
                f"The download of {self.target.name} was paused at {_mb(self.offset)}; start it again to resume."
            )

    def _maybe_sync(self, fh: BinaryIO) -> None:
        synced_bytes, synced_time = self._synced_at
        if self.offset - synced_bytes >= SYNC_EVERY_BYTES or time.monotonic() - synced_time >= SYNC_EVERY_SECONDS:
            self._sync(fh)

    def _sync(self, fh: BinaryIO) -> None:
        try:
            fh.flush()
            os.fsync(fh.fileno())
        except (OSError, ValueError):
            return
        self._save_sidecar()
        self._synced_at = (self.offset, time.monotonic())

    def _save_sidecar(self) -> None:
        state = {
            **asdict(self.remote),
            "repo_id": self.repo_id,
            "filename": self.filename,
            "bytes_done": self.offset,
        }
        tmp = self.sidecar.with_name(self.sidecar.name + ".tmp")
        tmp.write_text(json.dumps(state, indent=1), encoding="utf-8")
        os.replace(tmp, self.sidecar)

    def _verify_and_move(self) -> None:
        size = self.part.stat().st_size
        digest = self.hasher.hexdigest()
        expected = self.remote.sha256
        if size != self.remote.size or (expected is not None and digest != expected.lower()):
            self._discard()
            detail = (
                f"it is {size} bytes, the Hub says {self.remote.size}"
                if size != self.remote.size
                else f"its SHA-256 {digest[:12]}… differs from the Hub's {expected[:12]}…"  # type: ignore[index]
            )
            raise DownloadVerificationError(
                f"{self.target.name} arrived damaged ({detail}); it was deleted, so download it again."
            )
        os.replace(self.part, self.target)
        _fsync_dir(self.target.parent)
        _unlink(self.sidecar)

    def _discard(self) -> None:
        _unlink(self.part)
        _unlink(self.sidecar)


class _Meter:
    """Turns byte counts into DownloadProgress reports, a few per second, with a smoothed speed."""

    SMOOTHING = 0.3
    WINDOW = 0.5  # seconds of data behind each speed sample

    def __init__(self, total: int, resumed_from: int, callback: ProgressCallback | None) -> None:
        self.total = total
        self.resumed_from = resumed_from
        self.callback = callback
        self.speed = 0.0
        now = time.monotonic()
        self._started = now
        self._sample = (resumed_from, now)
        self._reported_at = 0.0
        self._report(resumed_from, now)

    def update(self, done: int) -> None:
        now = time.monotonic()
        sample_bytes, sample_time = self._sample
        if now - sample_time >= self.WINDOW:
            rate = (done - sample_bytes) / (now - sample_time)
            self.speed = rate if self.speed == 0 else self.SMOOTHING * rate + (1 - self.SMOOTHING) * self.speed
            self._sample = (done, now)
        if now - self._reported_at >= PROGRESS_EVERY_SECONDS:
            self._report(done, now)

    def finish(self, done: int) -> None:
        now = time.monotonic()
        if self.speed == 0 and now > self._started:  # too quick for a sample: report the average
            self.speed = (done - self.resumed_from) / (now - self._started)
        self._report(done, now)

    def restart(self) -> None:
        self.resumed_from = 0
        self._started = time.monotonic()
        self._sample = (0, self._started)
        self._report(0, time.monotonic())

    def _report(self, done: int, now: float) -> None:
        self._reported_at = now
        if self.callback is None:
            return
        eta = (self.total - done) / self.speed if self.speed > 0 else None
        self.callback(DownloadProgress(done, self.total, self.speed, eta, self.resumed_from))


def _existing(target: Path, remote: RemoteFile) -> Path:
    """A file of that name is already there: keep it if it is this very file, else refuse to clobber it."""
    if target.stat().st_size == remote.size and (remote.sha256 is None or _sha256_of(target) == remote.sha256):
        return target
    raise DownloadError(
        f"{target} already exists and is a different file; remove it first (inkstone models rm) to download this one."
    )


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(HASH_BLOCK):
            digest.update(block)
    return digest.hexdigest()


def _check_disk_space(folder: Path, needed: int, name: str) -> None:
    free = shutil.disk_usage(folder).free
    if needed > free:
        raise DownloadError(
            f"Not enough disk space for {name}: it needs {_mb(needed)} more and {folder} has {_mb(free)} free."
        )


def _drop_reason(exc: BaseException) -> str:
    import httpx2

    if isinstance(exc, (httpx2.TimeoutException, TimeoutError)):
        return f"no data for {READ_TIMEOUT:.0f} s" if isinstance(exc, httpx2.ReadTimeout) else "timed out"
    if isinstance(exc, httpx2.ConnectError):
        return f"cannot connect to {hub_endpoint()}"
    return "the connection was lost"


def _range_starts_at(response, offset: int) -> bool:
    content_range = response.headers.get("Content-Range", "")
    try:
        return int(content_range.split()[1].split("-")[0]) == offset
    except (IndexError, ValueError):
        return False


def _looks_like_sha256(value: str | None) -> bool:
    return value is not None and len(value) == 64 and all(c in "0123456789abcdef" for c in value.lower())


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (POSIX; Windows has no directory handles)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


def _mb(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB"


__all__ = [
    "DownloadBusyError",
    "DownloadCancelled",
    "DownloadError",
    "DownloadInterrupted",
    "DownloadProgress",
    "DownloadVerificationError",
    "RemoteFile",
    "download_model",
    "fetch_remote_file",
    "part_path",
    "repo_dir",
]
