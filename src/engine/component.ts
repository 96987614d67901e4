// Components are declared once and stored as structure-of-arrays: one typed array per field,
// indexed by entity id. A GPU system uploads a field's array as it is; save/load and the state
// hash iterate the registry generically.

export type FieldKind = 'f32' | 'i32' | 'u32' | 'u16' | 'u8';
export type Fields = Readonly<Record<string, FieldKind>>;

export type ArrayFor<K extends FieldKind> = K extends 'f32'
  ? Float32Array
  : K extends 'i32'
    ? Int32Array
    : K extends 'u32'
      ? Uint32Array
      : K extends 'u16'
        ? Uint16Array
        : Uint8Array;

export type TypedArray = Float32Array | Int32Array | Uint32Array | Uint16Array | Uint8Array;

export interface ComponentDef<F extends Fields = Fields> {
  readonly name: string;
  readonly fields: F;
  /** Index into a registry's slots (one per name), so store lookups on hot paths are array reads. */
  readonly slot: number;
}

const componentSlots = new Map<string, number>();

/** The live arrays of one component. Arrays are replaced when capacity grows: read them per system run. */
export type Store<F extends Fields = Fields> = { [K in keyof F]: ArrayFor<F[K]> };

export function defineComponent<F extends Fields>(name: string, fields: F): ComponentDef<F> {
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) throw new Error(`component name "${name}" must be an identifier`);
  for (const [field, kind] of Object.entries(fields)) {
    if (!(kind in ARRAY_CTORS)) throw new Error(`component ${name}.${field}: unknown field kind "${kind}"`);
  }
  let slot = componentSlots.get(name);
  if (slot === undefined) componentSlots.set(name, (slot = componentSlots.size));
  return Object.freeze({ name, fields: Object.freeze({ ...fields }), slot });
}

const ARRAY_CTORS = {
  f32: Float32Array,
  i32: Int32Array,
  u32: Uint32Array,
  u16: Uint16Array,
  u8: Uint8Array,
} as const;

export function allocateField(kind: FieldKind, capacity: number): TypedArray {
  return new ARRAY_CTORS[kind](capacity);
}

export function bytesPerElement(kind: FieldKind): number {
  return ARRAY_CTORS[kind].BYTES_PER_ELEMENT;
}

export interface RegisteredComponent<F extends Fields = Fields> {
  readonly def: ComponentDef<F>;
  readonly store: Store<F>;
}

/** All components of a world, in registration order (which is the canonical order for saves and hashes). */
export class ComponentRegistry {
  private readonly byName = new Map<string, RegisteredComponent>();
  private readonly bySlot: (RegisteredComponent | undefined)[] = [];
  private readonly ordered: RegisteredComponent[] = [];
  private cap: number;

  constructor(capacity: number) {
    this.cap = capacity;
  }

  get capacity(): number {
    return this.cap;
  }

  register<F extends Fields>(def: ComponentDef<F>): Store<F> {
    const existing = this.byName.get(def.name);
    if (existing) {
      if (existing.def !== (def as unknown as ComponentDef)) throw new Error(`component "${def.name}" is already registered with another definition`);
      return existing.store as unknown as Store<F>;
    }
    const store = {} as Record<string, TypedArray>;
    for (const [field, kind] of Object.entries(def.fields)) store[field] = allocateField(kind, this.cap);
    const entry = { def, store } as unknown as RegisteredComponent;
    this.byName.set(def.name, entry);
    this.bySlot[def.slot] = entry;
    this.ordered.push(entry);
    return store as Store<F>;
  }

  has(def: ComponentDef | string): boolean {
    return this.byName.has(typeof def === 'string' ? def : def.name);
  }

  get<F extends Fields>(def: ComponentDef<F>): Store<F> {
    const entry = this.bySlot[def.slot];
    if (!entry) throw new Error(`component "${def.name}" is not registered in this world`);
    return entry.store as unknown as Store<F>;
  }

  byNameOrThrow(name: string): RegisteredComponent {
    const entry = this.byName.get(name);
    if (!entry) throw new Error(`component "${name}" is not registered in this world`);
    return entry;
  }

  all(): readonly RegisteredComponent[] {
    return this.ordered;
  }

  /** Grow every array to at least `min` slots (doubling), keeping data. */
  ensureCapacity(min: number): boolean {
    if (min <= this.cap) return false;
    let next = this.cap;
    while (next < min) next *= 2;
    for (const { def, store } of this.ordered) {
      const s = store as Record<string, TypedArray>;
      for (const [field, kind] of Object.entries(def.fields)) {
        const grown = allocateField(kind, next);
        grown.set(s[field]);
        s[field] = grown;
      }
    }
    this.cap = next;
    return true;
  }

  /**
   * Take a loaded world's arrays (by component, then field; each `count` long) as the stores
   * themselves, without copying: allocating empty stores and copying ~33 MiB into them at 100,000
   * agents cost the copy and, more, the full garbage collections that much fresh outside-heap memory
   * triggers. The capacity becomes `count` (the next spawn grows it as usual); a smaller world is
   * copied into the arrays it has.
   */
  adopt(arrays: ReadonlyMap<string, ReadonlyMap<string, TypedArray>>, count: number): void {
    for (const { def } of this.ordered) {
      const fields = arrays.get(def.name);
      for (const field of Object.keys(def.fields)) {
        const arr = fields?.get(field);
        if (!arr || arr.length !== count) throw new Error(`component "${def.name}" field "${field}": expected ${count} values to adopt`);
      }
    }
    const inPlace = count > this.cap;
    for (const { def, store } of this.ordered) {
      const s = store as Record<string, TypedArray>;
      const fields = arrays.get(def.name)!;
      for (const field of Object.keys(def.fields)) {
        if (inPlace) s[field] = fields.get(field)!;
        else s[field].set(fields.get(field)!);
      }
    }
    if (inPlace) this.cap = count;
  }

  /** Zero every field of one entity (a new entity inherits nothing from the id's previous owner). */
  clearEntity(eid: number): void {
    for (const { store } of this.ordered) {
      for (const arr of Object.values(store as Record<string, TypedArray>)) arr[eid] = 0;
    }
  }
}
