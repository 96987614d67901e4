// The society's domain events (declaration merging onto the engine's EventMap).

export {};

declare module '../engine/events' {
  interface EventMap {
    actionRejected: { agent: number; action: string; reason: string };
    death: { agent: number; cause: string; age: number };
    birth: { agent: number; parents: number[] };
    /** buyer/seller: an agent's entity id or an institution's ledger account (e.g. "firm:3"). */
    trade: { buyer: number | string; seller: number | string; good: string; quantity: number; priceCents: number };
    loan: { agent: number; loanId: number; principalCents: number; status: string };
    marriage: { a: number; b: number };
    conversation: { a: number; b: number; lines: string[] };
    objectCreated: { agent: number; object: number; kind: string };
    hired: { agent: number; firm: number };
    jobLost: { agent: number; firm: number; reason: string };
  }
}
