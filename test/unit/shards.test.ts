/** --parallel's shards and the batches of a large run: each shard reads only its files, together they run every scenario once, in about equal parts, and a batch holds whole files. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { batchesOf, runSources, shardSources, type FileCount } from '../../runner/run/shards';

const files = (...counts: number[]): FileCount[] => counts.map((count, i) => ({ file: `f${i}.feature`, count }));

/** How many scenarios each shard runs, as cucumber's `shard` k/n takes every n-th of its files' scenarios. */
function runs(all: readonly FileCount[], n: number): number[] {
  const count = new Map(all.map((f) => [f.file, f.count]));
  return shardSources(all, n).map((s) => {
    const inFiles = s.paths.reduce((sum, p) => sum + count.get(p)!, 0);
    if (s.shard === undefined) return inFiles;
    const [k, of] = s.shard.split('/').map(Number);
    return Array.from({ length: inFiles }, (_, i) => i).filter((i) => i % of === k - 1).length;
  });
}

describe('--parallel shards', () => {
  it('gives each of 16 shards one half of one of 8 files of 50', () => {
    const shards = shardSources(files(50, 50, 50, 50, 50, 50, 50, 50), 16);
    assert.equal(shards.length, 16);
    assert.ok(shards.every((s) => s.paths.length === 1));
    assert.deepEqual(shards.slice(0, 2), [
      { paths: ['f0.feature'], shard: '1/2' },
      { paths: ['f0.feature'], shard: '2/2' },
    ]);
  });

  it('groups small files, so a shard reads a few files, not all of them', () => {
    const shards = shardSources(files(...Array.from({ length: 80 }, () => 50)), 16);
    assert.equal(shards.length, 16);
    assert.ok(shards.every((s) => s.paths.length === 5 && s.shard === undefined));
    assert.equal(new Set(shards.flatMap((s) => s.paths)).size, 80);
  });

  it('divides one large file among every shard', () => {
    assert.deepEqual(shardSources(files(4000), 4), [1, 2, 3, 4].map((k) => ({ paths: ['f0.feature'], shard: `${k}/4` })));
  });

  it('runs every scenario exactly once, in shards that differ by little, whatever the files', () => {
    const cases: [number[], number][] = [
      [[50, 50, 50, 50, 50, 50, 50, 50], 16],
      [[3, 97, 1, 1, 40, 200, 7], 5],
      [[1, 1, 1, 1, 1, 1, 1, 1, 1, 1], 3],
      [[66], 16],
      [[10, 0, 10], 2],
      [[12, 9, 8, 6, 4, 3, 3, 2, 2, 1], 7],
    ];
    for (const [counts, n] of cases) {
      const all = files(...counts);
      const each = runs(all, n);
      const total = counts.reduce((a, b) => a + b, 0);
      assert.equal(each.reduce((a, b) => a + b, 0), total, `${counts} in ${n}`);
      assert.equal(each.length, Math.min(n, total), `${counts} in ${n}: shards`);
      assert.ok(Math.max(...each) <= 2.5 * (total / each.length) + 1, `${counts} in ${n}: ${each}`);
      const paths = shardSources(all, n).flatMap((s) => s.paths);
      assert.ok(!paths.includes('f1.feature') || counts[1] > 0, 'a file that holds none of the run is not read');
    }
  });

  it('is one shard of every file that holds a scenario when N is 1, or there is one scenario', () => {
    assert.deepEqual(shardSources(files(2, 0, 3), 1), [{ paths: ['f0.feature', 'f2.feature'] }]);
    assert.deepEqual(shardSources(files(1), 16), [{ paths: ['f0.feature'] }]);
    assert.deepEqual(shardSources(files(0, 0), 4), [{ paths: [] }]);
  });
});

describe('batches', () => {
  it('holds whole files, at most the batch size, in order; a larger file is a batch alone', () => {
    const names = (batches: FileCount[][]) => batches.map((b) => b.map((f) => f.file).join('+'));
    assert.deepEqual(names(batchesOf(files(400, 400, 400, 1500, 10, 0, 990), 1000)), ['f0.feature+f1.feature', 'f2.feature', 'f3.feature', 'f4.feature+f6.feature']);
    assert.deepEqual(names(batchesOf(files(50, 50), 1000)), ['f0.feature+f1.feature']);
    assert.deepEqual(batchesOf(files(0), 1000), []);
  });

  it('divides each batch into the shards of --parallel', () => {
    const sources = runSources(files(600, 600, 600), 2, 1000);
    assert.deepEqual(sources, [[{ paths: ['f0.feature'], shard: '1/2' }, { paths: ['f0.feature'], shard: '2/2' }], [{ paths: ['f1.feature'], shard: '1/2' }, { paths: ['f1.feature'], shard: '2/2' }], [{ paths: ['f2.feature'], shard: '1/2' }, { paths: ['f2.feature'], shard: '2/2' }]]);
    assert.deepEqual(runSources(files(10, 20), 1), [[{ paths: ['f0.feature', 'f1.feature'] }]]);
  });
});
