"""A few protobuf wire-format encoders, enough to forge messages in tests.

The tests speak to the daemons with hand-built frames to check that forged,
garbage and oversized input is refused; they deliberately do not reuse the
C++ code under test. Field numbers follow src/proto/bramble.proto.
"""
import hashlib
import hmac
import os
import socket
import struct
import time


def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


def field_varint(number, value):
    return varint(number << 3) + varint(value)


def field_bytes(number, data):
    return varint((number << 3) | 2) + varint(len(data)) + data


def envelope(body, credential=None, version=1):
    """Envelope{version(1), credential(2), body(3)}; credential = Credential bytes."""
    out = field_varint(1, version)
    if credential is not None:
        out += field_bytes(2, credential)
    return out + field_bytes(3, body)


def credential(secret, body, uid=0, gid=0, issued_at_ms=None, node_name="", nonce=None, digest=None):
    """A Credential (docs/auth.md) whose MAC is HMAC-SHA256(secret, canonical input)."""
    nonce = os.urandom(16) if nonce is None else nonce
    issued = int(time.time() * 1000) if issued_at_ms is None else issued_at_ms
    digest = hashlib.sha256(body).digest() if digest is None else digest
    name = node_name.encode()
    canonical = (b"bramble-credential-v1\0" + struct.pack(">IIq", uid, gid, issued) +
                 struct.pack(">I", len(nonce)) + nonce + struct.pack(">I", len(digest)) + digest +
                 struct.pack(">I", len(name)) + name)
    mac = hmac.new(secret, canonical, hashlib.sha256).digest()
    return (field_varint(1, uid) + field_varint(2, gid) + field_varint(3, issued & (2**64 - 1)) +
            field_bytes(4, nonce) + field_bytes(5, digest) + field_bytes(6, name) + field_bytes(7, mac))


def signed(secret, body, **kwargs):
    """A whole frame: body in an envelope with a credential made by credential()."""
    return frame(envelope(body, credential(secret, body, **kwargs)))


def frame(payload):
    return struct.pack(">I", len(payload)) + payload


def exchange(port, data, timeout=10.0):
    """Sends raw bytes to 127.0.0.1:port; returns what comes back before close."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        try:
            s.sendall(data)
            s.shutdown(socket.SHUT_WR)
        except OSError:
            return b""  # the daemon refused and closed first: also a refusal
        chunks = []
        while True:
            try:
                chunk = s.recv(65536)
            except (ConnectionResetError, socket.timeout):
                break
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks)


def response_code(reply):
    """The Response.code in a reply frame (Envelope.body field 3 -> Response field 1)."""
    if len(reply) < 4:
        return None
    payload = reply[4:4 + struct.unpack(">I", reply[:4])[0]]
    body = _field(payload, 3)
    return _varint_field(body, 1) if body is not None else 0  # an empty Response: success


def response_error(reply):
    """The Response.error text in a reply frame ("" when none)."""
    if len(reply) < 4:
        return ""
    payload = reply[4:4 + struct.unpack(">I", reply[:4])[0]]
    body = _field(payload, 3)
    error = _field(body, 2) if body is not None else None
    return error.decode(errors="replace") if error else ""


def response_job_id(reply):
    """Response.submit_job.job_id (fields 10, then 1) in a reply frame; None without one."""
    if len(reply) < 4:
        return None
    body = _field(reply[4:4 + struct.unpack(">I", reply[:4])[0]], 3)
    submit = _field(body, 10) if body is not None else None
    return _varint_field(submit, 1) if submit is not None else None


def _read_varint(data, i):
    shift = value = 0
    while True:
        b = data[i]
        i += 1
        value |= (b & 0x7F) << shift
        shift += 7
        if not b & 0x80:
            return value, i


def _walk(data):
    i = 0
    while i < len(data):
        key, i = _read_varint(data, i)
        number, kind = key >> 3, key & 7
        if kind == 0:
            value, i = _read_varint(data, i)
        elif kind == 2:
            length, i = _read_varint(data, i)
            value, i = data[i:i + length], i + length
        else:
            raise ValueError("unexpected wire type")
        yield number, value


def _field(data, number):
    for n, v in _walk(data):
        if n == number:
            return v
    return None


def _varint_field(data, number):
    v = _field(data, number)
    return 0 if v is None else v
