// The economy's per-agent components (structure-of-arrays, saved and hashed generically with the
// rest). Balances are claims on the bank: the cash itself sits in the bank's vault ledger account.

import { defineComponent } from '../../engine/component';

/** Bank balances by account type, in cents; `open` is a bit mask of ACCOUNT_TYPES; `since` the tick of the first opening. */
export const BankAccount = defineComponent('BankAccount', {
  checking: 'i32',
  savings: 'i32',
  business: 'i32',
  investment: 'i32',
  open: 'u8',
  since: 'i32',
});

/**
 * Credit: the score (300-850, starts at 700), outstanding loan balance (`debt`, cents, defaulted
 * loans included), active loans, and payment counts for the payment-history sub-score.
 */
export const Credit = defineComponent('Credit', { score: 'f32', debt: 'i32', loans: 'u8', onTime: 'u16', missed: 'u16' });

/** Market activity: open orders, and orders placed in tick `offerTick` (for the per-tick offer cap). */
export const Trading = defineComponent('Trading', { openOrders: 'u16', offers: 'u8', offerTick: 'i32' });

export const ACCOUNT_TYPES = ['checking', 'savings', 'business', 'investment'] as const;
export type AccountType = (typeof ACCOUNT_TYPES)[number];

export const LOAN_TYPES = ['personal', 'business', 'mortgage', 'education', 'emergency'] as const;
export type LoanType = (typeof LOAN_TYPES)[number];

export const INITIAL_CREDIT_SCORE = 700;
