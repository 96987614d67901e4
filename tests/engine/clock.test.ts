import { describe, expect, it } from 'vitest';
import { Clock, dateOf, formatDate } from '../../src/engine/clock';

describe('Clock', () => {
  it('derives days, months and years from ticks', () => {
    const c = new Clock(30);
    expect(c.ticksPerDay).toBe(48);
    expect(c.ticksPerMonth).toBe(48 * 30);
    expect(c.ticksPerYear).toBe(48 * 360);
    const d = dateOf(48 * 360 + 48 * 31 + 5, 30);
    expect(d).toMatchObject({ year: 2, month: 2, day: 2, hour: 2, minute: 30, totalDays: 360 + 31 });
    expect(formatDate(d)).toBe('Year 2, month 2, day 2, 02:30');
  });

  it('starts at year 1, month 1, day 1, 00:00', () => {
    expect(dateOf(0, 10)).toMatchObject({ year: 1, month: 1, day: 1, hour: 0, minute: 0, totalDays: 0 });
  });

  it('marks day, month and year boundaries', () => {
    const c = new Clock(60);
    expect(c.isDayStart(0)).toBe(false);
    expect(c.isDayStart(24)).toBe(true);
    expect(c.isDayStart(25)).toBe(false);
    expect(c.isMonthStart(24 * 30)).toBe(true);
    expect(c.isYearStart(24 * 360)).toBe(true);
    expect(c.isYearStart(24 * 30)).toBe(false);
    expect(c.yearsPerTick).toBeCloseTo(1 / (24 * 360));
  });

  it('rejects a tick length that does not divide a day', () => {
    expect(() => new Clock(7)).toThrow(/divides a day/);
    expect(() => new Clock(0)).toThrow();
  });
});
