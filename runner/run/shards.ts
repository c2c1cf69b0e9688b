/**
 * How a run is divided: into batches, run one after another, each of whole
 * files and at most BATCH_SCENARIOS scenarios (unless one file holds more),
 * so what cucumber keeps of a run (every message of every scenario, until
 * the run ends) is let go batch by batch and the memory of a large suite
 * stays flat; and each batch into --parallel's shards, run at once.
 *
 * --parallel N: which feature files each of the N shards reads. Cucumber
 * parses and compiles every file it is given, so a shard given every file
 * pays for the whole suite to run its Nth of it. Here consecutive files are
 * grouped until a group holds about a shard's share of the scenarios; a
 * group's shards read only its files and divide its scenarios with
 * cucumber's own `shard` (every k-th scenario). So the parsing is shared out
 * instead of repeated, and each shard still runs about 1/N of the suite.
 */

export interface ShardSource {
  /** The feature files this shard reads. */
  readonly paths: readonly string[];
  /** Cucumber's `shard` within those files ("2/3"); absent when the shard runs them whole. */
  readonly shard?: string;
}

export interface FileCount {
  readonly file: string;
  /** How many of the run's scenarios it holds. */
  readonly count: number;
}

/** The most scenarios a batch holds, unless a single file holds more. */
export const BATCH_SCENARIOS = 1000;

/** Consecutive whole files, at most `most` scenarios to a batch (a larger file is a batch alone); files that hold none are left out. */
export function batchesOf(files: readonly FileCount[], most = BATCH_SCENARIOS): FileCount[][] {
  const batches: FileCount[][] = [];
  let open: FileCount[] = [];
  let held = 0;
  for (const f of files.filter((file) => file.count > 0)) {
    if (open.length > 0 && held + f.count > most) {
      batches.push(open);
      open = [];
      held = 0;
    }
    open.push(f);
    held += f.count;
  }
  if (open.length > 0) batches.push(open);
  return batches;
}

/** The whole main run: its batches, one after another, each as its shards. */
export function runSources(files: readonly FileCount[], parallel: number, most = BATCH_SCENARIOS): ShardSource[][] {
  return batchesOf(files, most).map((batch) => shardSources(batch, parallel));
}

/**
 * N shards (fewer when there are fewer scenarios) over `files`, in their
 * order. Each group of files gets at least one shard; the shards are given
 * out in proportion to the scenarios (largest remainder first), so they add
 * up to N exactly.
 */
export function shardSources(files: readonly FileCount[], n: number): ShardSource[] {
  const held = files.filter((f) => f.count > 0);
  const total = held.reduce((sum, f) => sum + f.count, 0);
  const shards = Math.min(Math.max(1, Math.floor(n)), total);
  if (shards <= 1) return [{ paths: held.map((f) => f.file) }];
  const shareOf = (count: number) => (count * shards) / total; // how many shards' worth of scenarios

  // Consecutive files until the group holds at least one shard's share; a short tail joins the last group.
  const groups: { paths: string[]; count: number }[] = [];
  let open: { paths: string[]; count: number } | undefined;
  for (const f of held) {
    open ??= { paths: [], count: 0 };
    open.paths.push(f.file);
    open.count += f.count;
    if (shareOf(open.count) >= 1) {
      groups.push(open);
      open = undefined;
    }
  }
  if (open !== undefined) {
    const last = groups[groups.length - 1];
    if (last === undefined) groups.push(open);
    else {
      last.paths.push(...open.paths);
      last.count += open.count;
    }
  }

  // Each group's shards in proportion to its scenarios: the whole part first, then one more to each largest remainder.
  const ideal = groups.map((g) => shareOf(g.count));
  const given = ideal.map((x) => Math.max(1, Math.floor(x)));
  let left = shards - given.reduce((a, b) => a + b, 0);
  const byRemainder = ideal.map((x, i) => ({ i, rest: x - given[i] })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (let k = 0; left > 0; k = (k + 1) % byRemainder.length, left--) given[byRemainder[k].i]++;

  return groups.flatMap((g, i) => (given[i] === 1 ? [{ paths: g.paths }] : Array.from({ length: given[i] }, (_, j) => ({ paths: g.paths, shard: `${j + 1}/${given[i]}` }))));
}
