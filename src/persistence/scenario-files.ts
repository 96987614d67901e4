// Finding scenario files: a bare name means assets/scenarios/NAME.json; anything else is a path.
// Node-only helpers live here (not in scenario.ts) so the renderer can import the schema without fs.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseScenarioText, ScenarioError, type Scenario } from '../society/scenario';

export const SCENARIO_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../assets/scenarios');

export function listScenarios(): string[] {
  return readdirSync(SCENARIO_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5))
    .sort();
}

export function loadScenario(nameOrPath: string): Scenario {
  const isName = /^[A-Za-z0-9_-]+$/.test(nameOrPath);
  const path = isName ? join(SCENARIO_DIR, `${nameOrPath}.json`) : resolve(nameOrPath);
  if (!existsSync(path)) {
    const hint = isName ? ` (known scenarios: ${listScenarios().join(', ')})` : '';
    throw new ScenarioError(`scenario "${nameOrPath}" not found${hint}`);
  }
  return parseScenarioText(readFileSync(path, 'utf8'), isName ? `scenario ${nameOrPath}` : path);
}
