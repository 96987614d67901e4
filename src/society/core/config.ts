import { resourceKey } from '../../engine/world';
import type { Scenario } from '../scenario';

/** The scenario the world was built from (read-only for systems). */
export const ScenarioConfig = resourceKey<Scenario>('scenario');
