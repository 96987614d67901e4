// A fast 32-bit x2 (64-bit total) non-cryptographic hash, used to prove determinism.
// Two independent murmur3-style lanes make accidental collisions between runs negligible.

const F64 = new Float64Array(1);
const F64_WORDS = new Uint32Array(F64.buffer);

export class Hasher {
  private h1 = 0x811c9dc5;
  private h2 = 0x01000193;

  u32(v: number): this {
    let k = v | 0;
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    this.h1 ^= k;
    this.h1 = (this.h1 << 13) | (this.h1 >>> 19);
    this.h1 = (Math.imul(this.h1, 5) + 0xe6546b64) | 0;
    this.h2 = Math.imul(this.h2 ^ v, 0x9e3779b1);
    this.h2 ^= this.h2 >>> 15;
    return this;
  }

  f64(v: number): this {
    F64[0] = v;
    return this.u32(F64_WORDS[0]).u32(F64_WORDS[1]);
  }

  str(s: string): this {
    this.u32(s.length);
    for (let i = 0; i < s.length; i++) this.u32(s.charCodeAt(i));
    return this;
  }

  /** Hash a typed array's raw elements at the given indices (reinterpreting floats as their bits). */
  elements(arr: ArrayLike<number> & { BYTES_PER_ELEMENT: number; buffer: ArrayBufferLike; byteOffset: number }, indices: ArrayLike<number>): this {
    if (arr instanceof Float32Array) {
      const bits = new Uint32Array(arr.buffer, arr.byteOffset, arr.length);
      for (let i = 0; i < indices.length; i++) this.u32(bits[indices[i]]);
    } else {
      for (let i = 0; i < indices.length; i++) this.u32(arr[indices[i]]);
    }
    return this;
  }

  /** Canonical JSON-like hash of plain data (objects hashed with sorted keys). */
  value(v: unknown): this {
    if (v === null || v === undefined) return this.u32(0xdead);
    switch (typeof v) {
      case 'number':
        return this.u32(1).f64(v);
      case 'string':
        return this.u32(2).str(v);
      case 'boolean':
        return this.u32(v ? 3 : 4);
      case 'bigint':
        return this.u32(5).str(v.toString());
      case 'object': {
        if (ArrayBuffer.isView(v)) {
          const bytes = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
          this.u32(6).u32(bytes.length);
          for (let i = 0; i < bytes.length; i++) this.u32(bytes[i]);
          return this;
        }
        if (Array.isArray(v)) {
          this.u32(7).u32(v.length);
          for (const x of v) this.value(x);
          return this;
        }
        if (v instanceof Map) {
          const entries = [...v.entries()].sort(([a], [b]) => (String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0));
          this.u32(8).u32(entries.length);
          for (const [k, x] of entries) this.value(k).value(x);
          return this;
        }
        const keys = Object.keys(v as object).sort();
        this.u32(9).u32(keys.length);
        for (const k of keys) this.str(k).value((v as Record<string, unknown>)[k]);
        return this;
      }
      default:
        throw new Error(`Hasher.value: cannot hash a ${typeof v}`);
    }
  }

  digest(): string {
    let a = this.h1 ^ (this.h1 >>> 16);
    a = Math.imul(a, 0x85ebca6b);
    a ^= a >>> 13;
    a = Math.imul(a, 0xc2b2ae35);
    a ^= a >>> 16;
    let b = this.h2 ^ (this.h2 >>> 16);
    b = Math.imul(b, 0x7feb352d);
    b ^= b >>> 15;
    return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
  }
}
