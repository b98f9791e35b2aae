/* replayproof explorer: plays a certificate in the browser. Inline, no network.
   The judge below mirrors replayproof/kernel.py rule by rule (docs/explore.md lists which function
   mirrors which rule; tests/test_explore_browser.py compares it with kernel.judge on random plays). */
(function () {
"use strict";
const RP = window.RP = {times: {}};
const T0 = performance.now();

// ------------------------------------------------------------------ data

async function loadData() {
  const tag = document.getElementById("rp-data");
  if (tag.dataset.encoding === "gzip+base64") {
    const bin = Uint8Array.from(atob(tag.textContent.trim()), c => c.charCodeAt(0));
    const stream = new Blob([bin]).stream().pipeThrough(new DecompressionStream("gzip"));
    return JSON.parse(await new Response(stream).text());
  }
  return JSON.parse(tag.textContent);
}

// ------------------------------------------------------------------ the kernel, mirrored

function elementKey(x) { return typeof x + ":" + String(x); }

function makeKernel(D) {
  const cells = D.class.cells, N = D.class.hyps.length, SUB = D.class.subset;
  const cellOf = new Map(D.elements.map(([x, c]) => [elementKey(x), c]));
  const sigs = cells.map(c => new Set(c.sig));
  const isHyp = g => Number.isInteger(g) && g >= 0 && g < N;

  // Rules.member: x in supp(h), read off the signature data.py evaluated for every embedded element.
  function member(h, x) {
    const c = cellOf.get(elementKey(x));
    if (c === undefined) throw new Error("element " + String(x) + " is not embedded in this page");
    return c >= 0 && sigs[c].has(h);
  }
  // Rules.subset: supp(h) inside supp(g), read off the cells (FiniteClass.subset).
  function subset(h, g) { return SUB[h][g]; }

  // kernel.licence: whether x may be presented after the answers `earlier`, and which round licensed a replay.
  function licence(target, x, earlier, mode) {
    if (member(target, x)) return [true, null];
    if (!mode.replay) return [false, null];
    for (let k = 1; k <= earlier.length; k++) {
      const g = earlier[k - 1];
      if (mode.proper && !isHyp(g)) continue;
      if (mode.proper ? member(g, x) : elementKey(g) === elementKey(x)) return [true, k];
    }
    return [false, null];
  }

  // kernel.correct: whether an answer is correct for the target, with the reason if not.
  function correct(target, seen, answer, mode) {
    if (mode.proper) {
      if (!isHyp(answer)) return [false, "answer " + String(answer) + " is not a hypothesis index"];
      if (subset(answer, target)) return [true, ""];
      return [false, "answer's support is not inside the target"];
    }
    if (!member(target, answer)) return [false, "answer " + String(answer) + " is not in the target"];
    if (seen.has(elementKey(answer))) return [false, "answer " + String(answer) + " was already observed"];
    return [true, ""];
  }

  // kernel.Play: observed examples and each distinct earlier answer with the first round that gave it.
  class Play {
    constructor(target, mode, t, seen, answered) {
      this.target = target; this.mode = mode; this.t = t || 0;
      this.seen = seen || new Set(); this.answered = answered || [];
    }
    // kernel.Play.step: judge round t+1 (input x, then answer g).
    step(x, g) {
      const t = this.t + 1, mode = this.mode;
      if (mode.proper && !isHyp(g)) throw new Error("answer " + String(g) + " at round " + t + " is not a hypothesis index");
      let [ok, by] = licence(this.target, x, this.answered.map(a => a[0]), mode);
      if (by !== null) by = this.answered[by - 1][1];
      const kx = elementKey(x);
      const seen = this.seen.has(kx) ? this.seen : new Set([...this.seen, kx]);
      let [right, why] = correct(this.target, seen, g, mode);
      if (!ok) why = "input " + String(x) + " is not in the target" + (mode.replay ? " and is no replay of an earlier answer" : "");
      const kg = elementKey(g);
      const answered = this.answered.some(a => elementKey(a[0]) === kg) ? this.answered : this.answered.concat([[g, t]]);
      return [new Play(this.target, mode, t, seen, answered),
              {t: t, x: x, legal: ok, replay_of: by, answer: g, correct: right, distinct: seen.size, why: why}];
    }
  }

  // kernel.start: the state before round 1.
  function start(target, mode) {
    if (!isHyp(target)) throw new Error("target " + String(target) + " is not a hypothesis index");
    return new Play(target, mode);
  }

  // kernel.judge: judge a trace round by round; stops after the first illegal input.
  function judge(target, inputs, answers, mode) {
    if (answers.length < inputs.length) throw new Error(inputs.length + " inputs but only " + answers.length + " answers");
    let play = start(target, mode);
    const rounds = [];
    for (let i = 0; i < inputs.length; i++) {
      let r;
      [play, r] = play.step(inputs[i], answers[i]);
      rounds.push(r);
      if (!r.legal) break;
    }
    return {target: target, mode: mode, rounds: rounds, legal: rounds.every(r => r.legal)};
  }

  return {N: N, member: member, subset: subset, licence: licence, correct: correct, Play: Play, start: start,
          judge: judge, cellOf: x => { const c = cellOf.get(elementKey(x)); return c === undefined ? -1 : c; }};
}

// ------------------------------------------------------------------ small DOM helpers

function h(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "onclick") e.addEventListener("click", v);
    else if (k === "text") e.textContent = v;
    else e.setAttribute(k, v === true ? "" : v);
  }
  for (const k of kids.flat(Infinity)) if (k !== null && k !== undefined && k !== false) e.append(k instanceof Node ? k : String(k));
  return e;
}
const SVGNS = "http://www.w3.org/2000/svg";
function s(tag, attrs) {
  const e = document.createElementNS(SVGNS, tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  return e;
}

let D, K, NAMES;
const show = x => (typeof x === "string" && x === "") ? "ε" : String(x);
const set = hs => "{" + [...hs].sort((a, b) => a - b).map(k => NAMES[k]).join(", ") + "}";
const cellName = c => set(D.class.cells[c].sig);
const sameSet = (a, b) => a.length === b.length && [...a].sort().join() === [...b].sort().join();

function section(id, title, ...kids) { return h("section", {id: id}, h("h2", {text: title}), ...kids); }

// ------------------------------------------------------------------ verdict, class, glossary

function verdictView() {
  const ok = D.check ? D.check.valid : null;
  const badge = ok === null ? h("span", {class: "badge", text: "not checked"})
    : h("span", {class: "badge " + (ok ? "ok" : "bad"), text: ok ? "kernel: valid" : "kernel: INVALID"});
  const links = h("p", {class: "links"}, "What the words mean: ",
    D.links.map((id, i) => { const g = D.glossary.find(e => e.id === id);
      return [i ? " · " : "", h("a", {href: "#g-" + id, text: g.title})]; }));
  return section("verdict", "Verdict", badge, h("pre", {id: "verdict-text", text: D.text || "(no verdict: the class alone)"}),
    D.summary ? h("p", {class: "summary", text: "Certificate summary: " + D.summary}) : null,
    D.broken ? h("p", {class: "warn", text: D.broken}) : null, links);
}

function classView() {
  const C = D.class, n = C.hyps.length;
  const hyps = h("table", {class: "hyps"}, h("tr", {}, h("th", {text: "hypothesis"}), h("th", {text: "support"})),
    C.hyps.map(x => h("tr", {}, h("td", {class: "name", text: x.name}), h("td", {class: "mono", text: x.text}))));
  const head = h("tr", {}, C.hyps.map(x => h("th", {class: "rot", text: x.name})), h("th", {text: "size"}), h("th", {text: "elements"}));
  const rows = C.cells.map((c, k) => h("tr", {id: "cell-" + k},
    C.hyps.map((_, j) => h("td", {class: "dot", text: c.sig.includes(j) ? "●" : ""})),
    h("td", {text: c.size === "inf" ? "∞" : c.size}),
    h("td", {class: "mono", text: c.size === "inf" ? "samples: " + c.elements.map(show).join(", ") + ", …"
      : c.elements.map(show).join(", ") + (c.cut ? ", … (first " + c.elements.length + ")" : "")})));
  const cells = h("table", {class: "cells"}, head, rows);
  const inc = [];
  for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) if (a !== b && C.subset[a][b]) inc.push(NAMES[a] + " ⊆ " + NAMES[b]);
  return section("class", "The class " + C.name,
    C.description ? h("p", {text: C.description}) : null,
    C.source ? h("p", {class: "muted", text: "from " + C.source}) : null,
    hyps, h("h3", {text: "Cells (docs/model.md §5): which hypotheses contain each element"}), cells,
    h("h3", {text: "Inclusions between supports"}),
    h("p", {id: "inclusions", text: inc.length ? inc.join(" · ") : "none: no support lies inside another"}));
}

function glossaryView() {
  return section("glossary", "Glossary (from docs/model.md)", h("dl", {},
    D.glossary.map(g => [h("dt", {id: "g-" + g.id}, g.title, " ", h("span", {class: "muted", text: "(" + g.ref + ")"})),
                         h("dd", {text: g.text})])));
}

// ------------------------------------------------------------------ the strategy as a lazy SVG tree

/* Only rows the user expanded (and the path of the current play) are drawn, at most MAX_ROWS:
   a 24,589-node strategy costs as much as the rows on screen. */
function Tree(host, spec) {
  const MAX_ROWS = 400, ROW = 22, IND = 22;
  const open = new Set([spec.root + ""]);
  let current = [];  // keys of the play's path
  const box = h("div", {class: "tree"});
  const note = h("p", {class: "muted"});
  host.append(note, box);
  function draw() {
    const rows = [];
    let cut = false;
    (function walk(id, key, depth, edge, ancestors) {
      if (rows.length >= MAX_ROWS) { cut = true; return; }
      const back = ancestors.includes(id);
      const kids = back ? [] : spec.children(id);
      const row = {id: id, key: key, depth: depth, edge: edge, back: back, kids: kids.length, parent: null};
      rows.push(row);
      if (kids.length && open.has(key)) for (const c of kids) walk(c.to, key + "/" + c.key, depth + 1, c.label, ancestors.concat([id]));
    })(spec.root, spec.root + "", 0, "", []);
    const width = Math.max(420, ...rows.map(r => 60 + r.depth * IND + 9 * ((r.edge || "").length + spec.label(r.id).length + 6)));
    const svg = s("svg", {width: width, height: rows.length * ROW + 8, class: "tree-svg", role: "img"});
    const last = {};
    rows.forEach((r, i) => {
      const x = 10 + r.depth * IND, y = 14 + i * ROW;
      last[r.depth] = y;
      if (r.depth > 0) {
        const px = 10 + (r.depth - 1) * IND;
        svg.append(s("path", {d: `M${px},${last[r.depth - 1] + 5} V${y} H${x - 5}`, class: "edge"}));
      }
      const onPath = current.includes(r.key), here = current.length && current[current.length - 1] === r.key;
      const g = s("g", {class: "row" + (onPath ? " onpath" : "") + (here ? " current" : "") + (r.kids ? " can" : ""),
                        "data-key": r.key, "data-node": spec.idOf(r.id)});
      g.append(s("rect", {x: x - 6, y: y - 11, width: width - x, height: ROW - 2, rx: 4, class: "hit"}));
      const mark = s("text", {x: x - 4, y: y + 4, class: "glyph"});
      mark.textContent = r.back ? "↩" : r.kids ? (open.has(r.key) ? "▾" : "▸") : "•";
      g.append(mark);
      const t = s("text", {x: x + 10, y: y + 4});
      if (r.edge) { const e = s("tspan", {class: "elabel"}); e.textContent = r.edge + " → "; t.append(e); }
      const l = s("tspan", {class: spec.kind(r.id)}); l.textContent = (r.back ? "back to " : "") + spec.label(r.id); t.append(l);
      g.append(t);
      if (r.kids) g.addEventListener("click", () => { open.has(r.key) ? open.delete(r.key) : open.add(r.key); draw(); });
      svg.append(g);
    });
    box.replaceChildren(svg);
    note.textContent = spec.total + " " + (spec.noun || "nodes") + " in the certificate; " + rows.length + " drawn" +
      (cut ? " (first " + MAX_ROWS + ": collapse some rows to see more)" : "") + ". Click ▸ to expand, ▾ to collapse.";
    const cur = box.querySelector("g.current");  // scroll the tree's box only, never the page
    if (cur) { const y = +cur.querySelector("rect").getAttribute("y");
      if (y < box.scrollTop || y > box.scrollTop + box.clientHeight - ROW) box.scrollTop = Math.max(0, y - box.clientHeight / 2); }
  }
  return {
    draw: draw,
    follow(keys) { current = keys; for (const k of keys.slice(0, -1)) open.add(k); draw(); },
  };
}

// ------------------------------------------------------------------ shared: the stream table

function streamTable(id, cols) {
  const body = h("tbody");
  const t = h("table", {id: id, class: "stream"}, h("thead", {}, h("tr", {}, cols.map(c => h("th", {text: c})))), body);
  return {table: t, body: body};
}

function judgeAll(inputs, answers, mode) {
  const out = [];
  for (let t = 0; t < K.N; t++) out.push(K.judge(t, inputs, answers, mode));
  return out;
}

function sourceText(x, byTarget, live) {
  // genuine for the live targets containing x; otherwise a replay (of the earliest licensing round)
  const gen = live.filter(t => K.member(t, x));
  const rep = live.filter(t => !K.member(t, x));
  const parts = [];
  if (gen.length) parts.push("genuine for " + set(gen));
  if (rep.length) {
    const r = byTarget[rep[0]];
    parts.push("replay (round " + r + ") for " + set(rep));
  }
  return parts.join("; ");
}

// ------------------------------------------------------------------ adversary strategy: you are the generator

function adversaryView(main) {
  const S = D.strategy, nodes = S.nodes, mode = {replay: S.replay, proper: true};
  const loopStream = new Map();
  function stream(k) {  // a loop's inputs: its finite cells' elements, then element j of each infinite cell in cycle j
    if (loopStream.has(k)) return loopStream.get(k);
    const pres = nodes[k][4], C = D.class.cells;
    const fin = [], inf = [];
    for (const c of pres) (C[c].size === "inf" ? inf : fin).push(c);
    const head = [];
    for (const c of fin) for (const x of C[c].elements) head.push({x: x, cell: c});
    const out = {head: head, inf: inf, first: pres[0]};
    loopStream.set(k, out);
    return out;
  }
  function loopInput(k, pos) {
    const L = stream(k), C = D.class.cells;
    if (pos < L.head.length) return Object.assign({cycle: -1}, L.head[pos]);
    const p = pos - L.head.length;
    if (!L.inf.length) return {x: C[L.first].elements[0], cell: L.first, cycle: p};
    const j = Math.floor(p / L.inf.length), c = L.inf[p % L.inf.length], els = C[c].elements;
    return {x: els[j % els.length], cell: c, cycle: j, stand: j >= els.length};
  }
  const cycleLen = k => stream(k).head.length + Math.max(1, stream(k).inf.length);

  let hist = [];  // rounds: {node, x, cell, answer, pos}
  function position() {  // replay the history through the certificate: the current node and loop position
    let node = S.root, pos = 0;
    for (const r of hist) {
      const nd = nodes[node];
      if (nd[3] && nd[1].includes(r.answer)) pos += 1;
      else { node = nd[5][r.answer]; pos = 0; }
    }
    return {node: node, pos: pos};
  }
  function nextInput(p) {
    const nd = nodes[p.node];
    if (!nd[3]) return {x: D.class.cells[nd[4]].elements[0], cell: nd[4], cycle: -1};
    return loopInput(p.node, p.pos);
  }

  const status = h("p", {id: "status", class: "status"});
  const answersBox = h("div", {id: "answers", class: "buttons"});
  const live = h("p", {id: "live"});
  const banner = h("div", {id: "loop-banner", class: "loop", hidden: true});
  const tab = streamTable("stream", ["round", "input", "cell", "for the live targets", "your answer", "judged by the kernel's rules", "node"]);
  const controls = h("div", {class: "buttons"},
    h("button", {id: "undo", onclick: () => { hist.pop(); update(); }, text: "Undo"}),
    h("button", {id: "restart", onclick: () => { hist = []; update(); }, text: "Restart"}),
    h("button", {id: "auto", onclick: () => { autoplay(); }, text: "Answer randomly ×10"}));
  const treeHost = h("div");
  main.append(section("play", "Play: you are the generator",
    h("p", {class: "how"}, "The adversary plays the certificate's strategy: each round it presents an element, and you answer a hypothesis. ",
      "You win only if, on the stream it ends up enumerating, your answers are eventually always inside its target (",
      h("a", {href: "#g-notions", text: "in the limit"}), "). Try any answers: every branch of the strategy ends in a ",
      h("a", {href: "#g-adversary", text: "loop"}), " that you lose. Keys: 1-" + Math.min(9, K.N) + " answer, u undo, r restart."),
    status, answersBox, controls, live, banner, tab.table),
    section("strategy", "The adversary's strategy (" + nodes.length + " nodes)", treeHost));
  const tree = Tree(treeHost, {
    root: S.root, total: nodes.length, idOf: k => nodes[k][0],
    children: k => { const nd = nodes[k], out = [];
      nd[5].forEach((to, b) => { if (to >= 0) out.push({to: to, key: "a" + b, label: NAMES[b]}); });
      return out; },
    label: k => { const nd = nodes[k];
      return nd[3] ? nd[0] + ": loop forever, enumerating " + set(nd[6]) + "; answers " + set(nd[1]) + " lose"
                   : nd[0] + ": present " + show(D.class.cells[nd[4]].elements[0]) + " from " + cellName(nd[4]); },
    kind: k => nodes[k][3] ? "loopnode" : "stepnode"});

  function autoplay() { for (let i = 0; i < 10; i++) { const p = position(), x = nextInput(p);
    hist.push({node: p.node, x: x.x, cell: x.cell, answer: Math.floor(Math.random() * K.N), pos: p.pos, stand: x.stand}); } update(); }

  function update() {
    const p = position(), nd = nodes[p.node], x = nextInput(p);
    const inputs = hist.map(r => r.x).concat([x.x]);
    const answers = hist.map(r => r.answer);
    // the live targets before this round's answer: judge the stream so far (answers so far, then this input)
    const verdicts = judgeAll(hist.map(r => r.x), answers, mode);
    const liveNow = verdicts.filter(v => v.legal).map(v => v.target);
    const ahead = [];
    for (let t = 0; t < K.N; t++) if (K.judge(t, inputs, answers.concat([0]), mode).legal) ahead.push(t);
    // table
    tab.body.replaceChildren();
    hist.forEach((r, i) => {
      const wrongFor = liveNow.filter(t => !verdicts[t].rounds[i].correct);
      const inLoop = nodes[r.node][3];
      const enumd = inLoop ? nodes[r.node][6] : [];
      const blamed = wrongFor.filter(t => enumd.includes(t));
      const licensed = {};
      for (const t of liveNow) licensed[t] = verdicts[t].rounds[i].replay_of;
      const mark = !wrongFor.length ? h("td", {class: "right", text: "✓ inside every live target"})
        : h("td", {class: "wrong" + (blamed.length ? " blamed" : ""),
                   text: "✗ wrong for " + set(wrongFor) + (blamed.length ? " — enumerated by this loop" : "")});
      tab.body.append(h("tr", {class: inLoop ? "inloop" : ""}, h("td", {text: i + 1}),
        h("td", {class: "mono", text: show(r.x) + (r.stand ? "*" : "")}), h("td", {text: cellName(r.cell)}),
        h("td", {text: sourceText(r.x, licensed, liveNow)}), h("td", {class: "name", text: NAMES[r.answer]}), mark,
        h("td", {class: "muted", text: nodes[r.node][0] + (inLoop ? " (loop)" : "")})));
    });
    status.replaceChildren("Round " + (hist.length + 1) + ": the adversary presents ",
      h("b", {class: "mono", id: "current-input", text: show(x.x)}), " from cell " + cellName(x.cell) +
      (nd[3] ? (x.cycle < 0 ? " (loop, finite part)" : " (loop, cycle " + (x.cycle + 1) + ")") : "") + ". Your answer:");
    answersBox.replaceChildren(...NAMES.map((nm, b) => h("button", {class: "answer", "data-answer": nm,
      title: nd[3] ? (nd[1].includes(b) ? "an answer you gave before: the loop continues" : "a new answer: the play moves on")
                   : nd[5][b] >= 0 ? "the strategy continues at node " + nodes[nd[5][b]][0] : "no move in the certificate",
      onclick: () => {
        if (!(nd[3] && nd[1].includes(b)) && !(nd[5][b] >= 0)) { status.append(h("span", {class: "warn", text: " The certificate has no move after " + nm + "."})); return; }
        hist.push({node: p.node, x: x.x, cell: x.cell, answer: b, pos: p.pos, stand: x.stand}); update(); },
      text: nm})));
    const recorded = nd[2];  // A at this node: the targets legal for every input before it
    const agree = sameSet(liveNow, recorded);
    live.replaceChildren("Targets still possible (every input so far legal for them, judged by the kernel's rules): ",
      h("b", {id: "live-targets", text: set(liveNow)}),
      ...(hist.length ? [" → after this input: ", h("b", {text: set(ahead)})] : []),
      h("span", {class: agree ? "muted" : "warn", id: "agree",
        text: agree ? " (the certificate records the same)" : " (the certificate records " + set(recorded) + ": disagreement!)"}));
    if (nd[3]) {
      const L = stream(p.node), done = p.pos >= cycleLen(p.node);
      const cyc = L.head.map(e => show(e.x)).concat(L.inf.length ? L.inf.map(c => "new " + cellName(c)) : [show(D.class.cells[L.first].elements[0])]);
      banner.hidden = false;
      banner.className = "loop" + (done ? " lost" : "");
      banner.replaceChildren(h("h3", {text: "Final loop (node " + nd[0] + ")" + (done ? ": you lose" : "")}),
        h("p", {}, "From here the adversary presents, forever: ", h("span", {class: "mono", text: cyc.join(", ")}),
          L.inf.length ? ", then again a new element of each infinite cell, …" : ", …",
          " This stream is a legal enumeration of ", h("b", {text: set(nd[6])}), "."),
        h("p", {}, "Every answer you have given so far is wrong for one of them: ",
          nd[1].map((b, i) => [i ? ", " : "", h("b", {text: NAMES[b]}), " is not inside ", h("b", {text: NAMES[nd[7][b]]})]),
          ". Repeating one of them keeps the loop; a new answer only moves you to another loop."),
        h("p", {class: "forever", id: "forever", text: "↻ and this repeats forever" +
          (done ? ": one full cycle seen, so some target is answered wrongly infinitely often." : ".")}));
    } else {
      banner.hidden = true;
      banner.replaceChildren();
    }
    const keys = [S.root + ""];
    let node = S.root;
    for (const r of hist) { const n0 = nodes[node]; if (!(n0[3] && n0[1].includes(r.answer))) { node = n0[5][r.answer]; keys.push(keys[keys.length - 1] + "/a" + r.answer); } }
    tree.follow(keys);
  }
  update();
  return {update: update};
}

// ------------------------------------------------------------------ generator strategy: you are the adversary

function generatorView(main, title) {
  const S = D.strategy, states = S.states, mode = {replay: S.replay, proper: true}, C = D.class.cells;
  let hist = [];  // {x, cell, how, state (after), answer}
  const status = h("p", {id: "status", class: "status"});
  const inputs = h("div", {id: "inputs", class: "buttons"});
  const live = h("p", {id: "live"});
  const tab = streamTable("stream", ["round", "input", "cell", "for the live targets", "generator's answer", "judged by the kernel's rules", "state"]);
  const controls = h("div", {class: "buttons"},
    h("button", {id: "undo", onclick: () => { hist.pop(); update(); }, text: "Undo"}),
    h("button", {id: "restart", onclick: () => { hist = []; update(); }, text: "Restart"}));
  const treeHost = h("div");
  main.append(section("play", title || "Play: you are the adversary",
    h("p", {class: "how"}, "The generator plays the certificate's finite-state strategy. Pick the inputs: a new element of a cell, or a repeat. ",
      S.replay ? "With replay, an element of an earlier answer's support stays legal for every target. " : "Without replay, every input must lie in the target. ",
      "Try to make it answer wrongly forever on an enumeration of some target: the certificate says you cannot (",
      h("a", {href: "#g-generator", text: "why"}), ")."),
    status, h("p", {class: "muted", text: "Present:"}), inputs, controls, live, tab.table),
    section("strategy", "The generator's strategy (" + states.length + " states)", treeHost));
  const tree = Tree(treeHost, {
    root: S.start, total: states.length, noun: "states", idOf: k => states[k][0],
    children: k => { const by = new Map(); states[k][4].forEach((to, c) => { if (to >= 0) { if (!by.has(to)) by.set(to, []); by.get(to).push(c); } });
      return [...by.entries()].map(([to, cs]) => ({to: to, key: "s" + to, label: cs.length === C.length ? "any cell" : cs.map(cellName).join(" or ")})); },
    label: k => { const st = states[k]; return st[0] + (st[1] < 0 ? ": start" : ": answers " + NAMES[st[1]]) + (st[3].length ? "" : " (dead: no target left)"); },
    kind: k => states[k][3].length ? "stepnode" : "deadnode"});
  function state() { let q = S.start; for (const r of hist) q = states[q][4][r.cell]; return q; }
  function update() {
    const q = state(), st = states[q];
    const xs = hist.map(r => r.x), as = hist.map(r => r.answer);
    const verdicts = judgeAll(xs, as, mode);
    const liveNow = verdicts.filter(v => v.legal).map(v => v.target);
    tab.body.replaceChildren();
    hist.forEach((r, i) => {
      const wrongFor = liveNow.filter(t => !verdicts[t].rounds[i].correct);
      const licensed = {};
      for (const t of liveNow) licensed[t] = verdicts[t].rounds[i].replay_of;
      tab.body.append(h("tr", {}, h("td", {text: i + 1}), h("td", {class: "mono", text: show(r.x)}), h("td", {text: cellName(r.cell) + " (" + r.how + ")"}),
        h("td", {text: liveNow.length ? sourceText(r.x, licensed, liveNow) : "legal for no target"}),
        h("td", {class: "name", text: NAMES[r.answer]}),
        wrongFor.length ? h("td", {class: "wrong", text: "✗ wrong for " + set(wrongFor)}) : h("td", {class: "right", text: liveNow.length ? "✓ inside every live target" : "—"}),
        h("td", {class: "muted", text: states[r.state][0]})));
    });
    status.replaceChildren(...(hist.length ? ["Generator state ", h("b", {text: st[0]}), ": it answered ", h("b", {id: "gen-answer", text: NAMES[st[1]]}), "."]
                                       : ["The generator waits for the first input."]));
    const presented = new Set(xs.map(elementKey));
    inputs.replaceChildren(...C.map((c, k) => {
      const fresh = c.elements.find(x => !presented.has(elementKey(x)));
      const old = c.elements.find(x => presented.has(elementKey(x)));
      const pick = how => () => { const x = how === "new" ? fresh : old, to = states[state()][4][k];
        if (!(to >= 0)) { status.append(h("span", {class: "warn", text: " The certificate has no transition on " + cellName(k) + "."})); return; }
        hist.push({x: x, cell: k, how: how, state: to, answer: states[to][1]}); update(); };
      return h("span", {class: "cellbtns"},
        h("button", {class: "present", "data-cell": k, "data-how": "new", disabled: fresh === undefined, onclick: pick("new"),
          text: (fresh === undefined ? "(no new element)" : show(fresh)) + " " + cellName(k)}),
        old !== undefined ? h("button", {class: "present repeat", "data-cell": k, "data-how": "repeat", onclick: pick("repeat"), text: "repeat " + show(old)}) : null);
    }));
    const agree = !hist.length || sameSet(liveNow, st[3]) || (!st[3].length && !liveNow.length);
    live.replaceChildren("Targets for which every input so far was legal: ", h("b", {id: "live-targets", text: set(liveNow)}),
      h("span", {class: agree ? "muted" : "warn", id: "agree", text: agree ? " (the certificate records the same)" : " (the certificate records " + set(st[3]) + ": disagreement!)"}));
    const keys = [S.start + ""];
    let node = S.start;
    const path = [node];
    for (const r of hist) { const to = states[node][4][r.cell]; if (path.includes(to) && to !== node) { keys.push(keys[keys.length - 1] + "/s" + to); break; }
      if (to === node) continue; path.push(to); keys.push(keys[keys.length - 1] + "/s" + to); node = to; }
    tree.follow(keys);
  }
  update();
  return {update: update};
}

// ------------------------------------------------------------------ step-through of a fixed play: lasso and defeat trace

function stepper(main, cfg) {
  // cfg: {id, title, intro, rounds: [{x, answer, part, extra}], target, mode, counts(i, r) -> bool, end}
  let shown = 0;
  const verdict = K.judge(cfg.target, cfg.rounds.map(r => r.x), cfg.rounds.map(r => r.answer), cfg.mode);
  const tab = streamTable("stream", ["round", "part", "input", "cell", "legal for " + NAMES[cfg.target], "answer", "correct for " + NAMES[cfg.target]].concat(cfg.extraCols || []));
  const line = h("div", {id: "timeline", class: "timeline"});
  const status = h("p", {id: "status", class: "status"});
  const endBox = h("div", {id: "loop-banner", class: "loop", hidden: true});
  const ctl = h("div", {class: "buttons"},
    h("button", {id: "prev", onclick: () => { shown = Math.max(0, shown - 1); draw(); }, text: "◀ Back"}),
    h("button", {id: "next", onclick: () => { shown = Math.min(cfg.rounds.length, shown + 1); draw(); }, text: "Step ▶"}),
    h("button", {id: "all", onclick: () => { shown = cfg.rounds.length; draw(); }, text: "Show all"}),
    h("button", {id: "restart", onclick: () => { shown = 0; draw(); }, text: "Restart"}));
  main.append(section("play", cfg.title, h("p", {class: "how"}, cfg.intro), ctl, status, line, tab.table, endBox));
  function draw() {
    tab.body.replaceChildren();
    line.replaceChildren();
    for (let i = 0; i < shown && i < verdict.rounds.length; i++) {
      const r = verdict.rounds[i], src = cfg.rounds[i];
      const bad = !r.correct && cfg.counts(i, r);
      tab.body.append(h("tr", {class: src.part.startsWith("cycle") ? "inloop" : ""}, h("td", {text: r.t}), h("td", {text: src.part}),
        h("td", {class: "mono", text: show(r.x)}), h("td", {text: K.cellOf(r.x) >= 0 ? cellName(K.cellOf(r.x)) : "in no hypothesis"}),
        h("td", {class: r.legal ? "" : "wrong", text: !r.legal ? "✗ " + r.why : r.replay_of ? "replay of round " + r.replay_of + "'s answer" : "genuine"}),
        h("td", {class: "name", text: cfg.mode.proper ? NAMES[r.answer] : show(r.answer)}),
        h("td", {class: r.correct ? "right" : bad ? "wrong" : "soft", text: r.correct ? "✓" : "✗ " + r.why + (bad ? "" : " (does not count yet)")}),
        (cfg.extra ? cfg.extra(i) : []).map(t => h("td", {class: "muted", text: t}))));
      line.append(h("div", {class: "tick" + (bad ? " bad" : r.correct ? " good" : "") + (src.part.startsWith("cycle") ? " cyc" : ""), title: "round " + r.t},
        h("div", {class: "tx mono", text: show(r.x)}), h("div", {class: "ta", text: cfg.mode.proper ? NAMES[r.answer] : show(r.answer)}),
        h("div", {class: "tt", text: src.part === "prefix" || src.part === "" ? String(r.t) : src.part})));
    }
    status.textContent = "Round " + shown + " of " + cfg.rounds.length + (shown < cfg.rounds.length ? ": press Step." : ".");
    endBox.hidden = shown < cfg.rounds.length;
    endBox.replaceChildren(...(endBox.hidden ? [] : cfg.end(verdict)));
  }
  draw();
  return {draw: draw, verdict: verdict};
}

function lassoView(main) {
  const L = D.lasso, mode = {replay: L.replay, proper: true};
  const rounds = L.rounds.map((r, i) => ({x: r.x, answer: r.answer,
    part: i < L.prefix ? "prefix" : "cycle " + (Math.floor((i - L.prefix) / L.cycle) + 1)}));
  stepper(main, {title: "Step through the lasso: " + L.generator + " against target " + NAMES[L.target],
    intro: ["The adversary's moves of the certificate (prefix, then the cycle) made concrete exactly as its checker does; the answers are the generator's machine. ",
            "Every copy of the cycle has a wrong answer for ", h("b", {text: NAMES[L.target]}), ", and the machine returns to the same state, so the cycle ",
            h("a", {href: "#g-lasso", text: "repeats forever"}), "."],
    rounds: rounds, target: L.target, mode: mode, counts: () => true,
    extraCols: ["machine"], extra: i => [L.rounds[i].from + " → " + L.rounds[i].to],
    end: v => { const st = L.rounds.length ? L.rounds[L.prefix].from : "?", cyc = L.rounds.slice(L.prefix, L.prefix + L.cycle);
      return [h("h3", {text: "↻ The cycle repeats forever"}),
        h("p", {}, "After each copy the machine is back in state ", h("b", {text: st}), "; each copy presents ",
          h("span", {class: "mono", text: cyc.map(r => show(r.x) + " (" + r.how + " of " + cellName(r.cell) + ")").join(", ")}),
          " and answers ", h("b", {text: cyc.map(r => NAMES[r.answer]).join(", ")}), ", with a wrong answer for ", h("b", {text: NAMES[L.target]}), " in every copy."),
        h("p", {class: "forever", id: "forever", text: v.legal ? "Legal for " + NAMES[L.target] + " on every round shown (judged in this page)." : "The page's judge finds an illegal round!"})]; }});
}

function traceView(main) {
  const T = D.trace, mode = {replay: T.replay, proper: T.proper};
  const counts = (i, r) => T.notion === "proper-limit" ? r.t > T.settle : r.distinct >= (T.threshold || 0);
  stepper(main, {title: "Timeline of the defeat: " + T.generator + " against target " + NAMES[T.target],
    intro: ["A stream legal for ", h("b", {text: NAMES[T.target]}), " and the generator's answers, ",
            T.notion === "proper-limit" ? "wrong after the settle time " + T.settle : "wrong once " + T.threshold + " distinct examples were seen (the threshold)",
            "; the certificate's failing round is ", h("b", {text: String(T.failing)}), " (", h("a", {href: "#g-trace", text: "what this shows"}), ")."],
    rounds: T.inputs.map((x, i) => ({x: x, answer: T.answers[i], part: ""})), target: T.target, mode: mode, counts: counts,
    extraCols: ["distinct"], extra: i => [String(new Set(T.inputs.slice(0, i + 1).map(elementKey)).size)],
    end: v => { const r = v.rounds[T.failing - 1];
      return [h("h3", {text: "Round " + T.failing + ": the generator fails"}),
        h("p", {id: "forever", text: r ? (r.correct ? "The page's judge finds this answer correct!" : "Wrong: " + r.why + ".") : "no such round"})]; }});
}

// ------------------------------------------------------------------ readable views of the other kinds

function kv(obj) {
  return h("table", {class: "kv"}, Object.entries(obj).map(([k, v]) => h("tr", {}, h("th", {text: k}),
    h("td", {class: "mono", text: typeof v === "string" ? v : JSON.stringify(v)}))));
}

function dataView(main) {
  const c = D.cert || {}, kids = [];
  if (D.view === "obstruction") {
    kids.push(h("p", {}, "First the adversary presents an element of the profile ", h("b", {text: "{" + c.profile.join(", ") + "}"}),
      ". Whatever the generator answers first (j), it then enumerates the union of j and the group listed for j: a legal replay enumeration of every group member, ",
      "while every later answer is wrong for one of them (docs/game.md §8)."),
      h("table", {class: "kv"}, h("tr", {}, h("th", {text: "first answer j"}), h("th", {text: "group enumerated"})),
        Object.entries(c.groups).map(([j, g]) => h("tr", {}, h("td", {class: "name", text: j}), h("td", {text: "{" + g.join(", ") + "}"})))));
  } else if (D.view === "witness") {
    kids.push(h("p", {text: "For every profile (non-empty cell) a good first answer, and for each residual group an output inside all its members (docs/game.md §8)."}),
      h("table", {class: "kv"}, h("tr", {}, h("th", {text: "profile"}), h("th", {text: "first answer"}), h("th", {text: "groups → output"})),
        c.choices.map(ch => h("tr", {}, h("td", {text: "{" + ch.profile.join(", ") + "}"}), h("td", {class: "name", text: ch.answer}),
          h("td", {text: ch.outputs.map(o => "{" + o.group.join(", ") + "} → " + o.output).join("; ")})))));
  } else if (D.view === "lower") {
    kids.push(h("p", {}, "The stream ", h("b", {class: "mono", text: D.stream.map(show).join(", ")}), " is genuine for every target in ",
      h("b", {text: "{" + c.targets.join(", ") + "}"}), "; after it, every answer is wrong for one of them, so no generator has threshold ",
      String(c.refutes_threshold), " (", c.modes.join(" and "), ")."),
      h("table", {class: "kv"}, h("tr", {}, h("th", {text: "an answer from cell"}), h("th", {text: "is wrong for"})),
        c.answers.map(a => h("tr", {}, h("td", {text: "{" + a.cell.join(", ") + "}"}), h("td", {class: "name", text: a.target})))));
  } else if (D.view === "query") {
    const wrong = new Set(c.errors), kinds = ["universal", "reference (shared)", "spoiler"];
    kids.push(h("p", {text: "Theorem 7.1's construction (Algorithm 3, docs/paper.md) against the query-only generator " + c.generator +
      (c.clocked ? " (clocked)" : " (as printed)") + ": the table F has " + c.n + " rows; row 0 is the reference, traps hold what was presented before them. " +
      "The stream is legal for the reference and for the last trap; the " + c.branch + " branch is observed, so the target is row " + c.target + "." +
      (c.stalled_round ? " The generator never answered round " + c.stalled_round + "." : "")}),
      h("table", {class: "kv"}, h("tr", {}, ["round", "input", "column kind", "answer", "on row " + c.target].map(t => h("th", {text: t}))),
        c.answers.map((g, i) => h("tr", {}, h("td", {text: String(i + 1)}), h("td", {class: "mono", text: String(c.stream[i])}),
          h("td", {text: kinds[c.stream[i] % 3]}), h("td", {class: "name", text: "row " + g}),
          h("td", {text: wrong.has(i + 1) ? "wrong" : "right"})))));
  } else if (D.view === "invariant") {
    const inv = c.invariant || [];
    kids.push(h("p", {text: "An inductive invariant of the product of the generator's machine and the adversary's abstract state: closed under every move, and free of wrong answers that count (docs/verify.md)."}),
      kv({generator: c.generator, answers: c.answers, notion: c.notion, replay: c.replay, thresholds: c.thresholds}),
      h("h3", {text: "Machine (" + c.machine.rows.length + " rows, start " + c.machine.start + ")"}),
      h("table", {class: "kv"}, h("tr", {}, ["state", "input cell", "how", "→ state, answer"].map(t => h("th", {text: t}))),
        c.machine.rows.slice(0, 300).map(r => h("tr", {}, h("td", {text: r.state}), h("td", {text: "{" + r.cell.join(", ") + "}"}), h("td", {text: r.how}),
          h("td", {class: "mono", text: r.options.map(o => o[0] + ", " + (typeof o[1] === "string" ? o[1] : "fresh {" + o[1].fresh.join(", ") + "}")).join(" | ")})))),
      h("h3", {text: "Invariant (" + inv.length + " states)"}),
      h("table", {class: "kv"}, h("tr", {}, ["machine state", "count per cell", "answers / pending", "live targets", "distinct"].map(t => h("th", {text: t}))),
        inv.slice(0, 300).map(st => h("tr", {}, st.map((v, i) => h("td", {class: "mono",
          text: i === 3 ? set(v) : Array.isArray(v) ? "[" + v.join(", ") + "]" : String(v)}))))));
  }
  if (!kids.length || D.broken) kids.push(h("pre", {class: "raw", text: JSON.stringify(D.cert, null, 1)}));
  main.append(section("data", "The certificate (" + D.kind + ")", ...kids));
}

// ------------------------------------------------------------------ boot

function bits(m) { const out = []; for (let k = 0; m; k++, m >>>= 1) if (m & 1) out.push(k); return out; }
function unmask(S) {  // data.py's Sets: bitmask integers back to sorted index lists
  const memo = new Map(), get = m => { let v = memo.get(m); if (!v) { v = bits(m); memo.set(m, v); } return v; };
  if (S.nodes) for (const nd of S.nodes) { nd[1] = get(nd[1]); nd[2] = get(nd[2]); if (nd[3]) nd[6] = get(nd[6]); }
  if (S.states) for (const st of S.states) { st[2] = get(st[2]); st[3] = get(st[3]); }
}

async function boot() {
  D = await loadData();
  RP.data = D;
  NAMES = D.class.hyps.map(x => x.name);
  K = RP.kernel = makeKernel(D);
  if (D.strategy && D.strategy.masks) unmask(D.strategy);
  const main = document.getElementById("rp-main");
  main.replaceChildren(verdictView());
  if (D.view === "adversary") RP.view = adversaryView(main);
  else if (D.view === "generator") RP.view = generatorView(main);
  else if (D.view === "lasso") RP.view = lassoView(main);
  else if (D.view === "trace") RP.view = traceView(main);
  else if (D.view !== "class") {
    dataView(main);
    if (D.view === "witness" && D.strategy) RP.view = generatorView(main, "Play against the canonical generator: you are the adversary");
  }
  main.append(classView(), glossaryView());
  document.getElementById("rp-tabs").replaceChildren(...[...main.querySelectorAll("section")].map(sc =>
    h("a", {href: "#" + sc.id, text: sc.querySelector("h2").textContent.split(":")[0].split("(")[0].trim()})));
  document.addEventListener("keydown", ev => {  // 1-9: the k-th answer; u: undo; r: restart; arrows: step
    if (ev.ctrlKey || ev.metaKey || ev.altKey || /INPUT|TEXTAREA/.test(ev.target.tagName)) return;
    const click = sel => { const b = document.querySelector(sel); if (b && !b.disabled) { b.click(); ev.preventDefault(); } };
    if (/^[1-9]$/.test(ev.key)) { const bs = document.querySelectorAll("button.answer"); if (bs[+ev.key - 1]) { bs[+ev.key - 1].click(); ev.preventDefault(); } }
    else if (ev.key === "u") click("#undo");
    else if (ev.key === "r") click("#restart");
    else if (ev.key === "ArrowRight") click("#next");
    else if (ev.key === "ArrowLeft") click("#prev");
  });
  RP.times.firstRender = performance.now() - T0;
  RP.times.renderedAt = performance.now();  // since navigation start
  await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
  RP.times.interactive = performance.now() - T0;
  RP.times.sinceNavigation = performance.now();
  document.body.dataset.ready = "1";
}

RP.ready = boot().catch(err => {
  const main = document.getElementById("rp-main");
  main.replaceChildren(h("p", {class: "warn", text: "The page could not start: " + err.message}));
  document.body.dataset.ready = "error";
  throw err;
});
})();
