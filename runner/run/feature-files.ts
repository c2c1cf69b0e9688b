/**
 * Which .feature files a run reads: the contract's own, a user's (--features,
 * a file, a folder or a glob, repeatable), or both (--with-contract). A path
 * that does not exist, or names no feature file, is a usage error that says so.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { glob, hasMagic } from 'glob';
import { UsageError } from '../configuration';

export interface FeatureFile {
  /** Absolute path, as cucumber gets it. */
  readonly file: string;
  /** As the user sees it in messages: relative to their working directory when inside it. */
  readonly shown: string;
  /** A user's feature (not one of the contract's): checked as the user's, with warnings. */
  readonly own: boolean;
  /** The --features argument it came from; the contract's folder for the contract's own. */
  readonly from: string;
}

export function shownPath(file: string, cwd: string = process.cwd()): string {
  const relative = path.relative(cwd, file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}

async function expand(argument: string, cwd: string): Promise<string[]> {
  const absolute = path.resolve(cwd, argument);
  if (hasMagic(argument, { windowsPathsNoEscape: true })) {
    const matches = await glob(argument, { cwd, absolute: true, nodir: true });
    const features = matches.filter((m) => m.endsWith('.feature')).sort();
    if (features.length === 0) throw new UsageError(`--features ${argument}: no .feature file matches this pattern`);
    return features;
  }
  if (!existsSync(absolute)) throw new UsageError(`--features ${argument}: no such file or folder (looked for ${absolute})`);
  if (statSync(absolute).isDirectory()) {
    const features = (await glob('**/*.feature', { cwd: absolute, absolute: true, nodir: true })).sort();
    if (features.length === 0) throw new UsageError(`--features ${argument}: the folder holds no .feature file`);
    return features;
  }
  if (!absolute.endsWith('.feature')) throw new UsageError(`--features ${argument}: not a .feature file (a feature file's name ends in .feature)`);
  return [absolute];
}

/** The files of a run, in the order given, each once. */
export async function featureFiles(options: { readonly features: readonly string[]; readonly withContract: boolean }, contractDir: string, cwd: string = process.cwd()): Promise<FeatureFile[]> {
  const files: FeatureFile[] = [];
  const seen = new Set<string>();
  const add = (file: string, own: boolean, from: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    files.push({ file, shown: shownPath(file, cwd), own, from });
  };
  if (options.features.length === 0 || options.withContract) {
    for (const file of await expand(contractDir, cwd)) add(file, false, contractDir);
  }
  for (const argument of options.features) for (const file of await expand(argument, cwd)) add(file, !file.startsWith(contractDir + path.sep), argument);
  return files;
}
