#!/usr/bin/env python3
"""report.py - turn the raw figures of bench/compare.sh into the comparison table.

Reads RAW/*.txt: `meta.txt` (key=value) and figure files named SYSTEM.rROUND.GROUP.txt
or SYSTEM.GROUP.txt (SYSTEM: slurm, bramble, or ref for the spawn limit), each holding
"name value unit" lines ('#' lines are comments). Prints the table on stdout and writes
the Markdown report to --out. Every figure is the median over the rounds; the appendix
lists every round's value.
"""
import argparse
import math
import os
import re
import statistics
import sys
from collections import defaultdict

SYSTEMS = ("slurm", "bramble")


def load(raw):
    meta = {}
    vals = defaultdict(lambda: defaultdict(list))  # sys -> name -> [(round, value, unit)]
    notes = []
    with open(os.path.join(raw, "meta.txt")) as f:
        for line in f:
            if "=" in line:
                k, v = line.rstrip("\n").split("=", 1)
                meta[k] = v
    for fn in sorted(os.listdir(raw)):
        if not fn.endswith(".txt") or fn == "meta.txt":
            continue
        parts = fn[:-4].split(".")
        sysname = parts[0]
        rnd = 0
        for p in parts[1:]:
            m = re.fullmatch(r"r(\d+)", p)
            if m:
                rnd = int(m.group(1))
        with open(os.path.join(raw, fn), errors="replace") as f:
            in_errors = False
            for line in f:
                line = line.rstrip("\n")
                if line.startswith("#"):
                    if "errors logged" in line or "WARNING" in line or "did not" in line or "failed" in line:
                        notes.append(f"{fn}: {line[1:].strip()}")
                        in_errors = "errors logged" in line
                    elif in_errors and line.startswith("#   "):
                        notes.append(f"{fn}: {line[1:].strip()}")
                    else:
                        in_errors = False
                    continue
                fields = line.split()
                if len(fields) < 3:
                    if line.strip():
                        notes.append(f"{fn}: {line.strip()[:200]}")
                    continue
                name, value, unit = fields[0], fields[1], fields[2]
                try:
                    v = float(value)
                except ValueError:
                    notes.append(f"{fn}: {line.strip()[:200]}")
                    continue
                vals[sysname][name].append((rnd, v, unit))
    return meta, vals, notes


# figures where 0 means "nothing seen" (the sampler caught no step supervisor that round)
ZERO_IS_NONE = {"rss_stepd_max_single_throughput", "rss_stepd_sum_peak_throughput", "stepd_count_peak_throughput"}


def med(vals, sysname, name):
    xs = [v for _, v, _ in vals[sysname].get(name, [])
          if not math.isnan(v) and not (v == 0 and name in ZERO_IS_NONE)]
    return statistics.median(xs) if xs else None


def kept(vals, sysname, name):
    """worst round: (kept, of)"""
    worst = None
    for _, v, unit in vals[sysname].get(name, []):
        m = re.fullmatch(r"of_(\d+)", unit)
        of = int(m.group(1)) if m else None
        if math.isnan(v):
            continue
        if worst is None or v - (of or 0) < worst[0] - (worst[1] or 0):
            worst = (int(v), of)
    return worst


def add(a, b):
    return None if a is None or b is None else a + b


def fmt(v, unit):
    if v is None:
        return "n/a"
    if unit == "kB":
        return f"{v / 1024:.1f} MiB"
    if unit == "B":
        if v >= 1024 * 1024:
            return f"{v / 1048576:.2f} MiB"
        if v >= 1024:
            return f"{v / 1024:.1f} KiB"
        return f"{int(v)} B"
    if unit == "ms":
        return f"{v:.1f} ms"
    if unit == "s":
        return f"{v:.3f} s"
    if unit == "%":
        return f"{v:.1f} %"
    if unit in ("jobs/s", "execs/s"):
        return f"{v:.1f} {unit}" if v < 100 else f"{v:.0f} {unit}"
    return f"{v:g} {unit}"


def fmt_ratio(r):
    if r is None:
        return "—"
    if r >= 10:
        return f"{r:.0f}×"
    if r >= 1:
        return f"{r:.1f}×"
    return f"{r:.2f}×"


def rows(meta, vals):
    """yields (figure, slurm_text, bramble_text, ratio_text, target_text, met_text)"""
    n_tp = meta.get("n_throughput", "?")
    n_sub = meta.get("n_submit", "?")
    n_srun = meta.get("n_srun", "?")
    idle_s = meta.get("idle_s", "?")

    def cmp(figure, s, b, unit, op=None, target=None, target_text=None):
        r = b / s if (s is not None and b is not None and s > 0) else None
        met = "—"
        if op is not None:
            if r is None:
                met = "n/a"
            else:
                met = "yes" if (r >= target if op == "ge" else r <= target) else "**no**"
        if target_text is None and op is not None:
            target_text = ("≥ " if op == "ge" else "≤ ") + fmt_ratio(target)
        return (figure, fmt(s, unit), fmt(b, unit), fmt_ratio(r), target_text or "—", met)

    def m(sysname, name):
        return med(vals, sysname, name)

    def both(name):
        return m("slurm", name), m("bramble", name)

    yield cmp(f"Submit rate, `sbatch --parsable --wrap=true`, {n_tp} jobs in a row", *both("submit_rate_live"),
              "jobs/s", "ge", 4, "≥ 4×")
    yield cmp(f"Submit rate, the same with `--hold`, {n_sub} jobs", *both("submit_rate_held"), "jobs/s", "ge", 4,
              "≥ 4×")
    yield cmp(f"Throughput, {n_tp} trivial jobs (first submit until squeue is empty)", *both("throughput"), "jobs/s",
              "ge", 50, "≥ 50×")
    spawn = med(vals, "ref", "spawn_rate")
    s_tp, b_tp = both("throughput")
    s_share = 100 * s_tp / spawn if (spawn and s_tp is not None) else None
    b_share = 100 * b_tp / spawn if (spawn and b_tp is not None) else None
    met = "n/a" if b_share is None else ("yes" if b_share >= 100 / 3 else "**no**")
    yield (f"Throughput as a share of the spawn limit ({fmt(spawn, 'execs/s')})", fmt(s_share, "%"),
           fmt(b_share, "%"), "—", "Bramble ≥ 33 %", met)
    yield ("Spawn limit: fork + exec + wait of /bin/true in a tight loop (C)", fmt(spawn, "execs/s"),
           fmt(spawn, "execs/s"), "—", "reference", "—")
    for stat in ("median", "p90"):
        yield cmp(f"`srun -n1 true`, {stat} of {n_srun}", *both(f"srun_n1_true_{stat}"), "ms", "le", 1 / 5,
                  "≤ 1/5 (0.20×)")
    for stat in ("median", "p90"):
        yield cmp(f"`srun -n4 hostname`, {stat} of {n_srun}", *both(f"srun_n4_hostname_{stat}"), "ms", "le", 1 / 7,
                  "≤ 1/7 (0.14×)")
    yield cmp(f"`squeue` with {n_sub} held jobs queued, median", *both("squeue_held_median"), "ms", "le", 1 / 3,
              "≤ 1/3 (0.33×)")
    yield cmp(f"`squeue` with {n_sub} held jobs queued, p90", *both("squeue_held_p90"), "ms")
    yield cmp("Controller RSS idle (vs slurmctld)", *both("rss_slurmctld_idle"), "kB", "le", 1 / 2, "≤ 1/2 (0.50×)")
    yield cmp(f"Controller RSS peak during the {n_tp}-job run (vs slurmctld)", *both("rss_slurmctld_peak_throughput"),
              "kB", "le", 1 / 3, "≤ 1/3 (0.33×)")
    yield cmp("  slurmctld's children (slurmscriptd) idle, not counted above", m("slurm", "rss_slurmctld_children_idle"),
              m("bramble", "rss_slurmctld_children_idle"), "kB")
    yield cmp("Node daemon RSS idle (vs slurmd + munged)",
              add(m("slurm", "rss_slurmd_idle"), m("slurm", "rss_munged_idle")), m("bramble", "rss_slurmd_idle"), "kB",
              "le", 1 / 3, "≤ 1/3 (0.33×)")
    yield cmp(f"Node daemon RSS peak during the {n_tp}-job run (vs slurmd + munged)",
              add(m("slurm", "rss_slurmd_peak_throughput"), m("slurm", "rss_munged_peak_throughput")),
              m("bramble", "rss_slurmd_peak_throughput"), "kB", "le", 1 / 3, "≤ 1/3 (0.33×)")
    yield cmp("Step supervisor RSS, batch job running `sleep`, largest of 4 (vs slurmstepd)",
              *both("rss_stepd_batch_max"), "kB", "le", 1 / 4, "≤ 1/4 (0.25×)")
    yield cmp("Step supervisor RSS, `srun -n4 sleep` step (vs slurmstepd)", *both("rss_stepd_srun_n4_max"), "kB",
              "le", 1 / 4, "≤ 1/4 (0.25×)")
    yield cmp(f"Step supervisor RSS, largest one seen during the {n_tp}-job run (vs slurmstepd)",
              *both("rss_stepd_max_single_throughput"), "kB", "le", 1 / 4, "≤ 1/4 (0.25×)")
    yield cmp("  step supervisors at once (most seen)", *both("stepd_count_peak_throughput"), "procs")
    yield cmp("  their summed RSS (most seen)", *both("rss_stepd_sum_peak_throughput"), "kB")
    for mode, label in (("restart", "clean stop"), ("restart_kill", "kill -9 one second after the last submission")):
        yield cmp(f"Controller restart after {label}: squeue answers, s after start", *both(f"{mode}_squeue_ready"), "s",
                  "le", 1, "≤ 1× (no slower)")
        yield cmp(f"  the same from the stop until squeue answers", *both(f"{mode}_total"), "s", "le", 1,
                  "≤ 1× (no slower)")
        ks, kb = kept(vals, "slurm", f"{mode}_jobs_kept"), kept(vals, "bramble", f"{mode}_jobs_kept")

        def kt(k):
            return "n/a" if k is None else f"{k[0]} of {k[1]}"

        met = "n/a" if kb is None else ("yes" if kb[1] is not None and kb[0] == kb[1] else "**no**")
        yield (f"  held jobs kept (worst round)", kt(ks), kt(kb), "—", "every one", met)
    s_w, b_w = both("idle_write_bytes")
    met = "n/a" if b_w is None else ("yes" if b_w == 0 else "**no**")
    r = b_w / s_w if (s_w and b_w is not None) else None
    yield (f"Bytes written to disk by the idle cluster in {idle_s} s (all daemons, /proc/PID/io)", fmt(s_w, "B"),
           fmt(b_w, "B"), fmt_ratio(r), "Bramble 0 B", met)


def table_md(rs):
    out = ["| figure | Slurm | Bramble | ratio | target | met? |", "| --- | ---: | ---: | ---: | --- | --- |"]
    for r in rs:
        out.append("| " + " | ".join(r) + " |")
    return "\n".join(out)


def table_text(rs):
    w = [max(len(r[i]) for r in rs) for i in range(6)]
    head = ("figure", "Slurm", "Bramble", "ratio", "target", "met?")
    w = [max(w[i], len(head[i])) for i in range(6)]
    lines = ["  ".join(head[i].ljust(w[i]) for i in range(6))]
    for r in rs:
        lines.append("  ".join((r[i].rjust(w[i]) if i in (1, 2, 3) else r[i].ljust(w[i])) for i in range(6)))
    return "\n".join(lines)


APPENDIX_NAMES = [
    "submit_rate_live", "submit_rate_held", "throughput", "throughput_total", "throughput_drain_after_last_submit",
    "srun_n1_true_median", "srun_n1_true_p90", "srun_n4_hostname_median", "srun_n4_hostname_p90",
    "squeue_empty_median", "sinfo_median", "squeue_held_median", "squeue_held_p90", "scancel_held",
    "rss_slurmctld_idle", "rss_slurmd_idle", "rss_munged_idle", "rss_slurmctld_children_idle",
    "rss_slurmctld_peak_throughput", "vmhwm_slurmctld_after_throughput", "rss_slurmd_peak_throughput",
    "vmhwm_slurmd_after_throughput", "rss_munged_peak_throughput", "rss_stepd_max_single_throughput",
    "rss_stepd_sum_peak_throughput", "stepd_count_peak_throughput", "rss_stepd_batch_max", "rss_stepd_batch_mean",
    "stepd_batch_count", "rss_stepd_srun_n4_max", "stepd_srun_n4_count",
    "restart_stop", "restart_squeue_ready", "restart_total", "restart_jobs_kept",
    "restart_kill_stop", "restart_kill_squeue_ready", "restart_kill_total", "restart_kill_jobs_kept",
    "idle_write_bytes",
]


def appendix(vals):
    out = ["| figure | unit | Slurm, per round | Bramble, per round |", "| --- | --- | --- | --- |"]
    for name in APPENDIX_NAMES:
        cells = []
        unit = ""
        for s in SYSTEMS:
            xs = sorted(vals[s].get(name, []))
            if xs:
                unit = xs[0][2]
            cells.append(", ".join(f"{v:g}" for _, v, _ in xs) or "—")
        if cells != ["—", "—"]:
            out.append(f"| `{name}` | {unit} | {cells[0]} | {cells[1]} |")
    h = [med(vals, s, "harness_exec_overhead_median") for s in SYSTEMS]
    if h != [None, None]:
        out.append("| `harness_exec_overhead_median` (median over the runs, each the median of 20 `timeout true`) | ms | "
                   + " | ".join("—" if x is None else f"{x:g}" for x in h) + " |")
    spawn = sorted(vals["ref"].get("spawn_rate", []))
    if spawn:
        out.append(f"| `spawn_rate` | execs/s | {', '.join(f'{v:g}' for _, v, _ in spawn)} | (same) |")
    return "\n".join(out)


def failures(vals):
    out = []
    for s in SYSTEMS:
        for name, xs in sorted(vals[s].items()):
            if name.endswith("_failures") or name.endswith("_poll_failures") or name == "idle_write_partial":
                bad = [(r, v) for r, v, _ in xs if v > 0]
                if bad:
                    out.append(f"{s}: `{name}` " + ", ".join(f"round {r}: {v:g}" for r, v in bad))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--raw", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    meta, vals, notes = load(a.raw)
    rs = list(rows(meta, vals))
    print(table_text(rs))
    full = meta.get("full_run") == "1"
    busy = False
    try:
        busy = float(meta.get("load_start", "0").split()[0]) > 0.5 * int(meta.get("nproc", "1"))
    except ValueError:
        pass
    md = ["# Performance: Bramble and Slurm side by side", ""]
    if not full:
        md += ["> **SMOKE RUN with reduced counts — not the reference figures.** "
               f"Settings: `{meta.get('knobs', '?')}`.", ""]
    if busy:
        md += [f"> **The machine was busy when the run started** (load average {meta.get('load_start')} on "
               f"{meta.get('nproc')} CPUs): other work competed with both systems.", ""]
    if meta.get("note"):
        md += [f"> Note: {meta['note']}", ""]
    md += [
        "Produced by `sudo bench/compare.sh` (see the README's Performance section): both systems in the same run "
        "on the same machine, test by test in turn, the first system swapped every round, each figure the "
        "median over the rounds. Ratios are Bramble ÷ Slurm, so above 1× means Bramble's number is larger "
        "(better for rates, worse for times and memory).",
        "",
        f"- **Date:** {meta.get('date', '?')}",
        f"- **Commit:** {meta.get('commit', '?')}",
        f"- **Machine:** {meta.get('nproc', '?')} CPUs ({meta.get('cpu_model', '?')}), {meta.get('memory', '?')} memory, "
        f"kernel {meta.get('kernel', '?')}, {meta.get('os', '?')}; cluster state on {meta.get('work_fs', '?')}",
        f"- **Load average** at start {meta.get('load_start', '?')}, at end {meta.get('load_end', '?')}",
        f"- **Slurm:** {meta.get('slurm_version', '?')} (Debian's slurm-wlm), `{meta.get('slurm_tuning', '?')}` settings, "
        f"munge; **Bramble:** {meta.get('bramble_version', '?')}, `bramble up`; each one node with "
        f"{meta.get('node_cpus', '?')} CPU slots and {meta.get('node_mem_mb', '?')} MB, on 127.0.0.1",
        f"- **Settings:** `{meta.get('knobs', '?')}`; run took {meta.get('duration_s', '?')} s",
        "",
        table_md(rs),
        "",
        "## How each figure is taken",
        "",
        "- Clients: the same commands against both (`sbatch`, `squeue`, `srun`, `scancel`, `sinfo`); only `PATH` and "
        "`SLURM_CONF` differ. Every call runs under `timeout`, so each time includes a fork and exec (the "
        "`harness_exec_overhead_median` row of the appendix).",
        "- Submit rate: jobs submitted one after another by one client, divided by the time; the first row is "
        "the submission phase of the throughput run (the jobs start running meanwhile), the second submits held "
        "jobs.",
        "- Throughput: from the first submission until `squeue` (polled every 0.2 s) lists nothing; each job is "
        "`--wrap=true`.",
        "- Spawn limit: `bench/compare/spawn_limit.c`, the most processes per second this machine can start, run and "
        "reap one after another; each round measures it afresh.",
        "- srun: `srun -n1 true` and `srun -n4 hostname` outside any job, so each includes getting and giving back "
        "an allocation; one warm-up run first.",
        "- squeue: plain `squeue` with the held jobs queued.",
        "- Memory: VmRSS from `/proc`; idle a few seconds after the queue is empty, peak sampled every 0.5 s during the "
        "throughput run. Slurm's node side is slurmd plus munged (Bramble has no separate authentication daemon); "
        "the step supervisor figures are the largest single `bramble stepd` / `slurmstepd` process: of 4 batch jobs "
        "running `sleep 30`, of one `srun -n4 sleep 4` step, and seen by the sampler during the throughput run "
        "(whose jobs are short, so it may catch few or none: see the count).",
        "- Restart: held jobs submitted, then one second later the controller is stopped (SIGTERM, waiting for it "
        "to exit) or killed (SIGKILL); it is started again and `squeue` polled until it answers. \"Kept\" counts the "
        "submitted jobs `squeue` lists afterwards.",
        f"- Idle writes: both clusters freshly started and idle at the same time for {idle_fmt(meta)}; the sum of "
        "`write_bytes` in `/proc/PID/io` of every daemon process (slurmctld and its slurmscriptd, slurmd, munged; "
        "Bramble's controller and node daemon) over that window.",
        "",
    ]
    fl = failures(vals)
    if fl or notes:
        md += ["## Failures and warnings during the run", ""]
        md += [f"- {x}" for x in fl]
        md += [f"- {x}" for x in notes[:40]]
        if len(notes) > 40:
            md.append(f"- ... and {len(notes) - 40} more lines in the raw files")
        md.append("")
    md += ["## Every round", "", appendix(vals), ""]
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    kept = kept_sections(a.out)
    with open(a.out, "w") as f:
        f.write("\n".join(md))
        if kept:
            f.write("\n" + kept)
    if fl or notes:
        print(f"\n{len(fl)} failure counts and {len(notes)} warning lines: see {a.out}", file=sys.stderr)


# Sections measured by hand (start-up, micro-benchmarks) follow this line in
# docs/performance.md; a report replaces what precedes it and keeps the rest.
KEEP_MARKER = "<!-- Sections below are kept by bench/compare/report.py. -->"


def kept_sections(path):
    """The marker and everything after it in the existing report, or ''."""
    try:
        with open(path) as f:
            text = f.read()
    except OSError:
        return ""
    at = text.find(KEEP_MARKER)
    return text[at:] if at >= 0 else ""


def idle_fmt(meta):
    return f"{meta.get('idle_s', '?')} s"


if __name__ == "__main__":
    main()
