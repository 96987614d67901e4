// Strings a world keeps for a long time (memory texts, names, personas).

/**
 * The same string, made flat: a string built by concatenation (`Talked with ${name}: ${line}`) is a
 * tree of pieces in V8 (about seven objects for a memory's text) until its characters are read,
 * which joins them and lets the garbage collector drop the pieces. Kept by the hundred thousand,
 * the trees made every full garbage collection walk millions of objects. No effect on the value.
 */
export function flatString(s: string): string {
  s.charCodeAt(0);
  return s;
}
