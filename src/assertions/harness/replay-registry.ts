import type { InvariantSpec, JsonValue } from './invariant-spec.js';

/** Builds a spec again from the `options` a replay file recorded. */
export type SpecFactory = (options: JsonValue) => InvariantSpec<unknown>;

const factories = new Map<string, SpecFactory>();

const NAME = /^[A-Za-z0-9._-]+$/;

/**
 * Makes a spec replayable by name: `replay()` looks the file's `spec` up here. Pass a factory when the spec
 * depends on options (fault kinds, sizes); a plain spec is registered as a factory that ignores them.
 * Registering a name again replaces the earlier entry (a spec module imported twice stays harmless).
 */
export function registerReplayable<H>(name: string, specOrFactory: InvariantSpec<H> | ((options: JsonValue) => InvariantSpec<H>)): void {
  if (!NAME.test(name)) throw new RangeError(`a replayable spec name may hold only letters, digits, '.', '_' and '-': '${name}'`);
  const factory = typeof specOrFactory === 'function' ? specOrFactory : () => specOrFactory;
  factories.set(name, factory as SpecFactory);
}

/** The spec registered under `name`, built with `options`. */
export function replayableSpec(name: string, options: JsonValue): InvariantSpec<unknown> {
  const factory = factories.get(name);
  if (factory === undefined) {
    throw new Error(`no replayable spec '${name}' is registered; known: ${[...factories.keys()].sort().join(', ') || '(none)'}`);
  }
  const spec = factory(options);
  if (spec.name !== name) throw new Error(`the factory registered as '${name}' built a spec named '${spec.name}'`);
  return spec;
}

export function replayableNames(): string[] {
  return [...factories.keys()].sort();
}
