// The Open Recent list: newest first, no duplicates, at most MAX_RECENT entries.

export const MAX_RECENT = 10;

export function addRecent(list: readonly string[], path: string, max = MAX_RECENT): string[] {
  return [path, ...list.filter((p) => p !== path)].slice(0, max);
}

export function removeRecent(list: readonly string[], path: string): string[] {
  return list.filter((p) => p !== path);
}

/** Drop entries whose file is gone (checked by the caller's `exists`, e.g. fs.existsSync). */
export function pruneRecent(list: readonly string[], exists: (path: string) => boolean): string[] {
  return list.filter(exists);
}
