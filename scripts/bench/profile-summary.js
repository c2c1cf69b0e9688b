// Summarises a V8 CPU profile (`node --cpu-prof --cpu-prof-dir=DIR …` writes
// DIR/*.cpuprofile) without a dependency: where the time went by function
// (self and total), and self time by where the code lives: a package in
// node_modules, a folder of this repository (dist/ counted as its source
// folder), Node's own internals, V8's builtins, the garbage collector.
//   node scripts/bench/profile-summary.js FILE.cpuprofile [--top 15] [--root DIR] [--window A..B] [--focus name,name] [--callers name,name] [--json]
// --root: the checkout the profiled code ran from (default: this one), to tell its files from others.
// --focus: total (inclusive) time of each function so named, e.g. --focus runCucumber,writeReports.
// --window A..B: only the samples from the first whose stack holds a function named A to the last whose stack holds
// one named B (e.g. --window invokeStep..invokeStep: the part of a run that runs steps).
// --callers: for each function so named, whose code its self time serves: the nearest caller in a package or this
// repository other than its own (else the nearest of another place: an async callback's stack starts in Node).
'use strict';
const { readFileSync } = require('node:fs');
const path = require('node:path');
const { parseArgs } = require('node:util');

const SPECIAL = new Set(['(root)', '(program)', '(idle)', '(garbage collector)']);

/** Where a frame's code lives: "pkg @cucumber/cucumber", "repo runner/run", "node:internal/modules", "(garbage collector)"… */
function placeOf(frame, root) {
  const { url, functionName } = frame;
  if (SPECIAL.has(functionName)) return functionName;
  if (url === '') return '(V8 builtins and native)';
  if (url.startsWith('node:')) return url.split('/').slice(0, 2).join('/');
  const file = url.replace(/^file:\/\//, '');
  const inModules = file.lastIndexOf('node_modules/');
  if (inModules >= 0) {
    const parts = file.slice(inModules + 'node_modules/'.length).split('/');
    return `pkg ${parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]}`;
  }
  const relative = path.relative(root, file);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return `other ${path.dirname(file)}`;
  const parts = relative.split(path.sep).filter((p, i) => !(i === 0 && p === 'dist'));
  return `repo ${parts.slice(0, Math.min(2, parts.length - 1)).join('/') || parts[0]}`;
}

function shortUrl(url, root) {
  const file = url.replace(/^file:\/\//, '');
  const inModules = file.lastIndexOf('node_modules/');
  if (inModules >= 0) return file.slice(inModules + 'node_modules/'.length);
  const relative = path.relative(root, file);
  return relative.startsWith('..') ? file : relative;
}

function summarise(profile, { top = 15, root = process.cwd(), focus = [], callers = [], window } = {}) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const keyOf = (node) => `${node.callFrame.functionName || '(anonymous)'}\u0000${node.callFrame.url}\u0000${node.callFrame.lineNumber}`;

  // A sample lasts until the next one (as DevTools reckons it); the last, an average one.
  const deltas = profile.timeDeltas;
  const average = (profile.endTime - profile.startTime) / Math.max(1, profile.samples.length);
  const self = new Map();
  const total = new Map();
  const places = new Map();
  const named = new Map(focus.map((name) => [name, 0]));
  const callersOf = new Map(callers.map((name) => [name, new Map()]));
  const onStack = (id, name) => {
    for (let at = id; at !== undefined; at = parent.get(at)) if (byId.get(at).callFrame.functionName === name) return true;
    return false;
  };
  let [from, to] = [0, profile.samples.length - 1];
  if (window !== undefined) {
    const [a, b] = window.split('..');
    from = profile.samples.findIndex((id) => onStack(id, a));
    to = profile.samples.findLastIndex((id) => onStack(id, b));
    if (from < 0 || to < 0) throw new Error(`no sample holds ${from < 0 ? a : b}`);
  }
  let all = 0;
  let counted = 0;
  profile.samples.forEach((id, i) => {
    if (i < from || i > to) return;
    counted += 1;
    const us = i + 1 < deltas.length ? deltas[i + 1] : average;
    all += us;
    const node = byId.get(id);
    const key = keyOf(node);
    self.set(key, (self.get(key) ?? 0) + us);
    const place = placeOf(node.callFrame, root);
    places.set(place, (places.get(place) ?? 0) + us);
    const asked = callersOf.get(node.callFrame.functionName);
    if (asked !== undefined) {
      // The nearest frame in a package or this repository other than the function's own; else the nearest of another place at all.
      const own = placeOf(node.callFrame, root);
      let found;
      let fallback;
      for (let at = parent.get(id); at !== undefined && found === undefined; at = parent.get(at)) {
        const place = placeOf(byId.get(at).callFrame, root);
        if (place === own || SPECIAL.has(byId.get(at).callFrame.functionName)) continue;
        if (/^(pkg|repo) /.test(place)) found = at;
        else fallback ??= at;
      }
      const caller = (found ?? fallback) === undefined ? '(none)' : keyOf(byId.get(found ?? fallback));
      asked.set(caller, (asked.get(caller) ?? 0) + us);
    }
    const seen = new Set();
    const seenNames = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at);
      const k = keyOf(frame);
      if (!seen.has(k)) {
        seen.add(k);
        total.set(k, (total.get(k) ?? 0) + us);
      }
      const name = frame.callFrame.functionName;
      if (named.has(name) && !seenNames.has(name)) {
        seenNames.add(name);
        named.set(name, named.get(name) + us);
      }
    }
  });
  const ms = (us) => Math.round(us / 100) / 10;
  const pct = (us) => Math.round((us / all) * 1000) / 10;
  const describe = (key, us) => {
    const [name, url, line] = key.split('\u0000');
    return { function: name, where: url === '' ? '' : `${shortUrl(url, root)}:${Number(line) + 1}`, place: placeOf({ functionName: name, url }, root), ms: ms(us), percent: pct(us) };
  };
  const ranked = (map) => [...map].sort((a, b) => b[1] - a[1]);
  return {
    sampledMs: ms(all),
    samples: counted,
    window: window ?? null,
    topSelf: ranked(self).slice(0, top).map(([key, us]) => describe(key, us)),
    selfByPlace: ranked(places).map(([place, us]) => ({ place, ms: ms(us), percent: pct(us) })),
    topTotal: ranked(total)
      .filter(([key]) => !SPECIAL.has(key.split('\u0000')[0]))
      .slice(0, top * 2)
      .map(([key, us]) => describe(key, us)),
    focus: [...named].map(([name, us]) => ({ function: name, totalMs: ms(us), percent: pct(us) })),
    callers: [...callersOf].map(([name, map]) => ({
      function: name,
      callers: ranked(map)
        .slice(0, top)
        .map(([key, us]) => (key === '(none)' ? { function: '(none)', where: '', place: '', ms: ms(us), percent: pct(us) } : describe(key, us))),
    })),
  };
}

function printed(summary) {
  const line = (cells, widths) => cells.map((c, i) => String(c).padEnd(widths[i])).join('  ').trimEnd();
  const out = [`${summary.sampledMs} ms sampled in ${summary.samples} samples${summary.window === null ? '' : ` (the window ${summary.window})`}`, '', 'top functions by self time:'];
  for (const f of summary.topSelf) out.push(line([`${f.ms} ms`, `${f.percent}%`, f.function, f.where], [10, 6, 34, 0]));
  out.push('', 'self time by where the code lives:');
  for (const p of summary.selfByPlace) out.push(line([`${p.ms} ms`, `${p.percent}%`, p.place], [10, 6, 0]));
  out.push('', 'top functions by total time (self and callees):');
  for (const f of summary.topTotal) out.push(line([`${f.ms} ms`, `${f.percent}%`, f.function, f.where], [10, 6, 34, 0]));
  if (summary.focus.length > 0) {
    out.push('', 'total time of the functions asked for:');
    for (const f of summary.focus) out.push(line([`${f.totalMs} ms`, `${f.percent}%`, f.function], [10, 6, 0]));
  }
  for (const asked of summary.callers) {
    out.push('', `whose code the self time of ${asked.function} serves (the nearest caller in a package or this repository):`);
    for (const f of asked.callers) out.push(line([`${f.ms} ms`, `${f.percent}%`, f.function, f.where], [10, 6, 34, 0]));
  }
  return `${out.join('\n')}\n`;
}

module.exports = { summarise, placeOf };

if (require.main === module) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { top: { type: 'string', default: '15' }, root: { type: 'string', default: path.resolve(__dirname, '..', '..') }, window: { type: 'string' }, focus: { type: 'string', default: '' }, callers: { type: 'string', default: '' }, json: { type: 'boolean', default: false } },
  });
  if (positionals.length !== 1) {
    process.stderr.write('usage: node scripts/bench/profile-summary.js FILE.cpuprofile [--top 15] [--root DIR] [--window A..B] [--focus name,name] [--callers name,name] [--json]\n');
    process.exit(2);
  }
  const summary = summarise(JSON.parse(readFileSync(positionals[0], 'utf8')), { top: Number(values.top), root: path.resolve(values.root), focus: values.focus.split(',').filter(Boolean), callers: values.callers.split(',').filter(Boolean), window: values.window });
  process.stdout.write(values.json ? `${JSON.stringify(summary, null, 2)}\n` : printed(summary));
}
