#!/usr/bin/env python3
"""Attributes CPU per operation to stack frames, for two profiles side by side.

Each profile is the text of `perf script -F comm,tid,ip,sym` over a `perf record -g` of a Chirp.Bench run (with
DOTNET_PerfMapEnabled=1 so managed frames have names), given with the CPU per operation that run reported:

    perf_attribute.py BEFORE.txt:57.7 AFTER.txt:68.3 WriteLoopAsync ApplyTopLevel ...

For each frame substring it prints the microseconds per operation spent in samples whose stack contains it
(inclusive), before, after and the difference: the share of the run's samples times its CPU per operation.
"""
import sys


def samples(path):
    stack = []
    with open(path, errors="replace") as lines:
        for line in lines:
            line = line.rstrip("\n")
            if not line.strip():
                if stack:
                    yield stack
                stack = []
            elif line[0] not in " \t":
                stack = []
            else:
                parts = line.strip().split(" ", 1)
                stack.append(parts[-1])
    if stack:
        yield stack


def attribute(path, cpu_per_op, frames):
    total = 0
    hits = dict.fromkeys(frames, 0)
    for stack in samples(path):
        total += 1
        joined = " | ".join(stack)
        for frame in frames:
            if frame in joined:
                hits[frame] += 1
    return {frame: cpu_per_op * count / max(total, 1) for frame, count in hits.items()}


def main(argv):
    if len(argv) < 4:
        sys.exit(__doc__)
    runs = []
    for spec in argv[1:3]:
        path, cpu = spec.rsplit(":", 1)
        runs.append((path, float(cpu)))
    frames = argv[3:]
    before, after = (attribute(path, cpu, frames) for path, cpu in runs)
    print(f"{'before':>8} {'after':>8} {'delta':>8}  frame (µs per operation, inclusive)")
    for frame in frames:
        print(f"{before[frame]:8.1f} {after[frame]:8.1f} {after[frame] - before[frame]:+8.1f}  {frame}")


if __name__ == "__main__":
    main(sys.argv)
