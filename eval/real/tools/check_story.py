#!/usr/bin/env python3
"""Check one story of the real-page corpus: recipe rows, saved pages, and quote-based gold.
usage: check_story.py SCRATCH STORY (SCRATCH holds recipe/, pages/ and gold-quotes/)"""
import hashlib, json, re, sys, os
ROOT = sys.argv[1]
story = sys.argv[2]
errors = 0
def err(msg):
    global errors; errors += 1; print("ERROR:", msg)
recipe_path = f"{ROOT}/recipe/{story}.jsonl"
docs = {}
urls = {}
for i, line in enumerate(open(recipe_path, encoding="utf-8"), 1):
    if not line.strip(): continue
    try: r = json.loads(line)
    except Exception as e: err(f"{recipe_path}:{i}: bad JSON: {e}"); continue
    for k in ["slug","story","file","url","outlet","language","kind","query","corpus"]:
        if k not in r: err(f"{recipe_path}:{i}: missing {k}")
    slug = r.get("slug")
    if not slug or not re.fullmatch(r"[a-z0-9_]+", slug): err(f"{recipe_path}:{i}: bad slug {slug!r}")
    if slug in docs: err(f"{recipe_path}:{i}: slug {slug} twice")
    if r.get("language") not in ("ar","fr","en"): err(f"{recipe_path}:{i}: language must be ar/fr/en")
    if r.get("kind") not in ("original","outlet","translation","repost","forum"): err(f"{recipe_path}:{i}: bad kind")
    if r.get("url") in urls: err(f"{recipe_path}:{i}: url also in {urls[r.get('url')]}")
    urls[r.get("url")] = slug
    p = f"{ROOT}/pages/{r.get('file')}"
    if not os.path.exists(p): err(f"{recipe_path}:{i}: no file {p}"); continue
    b = open(p,"rb").read()
    t = b.decode("utf-8")
    docs[slug] = t
    print(f"{slug:40} {r.get('language')} {len(t):5} chars  sha256 {hashlib.sha256(b).hexdigest()[:16]}  {r.get('url')[:70]}")
langs = {}
gpath = f"{ROOT}/gold-quotes/{story}.jsonl"
if not os.path.exists(gpath):
    print(f"{len(docs)} pages; no gold yet ({gpath})"); sys.exit(1 if errors else 0)
def fold(s): return re.sub(r"\s+", " ", s)
def place(p, ln):
    if not isinstance(p, dict) or "doc" not in p or "quote" not in p: err(f"line {ln}: a place needs doc and quote: {p}"); return
    d = p["doc"]
    if d not in docs: err(f"line {ln}: unknown doc {d}"); return
    text = fold(docs[d]); q = fold(p["quote"])
    if not q.strip(): err(f"line {ln}: empty quote"); return
    n = text.count(q)  # non-overlapping; fine for checking
    occ = p.get("occurrence")
    if n == 0: err(f"line {ln}: quote not found in {d}: {p['quote'][:80]!r}")
    elif occ is None and n != 1: err(f"line {ln}: quote occurs {n} times in {d}; give \"occurrence\": N: {p['quote'][:60]!r}")
    elif isinstance(occ, int) and occ > n: err(f"line {ln}: occurrence {occ} > {n} in {d}")
DIV = {"date","number","name","place","attribution","hedging","quote","negation","omission","addition"}
INC = {"weekday","stale_date","duration","date_order","future_date","invalid_date"}
CUE = {"attribution","hedging","anonymous_source","source_url","cable_id","document_id","adapted_from","quote"}
REL = {"translation","repost","adaptation","quotation","shared_source"}
counts = {}
for ln, line in enumerate(open(gpath, encoding="utf-8"), 1):
    if not line.strip(): continue
    try: it = json.loads(line)
    except Exception as e: err(f"line {ln}: bad JSON: {e}"); continue
    k = it.get("kind"); counts[k] = counts.get(k,0)+1
    if it.get("level") not in ("core","stretch","acceptable"): err(f"line {ln}: level must be core/stretch/acceptable")
    if k in ("duplicate","alignment"): place(it.get("a"), ln); place(it.get("b"), ln)
    elif k == "divergence":
        if it.get("type") not in DIV: err(f"line {ln}: bad divergence type")
        place(it.get("a"), ln); place(it.get("b"), ln)
    elif k == "inconsistency":
        if it.get("type") not in INC: err(f"line {ln}: bad inconsistency type")
        place(it.get("at"), ln)
    elif k == "cue":
        if it.get("type") not in CUE: err(f"line {ln}: bad cue type")
        place(it.get("at"), ln)
    elif k == "edge":
        rel = it.get("relation"); rels = rel if isinstance(rel, list) else [rel]
        if not all(r in REL for r in rels): err(f"line {ln}: bad relation {rel}")
        f = it.get("from")
        if isinstance(f, str):
            if f not in docs: err(f"line {ln}: unknown from doc {f}")
        elif not (isinstance(f, dict) and isinstance(f.get("external"), list)): err(f"line {ln}: from must be a slug or {{\"external\": [names]}}")
        if it.get("to") not in docs: err(f"line {ln}: unknown to doc")
    elif k == "exhaustive":
        if it.get("of") not in ("duplicate","alignment","divergence","edge"): err(f"line {ln}: bad of")
        for pr in it.get("pairs", []):
            for d in pr:
                if d not in docs: err(f"line {ln}: unknown doc {d}")
        for d in it.get("docs", []):
            if d not in docs: err(f"line {ln}: unknown doc {d}")
    elif k in ("no_duplicate","no_inconsistency"):
        for d in it.get("docs", []):
            if d not in docs: err(f"line {ln}: unknown doc {d}")
    elif k in ("no_alignment","no_edge"):
        for pr in it.get("pairs", []):
            for d in pr:
                if d not in docs: err(f"line {ln}: unknown doc {d}")
    else: err(f"line {ln}: unknown kind {k}")
print(f"{len(docs)} pages; gold items by kind: {counts}; errors: {errors}")
sys.exit(1 if errors else 0)
