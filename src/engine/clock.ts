// Simulated time derives from the tick counter. Calendar: 60-minute hours, 24-hour days,
// 30-day months, 12-month years (360 days), so months and years are whole numbers of days.

export const MINUTES_PER_HOUR = 60;
export const HOURS_PER_DAY = 24;
export const DAYS_PER_MONTH = 30;
export const MONTHS_PER_YEAR = 12;
export const MINUTES_PER_DAY = MINUTES_PER_HOUR * HOURS_PER_DAY;
export const DAYS_PER_YEAR = DAYS_PER_MONTH * MONTHS_PER_YEAR;

export interface SimDate {
  tick: number;
  totalMinutes: number;
  minute: number;
  hour: number;
  /** Whole days since the start. */
  totalDays: number;
  /** 1-based day of the month. */
  day: number;
  /** 1-based month of the year. */
  month: number;
  /** 1-based year. */
  year: number;
}

export class Clock {
  tick = 0;

  constructor(readonly minutesPerTick: number) {
    if (!Number.isInteger(minutesPerTick) || minutesPerTick <= 0 || MINUTES_PER_DAY % minutesPerTick !== 0) {
      throw new Error(`minutesPerTick must be a positive integer that divides a day (1440), got ${minutesPerTick}`);
    }
  }

  get ticksPerDay(): number {
    return MINUTES_PER_DAY / this.minutesPerTick;
  }

  get ticksPerMonth(): number {
    return this.ticksPerDay * DAYS_PER_MONTH;
  }

  get ticksPerYear(): number {
    return this.ticksPerDay * DAYS_PER_YEAR;
  }

  /** Simulated years that one tick lasts (for ageing). */
  get yearsPerTick(): number {
    return 1 / this.ticksPerYear;
  }

  date(tick = this.tick): SimDate {
    return dateOf(tick, this.minutesPerTick);
  }

  /** The hour the clock reads at `tick` (0 to 23). */
  hour(tick = this.tick): number {
    return Math.floor(((tick * this.minutesPerTick) % MINUTES_PER_DAY) / MINUTES_PER_HOUR);
  }

  /** Ticks from `tick` until the clock next reads `hour`:00 (a full day when it reads that now). */
  ticksUntilHour(hour: number, tick = this.tick): number {
    const minuteOfDay = (tick * this.minutesPerTick) % MINUTES_PER_DAY;
    const ahead = (hour * MINUTES_PER_HOUR - minuteOfDay + MINUTES_PER_DAY) % MINUTES_PER_DAY || MINUTES_PER_DAY;
    return Math.ceil(ahead / this.minutesPerTick);
  }

  /** True on the first tick of a new day (tick > 0). */
  isDayStart(tick = this.tick): boolean {
    return tick > 0 && tick % this.ticksPerDay === 0;
  }

  isMonthStart(tick = this.tick): boolean {
    return tick > 0 && tick % this.ticksPerMonth === 0;
  }

  isYearStart(tick = this.tick): boolean {
    return tick > 0 && tick % this.ticksPerYear === 0;
  }
}

export function dateOf(tick: number, minutesPerTick: number): SimDate {
  const totalMinutes = tick * minutesPerTick;
  const totalDays = Math.floor(totalMinutes / MINUTES_PER_DAY);
  const minuteOfDay = totalMinutes - totalDays * MINUTES_PER_DAY;
  const totalMonths = Math.floor(totalDays / DAYS_PER_MONTH);
  return {
    tick,
    totalMinutes,
    minute: minuteOfDay % MINUTES_PER_HOUR,
    hour: Math.floor(minuteOfDay / MINUTES_PER_HOUR),
    totalDays,
    day: (totalDays % DAYS_PER_MONTH) + 1,
    month: (totalMonths % MONTHS_PER_YEAR) + 1,
    year: Math.floor(totalMonths / MONTHS_PER_YEAR) + 1,
  };
}

export function formatDate(d: SimDate): string {
  const hh = String(d.hour).padStart(2, '0');
  const mm = String(d.minute).padStart(2, '0');
  return `Year ${d.year}, month ${d.month}, day ${d.day}, ${hh}:${mm}`;
}
