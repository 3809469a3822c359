#!/usr/bin/env python3
"""Hostile input for claimtrail: build a corpus of pathological pages, run `claimtrail run` on each
file alone (fresh database), and measure wall time, peak memory, temporary disk and whether any
control character from the input reaches the terminal output.

    python3 tools/hostile.py build OUT_DIR            # writes the files (seeded, deterministic)
    python3 tools/hostile.py run OUT_DIR BINARY [RE]  # one fresh run per file (names matching RE)

Targets (issue 20): peak memory <= 1 GiB, <= 10 s per MB of input, temporary disk <= 2x the input,
no control character from the input in stdout. The files are generated here (no third-party text);
the mutated pages start from the seeds in samples/.
"""
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

MB = 1024 * 1024
WORDS_FR = ("le la les un une des ministre gouvernement accord frontière algérie maroc réunion "
            "sécurité coopération président rapport source officielle annonce déclaré hier").split()
WORDS_AR = "الوزير الحكومة اتفاق الحدود الجزائر المغرب اجتماع الأمن التعاون الرئيس تقرير مصدر".split()


def words(rng, n, pool):
    return " ".join(rng.choice(pool) for _ in range(n))


def build(out):
    rng = random.Random(20261206)
    os.makedirs(out, exist_ok=True)
    files = {}
    # 1. Size: long texts without punctuation, one line of plain words, repetitive paragraphs.
    files["nopunct_5mb.txt"] = words(rng, 5 * MB // 8, WORDS_FR).encode()
    files["oneline_words_5mb.txt"] = (words(rng, 5 * MB // 8, WORDS_FR + WORDS_AR)).encode()
    para = "Le ministre a déclaré hier que l'accord de 2012 couvre 450 km de frontière. "
    files["repetitive_20mb.txt"] = (para * (20 * MB // len(para.encode()))).encode()
    files["oneline_50mb.txt"] = (words(rng, 50 * MB // 9 - 1000, WORDS_FR)).encode()[: 50 * MB - 1]
    files["one_char_5mb.txt"] = ("a" * (5 * MB)).encode()
    files["one_arabic_char_2mb.txt"] = ("ب" * MB).encode()
    files["digits_2mb.txt"] = ("1234567890 " * (2 * MB // 11)).encode()
    files["dots_2mb.txt"] = ("." * (2 * MB)).encode()
    files["newlines_2mb.txt"] = ("\n" * (2 * MB)).encode()
    files["quotes_2mb.txt"] = ('"« » ' * (2 * MB // 8)).encode()
    files["dates_1mb.txt"] = ("le 3 mai 2012, lundi 4 juin 2013. " * (MB // 34)).encode()
    # 2. Structure: deep and wide HTML.
    files["deep_divs.html"] = ("<html><body>" + "<div>" * 100_000 + "texte profond." +
                               "</div>" * 100_000 + "</body></html>").encode()
    files["deep_unclosed.html"] = ("<html><body>" + "<div><p><span>" * 50_000 + "x").encode()
    files["wide_tables.html"] = ("<html><body><table>" + "<tr>" + "<td>a</td>" * 1000 + "</tr>" * 1 +
                                 "</table>" * 1 + "<p>fin.</p></body></html>").encode() * 1
    files["many_paragraphs.html"] = ("<html><body>" + "".join(
        f"<p>Paragraphe {i} : le ministre a déclaré le {i % 28 + 1} mai 2012.</p>" for i in range(60_000)
    ) + "</body></html>").encode()
    # 3. Every control character but NUL (a NUL makes a file binary, refused), ANSI escapes and bidi controls inside an otherwise normal page.
    ctrl = "".join(chr(c) for c in list(range(1, 32)) + [127] + list(range(0x80, 0xA0)))
    bidi = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
    body = ("Le ministre de l'Intérieur a présenté hier le bilan de la saison. " * 20) + "\n\n"
    files["controls.txt"] = (
        "Titre de la page\n\n" + body + "Le ministre a déclaré le 3 mai 2012 que 450 soldats \x1b[2J\x1b[31mROUGE\x1b[0m "
        "étaient déployés.\n\nSelon le journal \u202eelbuod\u2069 الخبر, l'accord " + ctrl +
        " a été signé.\n\nUn dernier paragraphe " + bidi + " sans fin \u2069\u2069.\n").encode("utf-8", "surrogatepass")
    files["controls.html"] = (
        "<html><head><title>T\x1b]0;pwned\x07itre\u202e</title><meta property='og:site_name' "
        "content='Site\x1b[2J'></head><body><p>Le ministre a déclaré \x1b[2J le 3 mai 2012.</p>"
        "<p>\u202eSelon الخبر\u202c, 450 soldats.</p></body></html>").encode()
    # 4. Invisible and combining only, and bad bytes.
    files["invisible_only.txt"] = ("\u200b\u200c\u200d\u2060\ufeff\u0301\u0651\u064b" * 500).encode()
    good = open(os.path.join(os.path.dirname(__file__), "..", "samples", os.listdir(
        os.path.join(os.path.dirname(__file__), "..", "samples"))[0]), "rb").read()
    files["one_bad_byte.txt"] = good[:3000] + b"\xff" + good[3000:6000]
    # 5. Random mutations of the seeds (bytes flipped, inserted, deleted, blocks duplicated).
    sdir = os.path.join(os.path.dirname(__file__), "..", "samples")
    seeds = [open(os.path.join(sdir, f), "rb").read() for f in sorted(os.listdir(sdir))
             if f.endswith((".txt", ".html", ".md"))]
    for i in range(60):
        b = bytearray(rng.choice(seeds))
        for _ in range(rng.randint(1, 200)):
            op = rng.random()
            p = rng.randrange(len(b)) if b else 0
            if op < 0.4 and b:
                b[p] = rng.randrange(256)
            elif op < 0.7:
                b[p:p] = bytes([rng.randrange(256)])
            elif op < 0.9 and b:
                del b[p:p + rng.randint(1, 50)]
            else:
                q = rng.randrange(len(b)) if b else 0
                b[p:p] = b[q:q + rng.randint(1, 2000)] * rng.randint(1, 20)
        files[f"mutated_{i:02}.txt"] = bytes(b)
    for name, data in files.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)
    print(f"{len(files)} files, {sum(len(d) for d in files.values()) / MB:.1f} MB in {out}")


def input_controls(data):
    """Control characters (C0 but newline, C1, DEL) and bidi controls the input holds."""
    try:
        text = data.decode("utf-8", "replace")
    except Exception:
        return set()
    return {c for c in text if (ord(c) < 32 and c not in "\n") or 0x7f <= ord(c) < 0xa0
            or 0x202a <= ord(c) <= 0x202e or 0x2066 <= ord(c) <= 0x2069}


def run_one(binary, path, work):
    db = os.path.join(work, "h.db")
    tmp = os.path.join(work, "tmp")
    os.makedirs(tmp, exist_ok=True)
    env = dict(os.environ, SQLITE_TMPDIR=tmp, TMPDIR=tmp, NO_COLOR="1")
    peak_disk = [0, 0]  # temporary files, database (with its journal)
    peak_rss = [0]  # kB, polled (a killed run has no figure from `time`)
    stop = threading.Event()

    def size_of(d):
        size = 0
        for root, _, fs in os.walk(d):
            for f in fs:
                try:
                    size += os.path.getsize(os.path.join(root, f))
                except OSError:
                    pass
        return size

    killed = []
    size = os.path.getsize(path)
    # Guards, so that a regression cannot fill the disk or run for ever: 8 GB of temporary files,
    # or 4x the time target.
    budget = 40 * max(size / MB, 1) + 30

    def open_temp(pid):
        """Bytes in the temporary files the process holds open: SQLite unlinks its temporary
        files as soon as it creates them, so they are only visible through /proc."""
        total = 0
        try:
            kids = open(f"/proc/{pid}/task/{pid}/children").read().split()
        except OSError:
            return 0
        for kid in kids:
            try:
                for line in open(f"/proc/{kid}/status"):
                    if line.startswith("VmHWM:"):
                        peak_rss[0] = max(peak_rss[0], int(line.split()[1]))
            except OSError:
                pass
            fd_dir = f"/proc/{kid}/fd"
            try:
                fds = os.listdir(fd_dir)
            except OSError:
                continue
            for fd in fds:
                try:
                    target = os.readlink(f"{fd_dir}/{fd}")
                    if target.startswith(tmp) or target.endswith("(deleted)"):
                        total += os.stat(f"{fd_dir}/{fd}").st_size
                except OSError:
                    pass
        return total

    def watch(proc, start):
        while not stop.is_set():
            t = size_of(tmp) + open_temp(proc.pid)
            peak_disk[0] = max(peak_disk[0], t)
            peak_disk[1] = max(peak_disk[1], size_of(work) - t)
            if t > 8 * 1024 * MB or time.time() - start > budget:
                killed.append("tmp > 8 GB" if t > 8 * 1024 * MB else f"> {budget:.0f} s")
                os.killpg(proc.pid, 9)
                return
            time.sleep(0.1)

    start = time.time()
    proc = subprocess.Popen(["/usr/bin/time", "-f", "%M", binary, "--db", db, "--width", "120",
                             "run", "--lossy", "--max-bytes", str(60 * MB), path],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    t = threading.Thread(target=watch, args=(proc, start))
    t.start()
    stdout, stderr_b = proc.communicate()
    wall = time.time() - start
    stop.set()
    t.join()
    lines = stderr_b.decode(errors="replace").strip().splitlines()
    try:
        rss_kb = int(lines[-1])
    except (ValueError, IndexError):
        rss_kb = peak_rss[0]
    out = stdout.decode("utf-8", "replace")
    leaked = input_controls(open(path, "rb").read()) & {c for c in out}
    esc = "\x1b" in out  # no colour asked: any escape came from input
    stderr = killed + lines[:-1]
    return dict(rc=proc.returncode, wall=wall, rss_mb=rss_kb / 1024, disk_mb=peak_disk[0] / MB, db_mb=peak_disk[1] / MB,
                leaked=sorted(f"U+{ord(c):04X}" for c in leaked), esc=esc,
                stderr=(stderr[-1] if stderr else "")[:100], killed=bool(killed))


def run(out, binary, only=None):
    rows = []
    for name in sorted(os.listdir(out)):
        if only and not re.search(only, name):
            continue
        path = os.path.join(out, name)
        size = os.path.getsize(path) / MB
        work = tempfile.mkdtemp(prefix="hostile.")
        try:
            r = run_one(binary, path, work)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        r.update(file=name, mb=size)
        r["s_per_mb"] = r["wall"] / max(size, 1 / 1024)
        r["disk_x"] = r["disk_mb"] / max(size, 1e-9)
        r["ok"] = (not r["killed"] and r["rss_mb"] <= 1024 and r["wall"] <= 10 * max(size, 1)
                   and r["disk_mb"] <= 2 * max(size, 1) and not r["leaked"] and not r["esc"])
        rows.append(r)
        print(f"{name:28} {size:7.2f} MB rc={r['rc']} {r['wall']:7.1f} s {r['rss_mb']:7.0f} MB "
              f"tmp {r['disk_mb']:7.1f} MB db {r['db_mb']:7.1f} MB leaked={','.join(r['leaked']) or '-'} "
              f"{'OK' if r['ok'] else 'FAIL'} {r['stderr']}", flush=True)
    worst = max(rows, key=lambda r: r["rss_mb"])
    print(json.dumps(dict(
        files=len(rows), failures=[r["file"] for r in rows if not r["ok"]],
        peak_rss_mb=round(worst["rss_mb"]), peak_rss_file=worst["file"],
        max_s_per_mb=round(max([r["s_per_mb"] for r in rows if r["mb"] >= 1] or [0]), 2),
        max_disk_x_large=round(max([r["disk_x"] for r in rows if r["mb"] >= 1] or [0]), 2),
        stored=sum(r["rc"] == 0 for r in rows),
        leaked_files=[r["file"] for r in rows if r["leaked"] or r["esc"]],
    ), indent=1))


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "build":
        build(sys.argv[2])
    elif len(sys.argv) >= 4 and sys.argv[1] == "run":
        run(sys.argv[2], sys.argv[3], sys.argv[4] if len(sys.argv) > 4 else None)
    else:
        print(__doc__)
        sys.exit(2)
