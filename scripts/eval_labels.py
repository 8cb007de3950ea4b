#!/usr/bin/env python3
"""Precision and recall of medlint against the reviewer labels in tests/labels/.

Each fixture `fixtures/NAME` has `tests/labels/NAME.tsv`: LINE<TAB>CATEGORY<TAB>TEXT, written by a
reviewer independently of the rules. A finding matches a label when the categories agree and the
spans overlap (document-level labels, LINE `-`, match span-less findings of the category). A
finding that overlaps an `ok` label, or matches no label, is a false positive.

    python3 scripts/eval_labels.py [--bin target/release/medlint] [--verbose] [FIXTURE...]

With `--corpus DIR` it scores a labelled folder in the corpus format instead: `DIR/claims.tsv`
(a header line, then CLAIM<TAB>CATEGORIES[<TAB>anything else], categories comma-separated), each
claim linted alone as a one-line Markdown file and counted as flagged when medlint reports a span
finding on it (overall and per category; "strict" = a finding of that very category); and
`DIR/neutral/` (pages that sell nothing, in any format medlint reads), where every finding is a
false positive, reported per 1,000 words.

    python3 scripts/eval_labels.py --corpus ../my-corpus [--bin …] [--show-misses] [--show-findings]
"""
import argparse, collections, json, os, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Which missing-disclaimer label each document-level rule answers (by rule name fragment).
DOC_KEYS = {
    "medical-advice": "medical-advice",
    "crisis": "crisis-resource",
    "typicality": "typicality",
    "supplement": "supplement-disclaimer",
    "compound": "compounded-not-approved",
    "risk": "risk-info",
}

def load_labels(path, text):
    lines = text.split("\n")
    starts = [0]
    for l in lines[:-1]:
        starts.append(starts[-1] + len(l.encode()) + 1)
    out = []
    with open(path, encoding="utf-8") as f:
        for raw in f:
            raw = raw.rstrip("\n")
            if not raw.strip() or raw.startswith("#"):
                continue
            parts = raw.split("\t")
            if len(parts) < 3:
                continue
            line, cat, t = parts[0].strip(), parts[1].strip(), "\t".join(parts[2:])
            if line == "-":
                out.append({"line": None, "cat": cat, "text": t, "span": None})
                continue
            n = int(line)
            lt = lines[n - 1]
            i = lt.find(t)
            if i < 0:
                print(f"warning: {path}: label text not on line {n}: {t!r}", file=sys.stderr)
                continue
            s = starts[n - 1] + len(lt[:i].encode())
            out.append({"line": n, "cat": cat, "text": t, "span": (s, s + len(t.encode()))})
    return out

def doc_key(finding):
    name = finding["name"]
    for frag, key in DOC_KEYS.items():
        if frag in name:
            return key
    return None

def run_json(bin_, paths):
    """The findings of one medlint run over `paths`, by path."""
    out = subprocess.run([bin_, "check", "--isolated", "--format", "json", *paths],
                         capture_output=True, text=True)
    if out.returncode not in (0, 1):
        sys.exit(f"{bin_} exited {out.returncode}: {out.stderr[:400]}")
    by_path = collections.defaultdict(list)
    for f in json.loads(out.stdout)["findings"]:
        by_path[os.path.abspath(f["path"])].append(f)
    return by_path


def score_corpus(args):
    """Claims recall and neutral-page false positives on a folder in the corpus format."""
    claims = []
    with open(os.path.join(args.corpus, "claims.tsv"), encoding="utf-8") as f:
        next(f, None)
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 2 and parts[0].strip():
                cats = [c.strip() for c in parts[1].split(",") if c.strip()]
                claims.append((parts[0].strip(), cats))
    per = collections.defaultdict(collections.Counter)
    misses = []
    with tempfile.TemporaryDirectory() as d:
        paths = []
        for i, (claim, _) in enumerate(claims):
            p = os.path.join(d, f"claim{i:05}.md")
            with open(p, "w", encoding="utf-8") as out:
                out.write(claim + "\n")
            paths.append(p)
        found = run_json(args.bin, [d]) if paths else {}
        flagged = 0
        for p, (claim, cats) in zip(paths, claims):
            spans = [f for f in found.get(os.path.abspath(p), []) if f["span"]]
            got = {f["category"] for f in spans}
            flagged += bool(spans)
            if not spans:
                misses.append((cats, claim))
            for c in cats:
                per[c]["claims"] += 1
                per[c]["flagged"] += bool(spans)
                per[c]["strict"] += c in got
    n = max(1, len(claims))
    print(f"claims flagged: {flagged}/{len(claims)} = {flagged / n:.3f}")
    for c, v in sorted(per.items()):
        print(f"  {c:22} {v['flagged']:4}/{v['claims']:<4} flagged, {v['strict']:4} by a {c} finding")
    neutral = os.path.join(args.corpus, "neutral")
    pages = sorted(os.path.join(neutral, f) for f in os.listdir(neutral)) if os.path.isdir(neutral) else []
    words = sum(len(open(p, encoding="utf-8", errors="replace").read().split()) for p in pages)
    found = run_json(args.bin, [neutral]) if pages else {}
    span_n = sum(1 for fs in found.values() for f in fs if f["span"])
    doc_n = sum(1 for fs in found.values() for f in fs if not f["span"])
    print(f"neutral pages: {span_n} span findings in {words} words = "
          f"{1000 * span_n / max(1, words):.2f} per 1,000 words; {doc_n} document-level findings")
    if args.show_misses:
        print("\nmissed claims:")
        for cats, claim in misses:
            print(f"  [{','.join(cats)}] {claim[:160]}")
    if args.show_findings:
        print("\nfindings on neutral pages:")
        for p, fs in sorted(found.items()):
            for f in fs:
                print(f"  {os.path.basename(p)} | {f['rule']} | {f['category']} | {(f['text'] or '')[:70]}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(ROOT, "target/debug/medlint"))
    ap.add_argument("--verbose", "-v", action="store_true")
    ap.add_argument("--corpus", help="score a labelled folder in the corpus format instead")
    ap.add_argument("--show-misses", action="store_true", help="with --corpus: the claims missed")
    ap.add_argument("--show-findings", action="store_true",
                    help="with --corpus: the findings on the neutral pages")
    ap.add_argument("fixtures", nargs="*")
    args = ap.parse_args()
    if args.corpus:
        return score_corpus(args)
    label_dir = os.path.join(ROOT, "tests/labels")
    names = args.fixtures or sorted(f[:-4] for f in os.listdir(label_dir) if f.endswith(".tsv"))
    tp_l = collections.Counter(); n_l = collections.Counter()
    tp_f = collections.Counter(); n_f = collections.Counter()
    fp_list, fn_list = [], []
    for name in names:
        fx = os.path.join(ROOT, "fixtures", name)
        text = open(fx, encoding="utf-8").read()
        labels = load_labels(os.path.join(label_dir, name + ".tsv"), text)
        out = subprocess.run([args.bin, "check", "--isolated", "--format", "json", fx],
                             capture_output=True, text=True)
        findings = json.loads(out.stdout)["findings"]
        matched_labels = set()
        for f in findings:
            cat = f["category"]
            n_f[cat] += 1
            hit = False
            for i, l in enumerate(labels):
                if l["cat"] == "ok":
                    continue
                if l["span"] is None:
                    if f["span"] is None and l["cat"] == cat and doc_key(f) == l["text"]:
                        hit = True; matched_labels.add(i)
                    continue
                if f["span"] is None or l["cat"] != cat:
                    continue
                s, e = f["span"]["start"], f["span"]["end"]
                if s < l["span"][1] and l["span"][0] < e:
                    hit = True; matched_labels.add(i)
            on_ok = f["span"] is not None and any(
                l["cat"] == "ok" and l["span"] and f["span"]["start"] < l["span"][1] and l["span"][0] < f["span"]["end"]
                for l in labels)
            if hit and not on_ok:
                tp_f[cat] += 1
            else:
                where = f["span"]["line"] if f["span"] else "-"
                fp_list.append(f"{name}:{where}: {f['rule']} {cat} {f['text']!r}" + (" [on ok]" if on_ok else ""))
        for i, l in enumerate(labels):
            if l["cat"] == "ok":
                continue
            n_l[l["cat"]] += 1
            if i in matched_labels:
                tp_l[l["cat"]] += 1
            else:
                fn_list.append(f"{name}:{l['line'] or '-'}: {l['cat']} {l['text']!r}")
    cats = sorted(set(n_l) | set(n_f))
    print(f"{'category':22} {'labels':>6} {'recall':>7} {'findings':>8} {'precision':>9}")
    for c in cats:
        r = tp_l[c] / n_l[c] if n_l[c] else float("nan")
        p = tp_f[c] / n_f[c] if n_f[c] else float("nan")
        print(f"{c:22} {n_l[c]:6} {r:7.2f} {n_f[c]:8} {p:9.2f}")
    R = sum(tp_l.values()) / max(1, sum(n_l.values()))
    P = sum(tp_f.values()) / max(1, sum(n_f.values()))
    print(f"{'ALL':22} {sum(n_l.values()):6} {R:7.2f} {sum(n_f.values()):8} {P:9.2f}")
    if args.verbose:
        print("\nFalse positives:"); print("\n".join("  " + x for x in fp_list))
        print("\nMisses:"); print("\n".join("  " + x for x in fn_list))

if __name__ == "__main__":
    main()
