"""Explorer pages: HTML size and time to first render / interactive in headless Chromium.

Pages: H4 (the committed 29-node adversary, counterexamples/h4_replay.json) and the generalised
triangle h_i = x<=0 or (x in 1..N and x != i) at N = 12 (24,589 nodes, built as in bench_hot.py).
Baseline, measured in the same run and the same browser: an empty page whose inline script marks
itself ready. Times are from navigation start (the browser's clock): "rendered" = the page's script has built
the view from the embedded data, first contentful paint (the browser's), and "interactive" = after
the render the event loop is free again (the answer buttons respond).
Also: one move (an answer click and the redraw it causes). Goal: interactive < 1 s for both.

    python benchmarks/bench_explore.py [--n 12] [--repeat 5] [--skip-check]

Needs chromium, chromium-driver and selenium (tests/browser.py). --skip-check renders the N-triangle
page without re-running the checker (about 10 s at N = 12); the page then says "not checked".
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import browser  # noqa: E402  (tests/browser.py)

EMPTY = "<!DOCTYPE html><html><body><script>document.body.dataset.ready = '1';</script></body></html>"


def triangle(n: int):
    from replayproof.trusted.classes.cells import INF, make_table
    from replayproof.classes.classfile import realized_class
    from replayproof.game.build import certificate
    from replayproof.game.solve import solve
    sizes = {frozenset(range(n)): INF, **{frozenset(set(range(n)) - {j}): 1 for j in range(n)}}
    table = make_table([f"h{i}" for i in range(n)], sizes)
    cls = realized_class(f"triangle-{n}", table)
    return cls, certificate(cls, solve(table, True), None)


def measure(drv, path: Path, repeat: int, click: str | None) -> dict:
    runs = []
    for _ in range(repeat):
        browser.open_page(drv, path, timeout=60)
        t = drv.execute_script("""
          const fcp = performance.getEntriesByName('first-contentful-paint')[0];
          const times = (window.RP && RP.times) || {};
          return {fcp: fcp ? fcp.startTime : null, ready: times.sinceNavigation || performance.now(),
                  rendered: times.renderedAt || times.sinceNavigation || performance.now(),
                  nodes: document.getElementsByTagName('*').length};""")
        if click:
            t["move"] = drv.execute_script(f"""
              const b = document.querySelector('{click}'); const t0 = performance.now(); b.click();
              return performance.now() - t0;""")
        runs.append(t)
        errors = browser.console_errors(drv)
        if errors:
            raise SystemExit(f"console errors on {path.name}: {errors}")
    med = lambda k: statistics.median(r[k] for r in runs if r.get(k) is not None) if any(r.get(k) is not None for r in runs) else None  # noqa: E731
    return {"fcp": med("fcp"), "ready": med("ready"), "rendered": med("rendered"), "move": med("move"), "dom": runs[-1]["nodes"]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=12)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--skip-check", action="store_true")
    args = ap.parse_args()
    why = browser.missing()
    if why:
        raise SystemExit(f"cannot run: {why}")
    from replayproof.trusted.certificates import check, read
    from replayproof.explore import write_html
    out = Path(tempfile.mkdtemp(prefix="rp-bench-explore-"))
    (out / "empty.html").write_text(EMPTY, encoding="utf-8")
    rows = []
    h4 = read(ROOT / "counterexamples" / "h4_replay.json")
    h4_checked = check(h4)
    t0 = time.perf_counter()
    size = write_html(out / "h4.html", h4, checked=h4_checked)
    rows.append(("H4", len(h4["nodes"]), len(json.dumps(h4)), size, time.perf_counter() - t0, out / "h4.html"))
    cls, cert = triangle(args.n)
    checked = None if args.skip_check else check(cert, cls=cls)
    if checked is not None and not checked.valid:
        raise SystemExit(f"the triangle certificate is invalid: {checked.message}")
    t0 = time.perf_counter()
    kw = {"checked": checked} if checked is not None else {}
    if args.skip_check:
        from replayproof.explore import data as D
        from replayproof.explore.render import render
        text = render(D.payload(cert, cls, None, None), f"replayproof: triangle-{args.n}")
        (out / "tri.html").write_text(text, encoding="utf-8")
        size = len(text.encode("utf-8"))
    else:
        size = write_html(out / "tri.html", cert, cls=cls, **kw)
    rows.append((f"triangle N={args.n}", len(cert["nodes"]), len(json.dumps(cert)), size, time.perf_counter() - t0,
                 out / "tri.html"))
    drv = browser.start()
    try:
        measure(drv, out / "empty.html", 1, None)  # warm the browser up
        base = measure(drv, out / "empty.html", args.repeat, None)
        print(f"baseline (empty page): interactive {base['ready']:.0f} ms after navigation start "
              f"(median of {args.repeat}, headless Chromium, file://)")
        print(f"{'page':<16} {'nodes':>7} {'cert JSON':>11} {'HTML':>9} {'build':>7} {'rendered':>9} {'1st paint':>9} "
              f"{'interactive':>12} {'x baseline':>10} {'one move':>9} {'DOM':>6}")
        for name, nodes, cj, html, build, path in rows:
            m = measure(drv, path, args.repeat, 'button.answer')
            fcp = f"{m['fcp']:.0f} ms" if m["fcp"] is not None else "-"
            print(f"{name:<16} {nodes:>7,} {cj / 1e3:>9,.0f} kB {html / 1e3:>6,.0f} kB {build:>5.2f} s {m['rendered']:>6.0f} ms {fcp:>9} "
                  f"{m['ready']:>9.0f} ms {m['ready'] / base['ready']:>9.1f}x {m['move']:>6.1f} ms {m['dom']:>6}"
                  f"{'' if m['ready'] < 1000 else '  (goal: < 1 s)'}")
    finally:
        drv.quit()
    print(f"pages in {out}; build = Python page rendering{' (no re-check)' if args.skip_check else ' (check excluded)'}")


if __name__ == "__main__":
    main()
