// Which chart each metric column goes on. The dashboard charts every column of the Metrics
// history; columns are grouped by what their names say, so metrics added by new plugins appear
// on the right chart (or on "Other") without changes here. Pure, tested in Node.

export interface MetricGroup {
  title: string;
  columns: string[];
  /** Divide values by this before charting (cents to dollars). */
  scale: number;
  unit: string;
}

const RULES: { title: string; test: RegExp; unit?: string }[] = [
  { title: 'Population', test: /^(population|agents|alive|households?|families)$|pop(ulation)?[A-Z_]|^(births?|deaths?|marriages?|divorces?)/i },
  { title: 'LLM usage', test: /llm|token|request|latency|cache|provider|budget|think/i },
  { title: 'Prices', test: /price/i, unit: '$' },
  { title: 'Loans and defaults', test: /loan|default|debt|credit|interest|bank|deposit/i },
  { title: 'Employment', test: /employ|job|wage|work|firm|vacanc/i },
  { title: 'Inequality', test: /gini|inequal|top\d|share|poverty/i },
  { title: 'Economy', test: /gdp|cash|money|wealth|income|tax|trade|volume|output|production|cents/i },
  { title: 'Wellbeing', test: /happi|health|energy|hunger|mood|satisf|age/i },
  { title: 'Goods', test: /food|material|tool|luxury|knowledge|service|stock|inventory/i },
  { title: 'Culture and ties', test: /cultur|relation|friend|tie|reputation|conversation|social/i },
];

/** Columns that are the x axis or bookkeeping, never charted. */
const AXIS = new Set(['day', 'tick']);

export function groupMetrics(columns: readonly string[]): MetricGroup[] {
  const groups = new Map<string, MetricGroup>();
  for (const column of columns) {
    if (AXIS.has(column)) continue;
    const rule = RULES.find((r) => r.test.test(column));
    const title = rule?.title ?? 'Other';
    let group = groups.get(title);
    if (!group) {
      const cents = /cents/i.test(column) || rule?.unit === '$';
      group = { title, columns: [], scale: cents ? 100 : 1, unit: cents ? '$' : '' };
      groups.set(title, group);
    }
    group.columns.push(column);
  }
  // Keep the rules' order (population first), "Other" last.
  const order = [...RULES.map((r) => r.title), 'Other'];
  return [...groups.values()].sort((a, b) => order.indexOf(a.title) - order.indexOf(b.title));
}

/** A readable label for a column name: "meanHappiness" -> "mean happiness", "totalCashCents" -> "total cash". */
export function columnLabel(column: string): string {
  return column
    .replace(/Cents$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase();
}

/** The history as CSV text (empty cells where a metric did not exist yet). */
export function metricsCsv(columns: readonly string[], rows: readonly (readonly number[])[]): string {
  const lines = [columns.join(',')];
  for (const row of rows) lines.push(columns.map((_, i) => (row[i] === undefined || Number.isNaN(row[i]) ? '' : String(row[i]))).join(','));
  return lines.join('\n') + '\n';
}
