#!/usr/bin/env python3
"""Combines the learning-curve JSONs of atomdoe study runs into the tables of docs/validation_robust.md.
usage (from the repository root): python3 docs/validation_robust/robust_tables.py "I-optimal-strata[forces]" \
    docs/validation_robust/run0 docs/validation_robust/run2 docs/validation_robust/run3
(each DIR holds <El>_snap_twojmax_6.json; the first argument is the design whose per-config_type errors are listed)"""
import json, sys, statistics, os
ELS = ["Ni", "Cu", "Li", "Mo", "Si", "Ge"]
default = sys.argv[1]
dirs = sys.argv[2:]

def load(el):
    methods, summ, pts, full, fullF, pool = [], {}, {}, None, None, None
    for d in dirs:
        c = json.load(open(f"{d}/{el}_snap_twojmax_6.json"))["curve"]
        full, fullF, pool = c["fullPool"]["maeMeVPerAtom"], c["fullPoolForces"]["mae"], c["poolSize"]
        for m in c["methods"]:
            if m in methods: continue
            methods.append(m)
        for s in c["summaries"]:
            summ.setdefault((s["method"], s["size"]), s)
        for p in c["points"]:
            pts.setdefault((p["method"], p["size"]), {})[(d, p["repeat"])] = p
    methods = [m for m in methods if m != "random"] + ["random"]
    return methods, summ, pts, full, fullF, pool

def short(m):
    return m.replace("-optimal", "").replace("[forces]", "")

out = []
tally = {}
reach = {}
for el in ELS:
    methods, summ, pts, full, fullF, pool = load(el)
    sizes = sorted({k[1] for k in summ})
    out.append(f"### {el} ({pool} pool configurations; full-pool fit: {full:.2f} meV/atom, {fullF:.4f} eV/Å)\n")
    out.append("Plots: " + ", ".join(f"[{os.path.basename(d)}]({os.path.relpath(d + '/' + el + '_snap_twojmax_6.png', 'docs')})" for d in dirs) + "\n")
    for what, key, fmt, unit in (("energy", "maeMedian", "{:.2f}", "meV/atom"), ("force", "forceMaeMedian", "{:.4f}", "eV/Å")):
        out.append(f"Median test {what} MAE ({unit}); random: median of 20 seeds [min - max].\n")
        out.append("| budget | " + " | ".join(short(m) for m in methods) + " |")
        out.append("|---" * (len(methods) + 1) + "|")
        for n in sizes:
            cells = []
            r = summ[("random", n)][key]
            for m in methods:
                v = summ[(m, n)][key]
                if m == "random":
                    vals = sorted((p["maeMeVPerAtom"] if what == "energy" else p["forceMae"]) for p in pts[(m, n)].values())
                    cells.append(fmt.format(v) + " [" + fmt.format(vals[0]) + " - " + fmt.format(vals[-1]) + "]")
                else:
                    t = fmt.format(v)
                    cells.append(f"**{t}**" if n < pool and v <= r else t)
            out.append(f"| {n} | " + " | ".join(cells) + " |")
        out.append("")
    out.append("")
    for m in methods:
        if m == "random": continue
        t = tally.setdefault(m, {"e": 0, "f": 0, "n": 0, "eall": [], "fall": [], "both": []})
        ew = fw = 0
        for n in sizes:
            if n >= pool: continue
            r = summ[("random", n)]
            e_ok = summ[(m, n)]["maeMedian"] <= r["maeMedian"]
            f_ok = summ[(m, n)]["forceMaeMedian"] <= r["forceMaeMedian"]
            t["e"] += e_ok; t["f"] += f_ok; t["n"] += 1
            ew += e_ok; fw += f_ok
        nb = len([n for n in sizes if n < pool])
        if ew == nb: t["eall"].append(el)
        if fw == nb: t["fall"].append(el)
        if ew == nb and fw == nb: t["both"].append(el)
    for m in methods:
        be = next((n for n in sizes if summ[(m, n)]["maeMedian"] <= 1.1 * full), None)
        bf = next((n for n in sizes if summ[(m, n)]["forceMaeMedian"] <= 1.1 * fullF), None)
        reach.setdefault(m, {})[el] = (be, bf, pool)
    # per config_type at 64 for the default and random
    for n in [64]:
        parts = []
        for m in [default, "random"]:
            if (m, n) not in pts: continue
            by = {}
            for p in pts[(m, n)].values():
                for k, v in p["maePerConfigType"].items(): by.setdefault(k, []).append(v)
            parts.append(short(m) + ": " + ", ".join(f"{k} {statistics.median(v):.1f}" for k, v in sorted(by.items())))
        out.append(f"Median test energy MAE per config_type at {n} configurations (meV/atom): " + "; ".join(parts) + ".\n")

print("\n".join(out))
print("### Counts against the random median (all six elements, budgets 8-128)\n")
print("| design | energy: budgets at or below | forces: budgets at or below | elements with every budget at or below (energy / forces / both) |")
print("|---|---|---|---|")
for m, t in tally.items():
    names = lambda l: "(" + (", ".join(l) or "none") + ")"
    print(f"| {short(m)} | {t['e']} of {t['n']} | {t['f']} of {t['n']} | {len(t['eall'])} {names(t['eall'])} / {len(t['fall'])} {names(t['fall'])} / {len(t['both'])} |")
print("\n### Smallest budget whose median is within 10% of the full-pool error (energy / forces; 40% of the pool in brackets)\n")
print("| design | " + " | ".join(ELS) + " |")
print("|---" * 7 + "|")
for m, r in reach.items():
    print(f"| {short(m)} | " + " | ".join(f"{r[el][0]} / {r[el][1]} ({int(0.4*r[el][2])})" for el in ELS) + " |")

