// Lines a plugin adds to an LLM agent's prompt (family, relationships, market prices, bank
// statement...). It lives in the society layer so that economy and social plugins can contribute
// without importing cognition; cognition calls every contributor when it builds a prompt.

import { resourceKey, type World } from '../engine/world';

/** Appends short lines (one fact each, no trailing newline) about agent `eid` to `out`. */
export type PromptContributor = (world: World, eid: number, out: string[]) => void;

export interface NamedPromptContributor {
  /** Section heading in the prompt, e.g. "family" or "market prices". */
  readonly section: string;
  readonly contribute: PromptContributor;
}

/** Registered by plugins at build time: `world.resource(PromptContributors).push({ section, contribute })`. */
export const PromptContributors = resourceKey<NamedPromptContributor[]>('promptContributors');

/** The contributors list, created on first use (so plugins may install in any order). */
export function promptContributors(world: World): NamedPromptContributor[] {
  if (!world.hasResource(PromptContributors)) world.setResource(PromptContributors, []);
  return world.resource(PromptContributors);
}
