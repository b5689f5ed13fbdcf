"""A local stand-in for the Hugging Face Hub: the endpoints huggingface_hub and our downloader call.

It serves real files from disk with Range support and the headers get_hf_file_metadata reads
(X-Repo-Commit, X-Linked-Etag, X-Linked-Size, ETag, Content-Length), and it can misbehave on
purpose: cut a response off after N bytes, trickle bytes slowly, flip a byte, ignore Range, or
require a token. Every request is logged with the body bytes actually sent.
"""

from __future__ import annotations

import hashlib
import json
import re
import struct
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

SEND_BLOCK = 16 * 1024


@dataclass
class HostedFile:
    path: Path
    size: int
    sha256: str


@dataclass
class HostedRepo:
    repo_id: str
    commit: str
    files: dict[str, HostedFile] = field(default_factory=dict)
    gated: bool = False
    downloads: int = 0
    likes: int = 0
    tags: list[str] = field(default_factory=lambda: ["gguf"])


@dataclass
class LoggedRequest:
    method: str
    path: str
    range: str | None
    authorization: str | None
    status: int = 0
    body_bytes: int = 0


class FakeHub:
    """Start with `with FakeHub() as hub:`; point HF_ENDPOINT at hub.url."""

    def __init__(self, token: str = "hf_fake_token") -> None:
        self.token = token  # the one token gated repos accept
        self.repos: dict[str, HostedRepo] = {}
        self.requests: list[LoggedRequest] = []
        self.cut_after: int | None = None  # drop the next file response after this many body bytes
        self.throttle: float | None = None  # body bytes per second for file responses
        self.corrupt: set[tuple[str, str]] = set()  # (repo, file) served with one byte flipped
        self.ignore_range = False  # answer 200 with the whole file even when asked for a range
        self.sha256_in_headers = True  # False: etag is a git blob id, so clients must ask paths-info
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="fake-hub", daemon=True
        )

    # -- setup -------------------------------------------------------------------------------
    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def add_file(self, repo_id: str, filename: str, path: Path, **repo_options) -> HostedFile:
        repo = self.repos.get(repo_id) or self.add_repo(repo_id, **repo_options)
        hosted = HostedFile(Path(path), Path(path).stat().st_size, _sha256(Path(path)))
        repo.files[filename] = hosted
        return hosted

    def add_repo(self, repo_id: str, *, gated: bool = False, downloads: int = 0, likes: int = 0) -> HostedRepo:
        commit = hashlib.sha1(repo_id.encode()).hexdigest()
        repo = HostedRepo(repo_id, commit, gated=gated, downloads=downloads, likes=likes)
        self.repos[repo_id] = repo
        return repo

    # -- inspection --------------------------------------------------------------------------
    def file_requests(self, method: str = "GET") -> list[LoggedRequest]:
        with self._lock:
            return [r for r in self.requests if r.method == method and "/resolve/" in r.path]

    def _log(self, entry: LoggedRequest) -> None:
        with self._lock:
            self.requests.append(entry)

    # -- lifecycle ---------------------------------------------------------------------------
    def start(self) -> FakeHub:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> FakeHub:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def _handler_for(hub: FakeHub) -> type[BaseHTTPRequestHandler]:
    class Handler(_HubHandler):
        pass

    Handler.hub = hub
    return Handler


class _HubHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    hub: FakeHub

    def log_message(self, format, *args) -> None:  # keep test output clean
        pass

    def send_response(self, code: int, message: str | None = None) -> None:
        self.entry.status = code  # logged before the client can see it, so tests never race the log
        super().send_response(code, message)

    # -- routing -----------------------------------------------------------------------------
    def do_HEAD(self) -> None:
        self._route("HEAD")

    def do_GET(self) -> None:
        self._route("GET")

    def do_POST(self) -> None:
        self._route("POST")

    def _route(self, method: str) -> None:
        url = urlsplit(self.path)
        path = unquote(url.path)
        self.entry = LoggedRequest(method, path, self.headers.get("Range"), self.headers.get("Authorization"))
        self.hub._log(self.entry)
        try:
            if method == "GET" and path == "/api/models":
                return self._search(parse_qs(url.query))
            match = re.fullmatch(r"/api/models/([^/]+/[^/]+)(?:/revision/([^/]+))?", path)
            if method == "GET" and match:
                return self._model_info(match.group(1), match.group(2) or "main")
            match = re.fullmatch(r"/api/models/([^/]+/[^/]+)/paths-info/([^/]+)", path)
            if method == "POST" and match:
                return self._paths_info(match.group(1), match.group(2))
            match = re.fullmatch(r"/([^/]+/[^/]+)/resolve/([^/]+)/(.+)", path)
            if method in ("GET", "HEAD") and match:
                return self._resolve(method, *match.groups())
            self._error(404, "NotFound", f"No route for {path}")
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    # -- API ---------------------------------------------------------------------------------
    def _search(self, query: dict[str, list[str]]) -> None:
        words = (query.get("search") or [""])[0].lower()
        wanted_tags = set(query.get("filter") or [])
        limit = int((query.get("limit") or ["1000"])[0])
        found = [
            repo
            for repo in self.hub.repos.values()
            if words in repo.repo_id.lower() and wanted_tags <= set(repo.tags)
        ]
        found.sort(key=lambda r: r.downloads, reverse=True)
        self._json([_repo_summary(r) for r in found[:limit]])

    def _model_info(self, repo_id: str, revision: str) -> None:
        repo = self._repo_at(repo_id, revision)
        if repo is None:
            return
        siblings = [
            {
                "rfilename": name,
                "size": f.size,
                "blobId": hashlib.sha1(f.sha256.encode()).hexdigest(),
                "lfs": {"size": f.size, "sha256": f.sha256, "pointerSize": 134},
            }
            for name, f in sorted(repo.files.items())
        ]
        self._json({**_repo_summary(repo), "sha": repo.commit, "siblings": siblings})

    def _paths_info(self, repo_id: str, revision: str) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        form = parse_qs(self.rfile.read(length).decode())
        repo = self._repo_at(repo_id, revision)
        if repo is None:
            return
        entries = [
            {
                "type": "file",
                "path": name,
                "size": repo.files[name].size,
                "oid": hashlib.sha1(repo.files[name].sha256.encode()).hexdigest(),
                "lfs": {"oid": repo.files[name].sha256, "size": repo.files[name].size, "pointerSize": 134},
            }
            for name in form.get("paths", [])
            if name in repo.files
        ]
        self._json(entries)

    # -- files -------------------------------------------------------------------------------
    def _resolve(self, method: str, repo_id: str, revision: str, filename: str) -> None:
        repo = self._repo_at(repo_id, revision)
        if repo is None:
            return
        if repo.gated and self.headers.get("Authorization") != f"Bearer {self.hub.token}":
            return self._error(
                401,
                "GatedRepo",
                f"Access to model {repo_id} is restricted. You must have access to it and be authenticated to access it.",
            )
        hosted = repo.files.get(filename)
        if hosted is None:
            return self._error(404, "EntryNotFound", f"{filename} does not exist on {revision}")
        start, end = 0, hosted.size - 1
        status = 200
        asked = self.headers.get("Range")
        if asked and not self.hub.ignore_range:
            match = re.fullmatch(r"bytes=(\d+)-(\d*)", asked.strip())
            if match:
                start = int(match.group(1))
                end = min(int(match.group(2)), hosted.size - 1) if match.group(2) else hosted.size - 1
                if start >= hosted.size:
                    self.send_response(416)
                    self.send_header("Content-Range", f"bytes */{hosted.size}")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                status = 206
        self.send_response(status)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(end - start + 1))
        self.send_header("Accept-Ranges", "bytes")
        if self.hub.sha256_in_headers:
            self.send_header("ETag", f'"{hosted.sha256}"')
            self.send_header("X-Linked-Etag", f'"{hosted.sha256}"')
        else:
            self.send_header("ETag", f'"{hashlib.sha1(hosted.sha256.encode()).hexdigest()}"')
        self.send_header("X-Linked-Size", str(hosted.size))
        self.send_header("X-Repo-Commit", repo.commit)
        if status == 206:
            self.send_header("Content-Range", f"bytes {start}-{end}/{hosted.size}")
        self.end_headers()
        if method == "GET":
            self._send_body(repo_id, filename, hosted, start, end)

    def _send_body(self, repo_id: str, filename: str, hosted: HostedFile, start: int, end: int) -> None:
        hub = self.hub
        cut_after, hub.cut_after = hub.cut_after, None  # one-shot
        flip_at = hosted.size // 2 if (repo_id, filename) in hub.corrupt else None
        with open(hosted.path, "rb") as fh:
            fh.seek(start)
            position = start
            while position <= end:
                block = fh.read(min(SEND_BLOCK, end - position + 1))
                if cut_after is not None:
                    block = block[: max(0, cut_after - self.entry.body_bytes)]
                if flip_at is not None and position <= flip_at < position + len(block):
                    i = flip_at - position
                    block = block[:i] + bytes([block[i] ^ 0xFF]) + block[i + 1 :]
                if not block:
                    break
                self.entry.body_bytes += len(block)  # counted before the client can have it
                self.wfile.write(block)
                self.wfile.flush()
                position += len(block)
                if hub.throttle:
                    time.sleep(len(block) / hub.throttle)
        if position <= end:  # cut off: close without the promised bytes, as a dropped network would
            self.close_connection = True

    # -- helpers -----------------------------------------------------------------------------
    def _repo_at(self, repo_id: str, revision: str) -> HostedRepo | None:
        repo = self.hub.repos.get(repo_id)
        if repo is None:
            self._error(404, "RepoNotFound", "Repository not found")
            return None
        if revision not in ("main", repo.commit):
            self._error(404, "RevisionNotFound", f"Invalid rev id: {revision}")
            return None
        return repo

    def _json(self, payload: object) -> None:
        body = json.dumps(payload).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.entry.body_bytes = len(body)
        self.wfile.write(body)

    def _error(self, status: int, code: str, message: str) -> None:
        body = json.dumps({"error": message}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Error-Code", code)
        self.send_header("X-Error-Message", message)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def _repo_summary(repo: HostedRepo) -> dict:
    return {
        "_id": hashlib.md5(repo.repo_id.encode()).hexdigest()[:24],
        "id": repo.repo_id,
        "modelId": repo.repo_id,
        "downloads": repo.downloads,
        "likes": repo.likes,
        "gated": "manual" if repo.gated else False,
        "private": False,
        "tags": repo.tags,
        "lastModified": "2025-01-01T00:00:00.000Z",
    }


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def write_tiny_gguf(path: Path, *, name: str = "Tiny Test", elements: int = 512 * 1024) -> Path:
    """A small but well-formed GGUF v3: a few metadata keys and one F32 tensor of `elements` values."""

    def text(s: str) -> bytes:
        raw = s.encode()
        return struct.pack("<Q", len(raw)) + raw

    def kv_str(key: str, value: str) -> bytes:
        return text(key) + struct.pack("<I", 8) + text(value)

    def kv_u32(key: str, value: int) -> bytes:
        return text(key) + struct.pack("<I", 4) + struct.pack("<I", value)

    kvs = [
        kv_str("general.architecture", "llama"),
        kv_str("general.name", name),
        kv_u32("general.file_type", 0),
        kv_u32("llama.context_length", 2048),
    ]
    tensor_info = text("token_embd.weight") + struct.pack("<I", 1) + struct.pack("<Q", elements)
    tensor_info += struct.pack("<I", 0) + struct.pack("<Q", 0)  # type F32, offset 0
    header = b"GGUF" + struct.pack("<IQQ", 3, 1, len(kvs)) + b"".join(kvs) + tensor_info
    header += b"\0" * (-len(header) % 32)  # tensor data starts on the default 32-byte alignment
    # Deterministic, not all zeros, so a flipped or missing byte changes the hash.
    data = hashlib.shake_256(name.encode()).digest(elements * 4)
    path.write_bytes(header + data)
    return path


@contextmanager
def serving(monkeypatch) -> Iterator[FakeHub]:
    """Run a FakeHub and point this test's Hub settings at it (HF_ENDPOINT, no token, online)."""
    with FakeHub() as hub:
        monkeypatch.setenv("HF_ENDPOINT", hub.url)
        monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
        monkeypatch.delenv("HF_TOKEN", raising=False)
        monkeypatch.delenv("HUGGING_FACE_HUB_TOKEN", raising=False)
        yield hub
