// The tradable goods (the prototype's ResourceType without currency, which is the wallet).

export const GOODS = ['food', 'materials', 'energy', 'luxury', 'tools', 'knowledge', 'services'] as const;
export type Good = (typeof GOODS)[number];

/** The prototype's base prices, in cents per unit. */
export const BASE_PRICE_CENTS: Readonly<Record<Good, number>> = {
  food: 100,
  materials: 200,
  energy: 150,
  luxury: 1000,
  tools: 500,
  knowledge: 300,
  services: 250,
};

export function isGood(s: string): s is Good {
  return (GOODS as readonly string[]).includes(s);
}

export function goodIndex(good: Good): number {
  return GOODS.indexOf(good);
}
