import { opendirSync } from 'node:fs';

/**
 * The entries of `dir` in directory (readdir) order, as iproute2's readdir
 * loops see them (fs.readdirSync would sort them), without "." and "..".
 * None when the directory is missing or cannot be read.
 */
export function entriesInDirectoryOrder(dir: string): string[] {
  const names: string[] = [];
  let d;
  try {
    d = opendirSync(dir);
  } catch {
    return names;
  }
  try {
    for (let e = d.readSync(); e !== null; e = d.readSync())
      if (e.name !== '.' && e.name !== '..') names.push(e.name);
  } finally {
    d.closeSync();
  }
  return names;
}
