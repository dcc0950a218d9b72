"""A few protobuf wire-format encoders, enough to forge messages in tests.

The tests speak to the daemons with hand-built frames to check that forged,
garbage and oversized input is refused; they deliberately do not reuse the
C++ code under test. Field numbers follow src/proto/bramble.proto.
"""
import socket
import struct


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
    return _varint_field(body, 1) if body is not None else None


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
