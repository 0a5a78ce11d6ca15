/**
 * The structure of a JSON value without its values: what a receiver's parsing depends on. Two
 * payloads have the same shape when they have the same keys at every level and the same JSON type
 * at every key. An array's shape is the list of its elements' distinct shapes, so a participant
 * list of a contact and a user has two, whatever its length.
 */
export type Shape = 'string' | 'number' | 'boolean' | 'null' | Shape[] | { [key: string]: Shape };

export function shapeOf(json: unknown): Shape {
  if (json === null) return 'null';
  if (Array.isArray(json)) {
    const distinct = new Map(json.map((item) => shapeOf(item)).map((shape) => [JSON.stringify(shape), shape]));
    return [...distinct.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, shape]) => shape);
  }
  if (typeof json === 'object') {
    const entries = Object.entries(json as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
    return Object.fromEntries(entries.map(([key, value]) => [key, shapeOf(value)]));
  }
  if (typeof json === 'string') return 'string';
  if (typeof json === 'number') return 'number';
  if (typeof json === 'boolean') return 'boolean';
  throw new TypeError(`not JSON: ${typeof json}`);
}

/**
 * Every key path of a shape, `a.b` for nested keys and `a[].b` inside arrays; a path ends at a
 * primitive, an empty object or an empty array.
 */
export function shapePaths(shape: Shape, prefix = ''): string[] {
  if (typeof shape === 'string') return [prefix];
  if (Array.isArray(shape)) return shape.length === 0 ? [`${prefix}[]`] : shape.flatMap((item) => shapePaths(item, `${prefix}[]`));
  const entries = Object.entries(shape);
  if (entries.length === 0) return [prefix];
  return entries.flatMap(([key, value]) => shapePaths(value, prefix === '' ? key : `${prefix}.${key}`));
}

/** Whether `path` (`a.b`, `a[].b`) leads to something in the shape. */
export function hasPath(shape: Shape, path: string): boolean {
  return shapePaths(shape).some((p) => p === path || p.startsWith(`${path}.`) || p.startsWith(`${path}[]`));
}

/** The shape without the subtrees at `paths` (dot paths; `key[]` steps into every element of an array). */
export function withoutPaths(shape: Shape, paths: readonly string[]): Shape {
  return paths.reduce((current, path) => remove(current, path.split('.')), shape);
}

function remove(shape: Shape, [head, ...rest]: string[]): Shape {
  if (typeof shape === 'string' || Array.isArray(shape) || head === undefined) return shape;
  const intoArray = head.endsWith('[]');
  const key = intoArray ? head.slice(0, -2) : head;
  const { [key]: child, ...others } = shape;
  if (child === undefined) return shape;
  if (rest.length === 0 && !intoArray) return others;
  const next = intoArray && Array.isArray(child) ? child.map((item) => remove(item, rest)) : remove(child, rest);
  return { ...others, [key]: next };
}
