import { describe, expect, it } from 'vitest';
import { EventLog } from '../../src/engine/events';

describe('EventLog', () => {
  it('keeps a bounded ring of the most recent events and counts all of them', () => {
    const log = new EventLog(3);
    for (let i = 0; i < 5; i++) log.emit('spawn', i, { agent: i, reason: 'r' });
    const recent = log.recent();
    expect(recent.map((e) => e.tick)).toEqual([2, 3, 4]);
    expect(log.count('spawn')).toBe(5);
    expect(log.emitted).toBe(5);
    expect(log.recent(undefined, 2).map((e) => e.tick)).toEqual([3, 4]);
  });

  it('delivers to subscribers, typed listeners, and stops after unsubscribe', () => {
    const log = new EventLog(10);
    const all: string[] = [];
    const spawns: number[] = [];
    const off = log.subscribe((e) => all.push(e.type));
    const offSpawn = log.on('spawn', (e) => spawns.push(e.agent));
    log.emit('spawn', 0, { agent: 7, reason: 'x' });
    log.emit('despawn', 1, { agent: 7, reason: 'y' });
    off();
    offSpawn();
    log.emit('spawn', 2, { agent: 8, reason: 'z' });
    expect(all).toEqual(['spawn', 'despawn']);
    expect(spawns).toEqual([7]);
    expect(log.recent('despawn')).toHaveLength(1);
  });

  it('save and load restore the ring and counts', () => {
    const log = new EventLog(4);
    for (let i = 0; i < 6; i++) log.emit('spawn', i, { agent: i, reason: 'r' });
    const copy = new EventLog(4);
    copy.load(JSON.parse(JSON.stringify(log.save())));
    expect(copy.recent()).toEqual(log.recent());
    expect(copy.count('spawn')).toBe(6);
    copy.emit('spawn', 9, { agent: 1, reason: 'r' });
    expect(copy.recent().at(-1)!.seq).toBe(6);
  });
});
