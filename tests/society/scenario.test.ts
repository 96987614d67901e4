import { describe, expect, it } from 'vitest';
import { loadScenario, listScenarios } from '../../src/persistence/scenario-files';
import { parseScenario, parseScenarioText, ScenarioError } from '../../src/society/scenario';

describe('scenarios', () => {
  it('the built-in village scenario is valid and has about 200 agents', () => {
    expect(listScenarios()).toContain('village');
    const s = loadScenario('village');
    expect(s.name).toBe('village');
    expect(s.agents).toBe(200);
    expect(s.vitals.hungerPerDay).toBeGreaterThan(0);
    expect(s.agent.initialCash).toBe(50_000);
  });

  it('fills defaults for a minimal scenario', () => {
    const s = parseScenario({ name: 'tiny' });
    expect(s.agents).toBe(200);
    expect(s.world).toEqual({ width: 100, height: 100 });
    expect(s.actions.gatherMax).toBe(3);
  });

  it.each([
    [{ name: 'x', agents: 'many' }, /field "agents": .*number/i],
    [{ name: 'x', agents: -3 }, /field "agents"/],
    [{ name: 'x', minutesPerTick: 7 }, /field "minutesPerTick": must divide 1440/],
    [{ name: 'x', world: { width: 0 } }, /field "world.width"/],
    [{ name: 'x', agent: { minAge: 60, maxAge: 20 } }, /field "agent.minAge": minAge must not exceed maxAge/],
    [{ name: 'x', colour: 'blue' }, /colour/],
    [{ agents: 5 }, /field "name"/],
    [[1, 2], /\(root\)/],
  ])('rejects %j naming the problem', (input, message) => {
    expect(() => parseScenario(input, 'test')).toThrow(ScenarioError);
    expect(() => parseScenario(input, 'test')).toThrow(message);
  });

  it('rejects text that is not JSON, and a missing scenario', () => {
    expect(() => parseScenarioText('{ nope', 'file.json')).toThrow(/file.json: not valid JSON/);
    expect(() => loadScenario('no_such_scenario')).toThrow(/not found \(known scenarios: .*village/);
    expect(() => loadScenario('/tmp/definitely/missing.json')).toThrow(/not found/);
  });
});
