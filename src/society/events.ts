// The society's domain events (declaration merging onto the engine's EventMap).

export {};

declare module '../engine/events' {
  interface EventMap {
    actionRejected: { agent: number; action: string; reason: string };
    death: { agent: number; cause: string; age: number };
    birth: { agent: number; parents: number[] };
    trade: { buyer: number; seller: number; good: string; quantity: number; priceCents: number };
    loan: { agent: number; loanId: number; principalCents: number; status: string };
    marriage: { a: number; b: number };
    conversation: { a: number; b: number; lines: string[] };
  }
}
