// The agent's components. Every field is a 32-bit-or-smaller typed array indexed by entity id,
// so a GPU system can upload it as it is. Strings live in side tables (see names.ts).

import { defineComponent } from '../engine/component';

export const Position = defineComponent('Position', { x: 'f32', y: 'f32' });

/** Where the agent is heading and how fast (world units per tick). */
export const Motion = defineComponent('Motion', { tx: 'f32', ty: 'f32', speed: 'f32', moving: 'u8' });

/** Vital statistics in [0, 1] (hunger: 0 full, 1 starving), age in simulated years. */
export const Vitals = defineComponent('Vitals', { energy: 'f32', hunger: 'f32', health: 'f32', happiness: 'f32', age: 'f32' });

/** Units of each good held. Currency is the wallet. */
export const Inventory = defineComponent('Inventory', {
  food: 'i32',
  materials: 'i32',
  energy: 'i32',
  luxury: 'i32',
  tools: 'i32',
  knowledge: 'i32',
  services: 'i32',
});

/** Cash in integer cents. */
export const Wallet = defineComponent('Wallet', { cash: 'i32' });

/** Who the agent is: profession and trait indices (see names.ts), and which brain decides for it. */
export const Identity = defineComponent('Identity', { profession: 'u8', trait: 'u8', brain: 'u8' });

/** The action in progress: its kind (ActionKind), ticks left, and its target. */
export const Action = defineComponent('Action', { kind: 'u8', remaining: 'u16', targetX: 'f32', targetY: 'f32', targetAgent: 'i32' });

export const BRAIN_HEURISTIC = 0;
export const BRAIN_LLM = 1;
export const BRAIN_REPLAY = 2;
