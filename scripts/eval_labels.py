#!/usr/bin/env python3
"""Precision and recall of medlint against the reviewer labels in tests/labels/.

Each fixture `fixtures/NAME` has `tests/labels/NAME.tsv`: LINE<TAB>CATEGORY<TAB>TEXT, written by a
reviewer independently of the rules. A finding matches a label when the categories agree and the
spans overlap (document-level labels, LINE `-`, match span-less findings of the category). A
finding that overlaps an `ok` label, or matches no label, is a false positive.

    python3 scripts/eval_labels.py [--bin target/release/medlint] [--verbose] [FIXTURE...]
"""
import argparse, collections, json, os, subprocess, sys

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

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(ROOT, "target/debug/medlint"))
    ap.add_argument("--verbose", "-v", action="store_true")
    ap.add_argument("fixtures", nargs="*")
    args = ap.parse_args()
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
