# Stratified sample of ALL stored divergences (shown and hidden), up to N per rule, in the
# sampler's JSON shape, for calibrating per-rule confidence on the DEV split only.
import json, sqlite3, sys, random, os, collections
db, out, n, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
con = sqlite3.connect(db)
docs = {i: (os.path.splitext(os.path.basename(p))[0], t) for i, p, t in con.execute("select id, path, text from documents")}
rows = con.execute("""select d.id, d.type, d.rule, d.confidence, d.severity, d.explanation, d.value_a, d.value_b,
  al.doc_a, d.a_start, d.a_end, al.doc_b, d.b_start, d.b_end, al.a_start, al.a_end, al.b_start, al.b_end
  from divergences d join alignments al on al.id = d.alignment_id""").fetchall()
by = collections.defaultdict(list)
for r in rows: by[r[2]].append(r)
rng = random.Random(seed)
pick = []
for rule in sorted(by):
    xs = by[rule]; rng.shuffle(xs); pick += xs[:n]
lines = [json.dumps({"sample_of": len(rows), "split": "dev", "kind": "divergence", "seed": seed, "stratified": "up to %d per rule, shown and hidden" % n})]
for r in sorted(pick, key=lambda r: r[0]):
    (i, ty, rule, conf, sev, expl, va, vb, da, as_, ae, db_, bs, be, cas, cae, cbs, cbe) = r
    sl = lambda d, s, e: docs[d][1][s:e]
    key = f"divergence|{ty}|{docs[da][0]}:{as_}-{ae}|{docs[db_][0]}:{bs}-{be}|{rule}"
    lines.append(json.dumps({"key": key, "row": i, "show": {"type": ty,
        "a": {"doc": docs[da][0], "value": sl(da, as_, ae), "claim": sl(da, cas, cae)},
        "b": {"doc": docs[db_][0], "value": sl(db_, bs, be), "claim": sl(db_, cbs, cbe)},
        "detail": {"explanation": expl, "severity": sev, "value_a": va, "value_b": vb}}}, ensure_ascii=False))
open(out, "w").write("\n".join(lines) + "\n")
print(len(pick), "findings;", {k: len(v) for k, v in by.items()})
