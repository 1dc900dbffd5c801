/**
 * A schema (or any object) built on first use instead of at import. zod builds a schema's
 * internals when it is declared, and a function's cold start imports the declarations of every
 * module it reaches; this way it builds only those its work needs, when it first needs them.
 * The result stands for the object itself (a Proxy that builds it once and forwards to it), so
 * `schema.parse(…)`, nesting it in another schema and `z.infer<typeof schema>` work as before.
 */
export function lazySchema<T extends object>(build: () => T): T {
  let built: T | undefined;
  const target = () => {
    built ??= build();
    return built;
  };
  return new Proxy({} as T, {
    get: (_, key) => {
      const real = target();
      return Reflect.get(real, key, real);
    },
    set: (_, key, value) => Reflect.set(target(), key, value),
    has: (_, key) => Reflect.has(target(), key),
    ownKeys: () => Reflect.ownKeys(target()),
    getPrototypeOf: () => Reflect.getPrototypeOf(target()),
    getOwnPropertyDescriptor: (_, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(target(), key);
      // The empty stand-in has no such property: the proxy may only report it as configurable.
      return descriptor ? { ...descriptor, configurable: true } : undefined;
    },
  });
}
