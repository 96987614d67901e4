// A world being loaded from a file: its decoded state sections by name, set as a resource while the
// plugins build, so a plugin can restore what it would otherwise regenerate from the seed (the world
// map) instead of rebuilding it. Unset again once the plugins are built.

import { resourceKey, type World } from '../engine/world';

export const SavedSectionsKey = resourceKey<ReadonlyMap<string, unknown>>('savedSections');

/** The saved data of a state section while a loaded world's plugins build; undefined otherwise. */
export function savedSection(world: World, name: string): unknown {
  return world.hasResource(SavedSectionsKey) ? world.resource(SavedSectionsKey).get(name) : undefined;
}
