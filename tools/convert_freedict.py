#!/usr/bin/env python3
"""Convert the FreeDict dictd dictionaries (ara-eng, eng-ara, fra-eng, eng-fra) into the compact
lexicon files claimtrail embeds: data/lexicon/ar-en.tsv and data/lexicon/fr-en.tsv.

Run once by hand; nothing runs it at build time. Input: the Debian packages dict-freedict-ara-eng,
dict-freedict-eng-ara, dict-freedict-fra-eng, dict-freedict-eng-fra (version 2022.04.21-1), unpacked
with `dpkg-deb -x`; pass the folder holding the freedict-*.index and freedict-*.dict(.dz) files.

Output: one line per source word, `word<TAB>gloss|gloss|...`, where word is a single word in Arabic
or French as the dictionary writes it and each gloss is a lowercased English word or short phrase
(at most three words). Both directions are merged: ara-eng entries as they are, eng-ara inverted
(an Arabic single-word translation gets the English headword as a gloss). claimtrail normalises
and stems both sides when it loads the file.
"""
import gzip, os, re, sys
from collections import OrderedDict

B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

def b64(s):
    n = 0
    for c in s:
        n = n * 64 + B64.index(c)
    return n

def entries(folder, name):
    p = os.path.join(folder, f"freedict-{name}.dict")
    data = open(p, "rb").read() if os.path.exists(p) else gzip.open(p + ".dz").read()
    for line in open(os.path.join(folder, f"freedict-{name}.index"), encoding="utf-8"):
        hw, off, ln = line.rstrip("\n").split("\t")
        if hw.startswith("00database"):
            continue
        body = data[b64(off): b64(off) + b64(ln)].decode("utf-8")
        lines = body.split("\n")
        head = re.sub(r"\s*/[^/]*/.*$", "", lines[0]).strip()
        head = re.sub(r"\s*<[^>]*>\s*$", "", head).strip()
        yield head, [l for l in lines[1:] if l.strip()]

def glosses(lines):
    out = []
    for l in lines:
        l = re.sub(r"^\s*\d+\.\s*", "", l)
        l = re.sub(r"\[[^\]]*\]", " ", l)
        l = re.sub(r"\([^)]*\)", " ", l)
        l = re.sub(r"<[^>]*>", " ", l)
        if l.strip().lower().startswith(("see:", "synonym", "note:", "syn:")):
            continue
        for g in re.split(r"[,;،؛]", l):
            g = " ".join(g.split()).strip(" .!?\"'")
            if g:
                out.append(g)
    return out

ARABIC = re.compile(r"[\u0600-\u06FF]")
DIACRITICS = re.compile(r"[\u064B-\u0652\u0670\u0640]")

def add(lex, word, gloss):
    gloss = gloss.lower()
    if gloss.startswith("to "):
        gloss = gloss[3:]
    if not gloss or len(gloss.split()) > 3 or len(gloss) > 40:
        return
    lex.setdefault(word, OrderedDict())[gloss] = None

def build(folder, src, out_path):
    lex = OrderedDict()
    for head, lines in entries(folder, f"{src}-eng"):
        word = DIACRITICS.sub("", head).strip() if src == "ara" else head.strip().lower()
        if not word or " " in word or (src == "ara" and not ARABIC.search(word)):
            continue
        for g in glosses(lines):
            add(lex, word, g)
    for head, lines in entries(folder, f"eng-{src}"):
        en = head.strip()
        for g in glosses(lines):
            w = DIACRITICS.sub("", g).strip() if src == "ara" else g.strip().lower()
            if not w or " " in w or (src == "ara" and not ARABIC.search(w)):
                continue
            add(lex, w, en)
    with open(out_path, "w", encoding="utf-8") as f:
        for w, gs in sorted(lex.items()):
            f.write(w + "\t" + "|".join(list(gs)[:16]) + "\n")
    print(out_path, len(lex), "words", sum(min(len(g), 16) for g in lex.values()), "glosses")

if __name__ == "__main__":
    folder, outdir = sys.argv[1], sys.argv[2]
    os.makedirs(outdir, exist_ok=True)
    build(folder, "ara", os.path.join(outdir, "ar-en.tsv"))
    build(folder, "fra", os.path.join(outdir, "fr-en.tsv"))
