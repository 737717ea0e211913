"""Names per second through the full unit normaliser (run on demand, not in tests).

    .venv/bin/python -m benchmarks.bench_units [--names 100000]

100,000 names as a batch sees them: the seed labels and every registry alias,
with prefixes and whitespace noise, many repeated; plus names no registry has.
Reports the one-off loads (the gazetteer alone, then the registry, OpenCC and
the first name), a cold pass (every distinct name resolved once) and the full
run with the cache.
"""

from __future__ import annotations

import argparse
import random
import resource
import time
from pathlib import Path

import yaml

from tongbao.normalize.gazetteer import Division, gazetteer
from tongbao.normalize.units import jurisdiction_of, registry, resolve_unit


def names(n: int, rng: random.Random) -> list[tuple[str, Division]]:
    """(printed name, its document's jurisdiction) pairs."""
    seeds = yaml.safe_load((Path(__file__).parents[1] / "tests/data/seed_units.yaml").read_text())
    base = [(label, jurisdiction_of(entry["issuer"])) for entry in seeds.values()
            for label in entry["labels"]]
    beiguan = jurisdiction_of("安阳市北关区人民政府办公室")
    base += [(alias, beiguan) for alias in sorted(registry().alias)]
    rare = "璇琮瑾瑜珏琨玥琬璟瑶珂琳瑛璞珩琰"
    out = []
    for _ in range(n):
        if rng.random() < 0.9:
            label, context = rng.choice(base)
            name = rng.choice(["", "区"]) + label
            if rng.random() < 0.3:
                cut = rng.randint(1, len(name) - 1)
                name = name[:cut] + " " + name[cut:]
        else:
            name, context = "".join(rng.choices(rare, k=3)) + rng.choice(["局", "镇", "中心"]), beiguan
        out.append((name, context))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--names", type=int, default=100_000)
    args = ap.parse_args()
    t0 = time.perf_counter()
    gazetteer()
    gaz_load = time.perf_counter() - t0
    resolve_unit("区住建局", jurisdiction_of("安阳市北关区人民政府办公室"))
    load = time.perf_counter() - t0
    t = time.perf_counter()
    batch = names(args.names, random.Random(1))
    print(f"(generating the names took {time.perf_counter() - t:.2f} s)")
    distinct = list(dict.fromkeys(batch))
    t1 = time.perf_counter()
    for name, context in distinct:
        resolve_unit(name, context)
    cold = time.perf_counter() - t1
    resolve_unit.cache_clear()
    t2 = time.perf_counter()
    resolved = sum(resolve_unit(name, context).resolved for name, context in batch)
    full = time.perf_counter() - t2
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"load: gazetteer {gaz_load * 1000:.0f} ms; with registry, OpenCC, first name "
          f"{load * 1000:.0f} ms")
    print(f"{len(distinct)} distinct names, uncached: {cold:.2f} s "
          f"({len(distinct) / cold:,.0f} names/s)")
    print(f"{len(batch)} names with the cache: {full:.2f} s ({len(batch) / full:,.0f} names/s), "
          f"{resolved} resolved; peak RSS {rss:.0f} MB")


if __name__ == "__main__":
    main()
