#!/usr/bin/env python3
"""Checks the chain corpora in this folder: each <corpus>/gold.jsonl and <corpus>/manifest.csv.

For every corpus: every gold line parses as a JSON object; the header names each page with the
SHA-256 of its bytes; every place's quote occurs in its page as FORMAT.md says (white-space runs
folded to one space, nothing else folded; non-overlapping occurrences; no `occurrence` means exactly
one); kinds, levels and vocabularies are the ones FORMAT.md allows; the manifest has the sample
columns, a known kind, and a row for every page. Run: python3 tests/data/chains/check_gold.py
Exit status 0 when every corpus is clean, 1 otherwise. Written for claimtrail (GPL-3.0-or-later).
"""
import csv
import hashlib
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
COLUMNS = ["file", "outlet", "url", "published", "language", "kind", "title", "source_url"]
KINDS = {"original", "outlet", "translation", "repost", "forum"}
ITEM_KINDS = {"duplicate", "alignment", "divergence", "inconsistency", "cue", "edge",
              "no_duplicate", "no_inconsistency", "no_alignment", "no_edge"}
DIVERGENCE = {"date", "number", "name", "place", "attribution", "hedging", "quote", "negation",
              "omission", "addition"}
INCONSISTENCY = {"weekday", "stale_date", "duration", "date_order", "future_date", "invalid_date"}
CUES = {"attribution", "hedging", "anonymous_source", "source_url", "cable_id", "document_id",
        "adapted_from", "quote"}
RELATIONS = {"translation", "repost", "adaptation", "quotation", "shared_source"}


def fold(s):
    return re.sub(r"\s+", " ", s)


def occurrences(text, quote):
    t, q = fold(text), fold(quote)
    out, i = [], 0
    while q.strip():
        j = t.find(q, i)
        if j < 0:
            break
        out.append(j)
        i = j + len(q)
    return out


def check_corpus(folder):
    errors = []
    name = os.path.basename(folder)

    def err(line, msg):
        errors.append(f"{name}/gold.jsonl:{line}: {msg}")

    with open(os.path.join(folder, "manifest.csv"), encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
        header = list(rows[0].keys()) if rows else []
    if header != COLUMNS:
        errors.append(f"{name}/manifest.csv: columns {header}, expected {COLUMNS}")
    manifest_files = set()
    for i, row in enumerate(rows, start=2):
        manifest_files.add(row["file"])
        if row["kind"] not in KINDS:
            errors.append(f"{name}/manifest.csv:{i}: kind {row['kind']!r}")
        if not os.path.isfile(os.path.join(folder, row["file"])):
            errors.append(f"{name}/manifest.csv:{i}: no file {row['file']}")
    pages = {f for f in os.listdir(folder) if f.endswith(".txt")}
    if pages != manifest_files:
        errors.append(f"{name}: pages {sorted(pages)} vs manifest {sorted(manifest_files)}")

    lines = open(os.path.join(folder, "gold.jsonl"), encoding="utf-8").read().splitlines()
    objs = []
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            err(n, f"not JSON: {e}")
            continue
        if not isinstance(obj, dict):
            err(n, "not a JSON object")
            continue
        objs.append((n, obj))
    if not objs or objs[0][1].get("gold") != "claimtrail-gold/1":
        err(1, "first line is not the claimtrail-gold/1 header")
        return errors
    texts = {}
    for gid, d in objs[0][1]["docs"].items():
        path = os.path.join(folder, d["file"])
        data = open(path, "rb").read()
        if hashlib.sha256(data).hexdigest() != d["sha256"]:
            err(objs[0][0], f"sha256 of {d['file']} does not match docs.{gid}")
        texts[gid] = data.decode("utf-8")
    if {d["file"] for d in objs[0][1]["docs"].values()} != pages:
        err(objs[0][0], "header docs are not exactly the pages of the folder")

    def place(n, p, field):
        if not isinstance(p, dict) or p.get("doc") not in texts:
            err(n, f"{field}: bad place or unknown doc")
            return
        found = occurrences(texts[p["doc"]], p.get("quote", ""))
        occ = p.get("occurrence")
        if not found:
            err(n, f"{field}: quote not in {p['doc']}: {p.get('quote')!r}")
        elif occ is None and len(found) != 1:
            err(n, f"{field}: quote occurs {len(found)} times in {p['doc']}; give occurrence")
        elif isinstance(occ, int) and not 1 <= occ <= len(found):
            err(n, f"{field}: occurrence {occ} but {len(found)} found in {p['doc']}")
        elif occ is not None and occ != "any" and not isinstance(occ, int):
            err(n, f"{field}: occurrence must be a number or \"any\"")

    def doc(n, d, field):
        if d not in texts:
            err(n, f"{field}: unknown doc {d!r}")

    for n, o in objs[1:]:
        k = o.get("kind")
        if k not in ITEM_KINDS:
            err(n, f"unknown kind {k!r}")
            continue
        if o.get("level") not in ("core", "stretch"):
            err(n, "level must be core or stretch")
        if k in ("duplicate", "alignment", "divergence"):
            place(n, o.get("a"), "a")
            place(n, o.get("b"), "b")
        if k == "divergence" and o.get("type") not in DIVERGENCE:
            err(n, f"divergence type {o.get('type')!r}")
        if k == "inconsistency":
            place(n, o.get("at"), "at")
            if o.get("type") not in INCONSISTENCY:
                err(n, f"inconsistency type {o.get('type')!r}")
        if k == "cue":
            place(n, o.get("at"), "at")
            if o.get("type") not in CUES:
                err(n, f"cue type {o.get('type')!r}")
        if k == "edge":
            rel = o.get("relation")
            rels = rel if isinstance(rel, list) else [rel]
            if not rels or any(r not in RELATIONS for r in rels):
                err(n, f"relation {rel!r}")
            frm = o.get("from")
            if isinstance(frm, dict):
                names = frm.get("external")
                if not isinstance(names, list) or not names or not all(isinstance(x, str) and x.strip() for x in names):
                    err(n, "from.external must list names")
            else:
                doc(n, frm, "from")
            doc(n, o.get("to"), "to")
            if "directed" in o and not isinstance(o["directed"], bool):
                err(n, "directed must be true or false")
        if k in ("no_duplicate", "no_inconsistency"):
            for d in o.get("docs", []):
                doc(n, d, "docs")
        if k in ("no_alignment", "no_edge"):
            for pair in o.get("pairs", []):
                if not (isinstance(pair, list) and len(pair) == 2):
                    err(n, "pairs must be [[ID, ID], ...]")
                    continue
                for d in pair:
                    doc(n, d, "pairs")
    return errors


def main():
    folders = sorted(
        os.path.join(HERE, d) for d in os.listdir(HERE)
        if os.path.isfile(os.path.join(HERE, d, "gold.jsonl"))
    )
    all_errors = []
    for folder in folders:
        errors = check_corpus(folder)
        all_errors += errors
        print(f"{os.path.basename(folder)}: {'ok' if not errors else str(len(errors)) + ' problem(s)'}")
    for e in all_errors:
        print(e, file=sys.stderr)
    return 1 if all_errors else 0


if __name__ == "__main__":
    sys.exit(main())
