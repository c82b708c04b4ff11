#!/usr/bin/env python3
"""The performance targets of issue #6, checked against fsbench JSON lines (stdlib only).

usage: bench/targets.py RESULTS.jsonl...

Every figure is a same-run ratio: for each round r where both systems have the figure, value(A, r) / value(B, r),
then the median over the rounds (the noise of a shared machine cancels within a round). A parallelism ratio
compares two figures of one system in the same round. Labels starting with "memfs" or "passthrough" are ours (one
row per label, so an A/B run with --host shows both).
"""
import json
import statistics
import sys
from collections import defaultdict

# (ours-prefix, peer, workload-or-(w1,w2), threshold); a tuple workload means w1 / w2 of the same system
TARGETS = [
    ("memfs", "c-ll", "stat-nocache", 1.0),
    *[("memfs", "jnr", w, 2.0) for w in ("stat-nocache", "create", "unlink", "pstat", "pcreate")],
    ("memfs", "tmpfs", "readdir", 0.75),
    ("memfs", "tmpfs", "seqread-1m", 0.2),
    ("memfs", "tmpfs", "seqwrite-1m", 0.2),
    ("memfs", None, ("pcreate", "create"), 1.7),
    ("memfs", None, ("randread-4t", "randread-1t"), 1.5),
    *[("passthrough", "c-ll", w, 1.0) for w in
      ("stat-nocache", "readdir", "seqread-128k", "seqread-1m", "randread-1t", "randread-4t")],
]


def main(files):
    per_run = defaultdict(dict)  # (label, workload) -> {run: value}
    errors = defaultdict(list)
    labels = []
    for fn in files:
        with open(fn) as fh:
            for line in fh:
                line = line.strip()
                if not line:
                    continue
                d = json.loads(line)
                lab, w = d.get("label"), d.get("workload")
                if lab is None or w is None:
                    continue
                if lab not in labels:
                    labels.append(lab)
                if "error" in d:
                    errors[(lab, w)].append(d["error"])
                else:
                    per_run[(lab, w)][d.get("run", 1)] = d["value"]

    def ratio(a, wa, b, wb):
        x, y = per_run.get((a, wa), {}), per_run.get((b, wb), {})
        rs = [x[r] / y[r] for r in sorted(set(x) & set(y)) if y[r] > 0]
        return (statistics.median(rs), len(rs)) if rs else (None, 0)

    print("### Targets (issue #6): same-run ratios, median over rounds\n")
    print("| ours | figure | against | ratio | target | rounds | |")
    print("|---|---|---|---:|---:|---:|---|")
    for prefix, peer, w, threshold in TARGETS:
        for lab in [l for l in labels if l.startswith(prefix)]:
            if peer is None:
                v, n = ratio(lab, w[0], lab, w[1])
                fig, against = w[0], w[1]
            else:
                if peer not in labels:
                    continue
                v, n = ratio(lab, w, peer, w)
                fig, against = w, peer
            if v is None:
                err = errors.get((lab, fig)) or errors.get((peer, fig)) if peer else errors.get((lab, fig))
                verdict = "error" if err else "no figures"
                print(f"| {lab} | {fig} | {against} | – | ≥ {threshold:g}× | 0 | {verdict} |")
                continue
            verdict = "met" if v >= threshold else "NOT met"
            print(f"| {lab} | {fig} | {against} | {v:.2f}× | ≥ {threshold:g}× | {n} | {verdict} |")
    pt = [l for l in labels if l.startswith("passthrough")]
    for lab in pt:
        errs = [w for w in ("pcreate", "pstat", "pmeta") if errors.get((lab, w))]
        done = all(per_run.get((lab, w)) for w in ("pcreate", "pstat"))
        if done or errs:
            print(f"| {lab} | pmeta completes | – | – | – | – | {'met' if done and not errs else 'NOT met'} |")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
