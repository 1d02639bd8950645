import { AgentToServer, VisitorToServer } from '@switchboard/shared';
import { describe, expect, it } from 'vitest';
import { agentCommands } from '../../src/transport/agent/commands.js';
import { agentHandlerAreas, agentHandlers } from '../../src/transport/agent/handlers.js';
import { visitorHandlers } from '../../src/transport/visitor/handlers.js';

/**
 * The frame types of a protocol union, read from the shared zod/mini schema at run time: each
 * option of the discriminated union is an object whose `type` is a literal.
 */
function frameTypes(union: typeof VisitorToServer | typeof AgentToServer): string[] {
  return union.def.options.flatMap((option) => [...option.def.shape.type.def.values]);
}

/** How often each name occurs in `names`. */
function counts(names: string[]): Map<string, number> {
  const seen = new Map<string, number>();
  for (const name of names) seen.set(name, (seen.get(name) ?? 0) + 1);
  return seen;
}

describe('the visitor handler table', () => {
  const types = frameTypes(VisitorToServer);

  it('reads the frame types from the protocol schema', () => {
    expect(types.length).toBeGreaterThan(10);
    expect(types).toContain('session.hello');
    expect(new Set(types).size).toBe(types.length);
  });

  it('has a handler for every frame type of VisitorToServer', () => {
    const missing = types.filter((type) => !Object.hasOwn(visitorHandlers, type));
    expect(missing).toEqual([]);
  });

  it('has no handler for a frame type the protocol does not have', () => {
    const extra = Object.keys(visitorHandlers).filter((type) => !types.includes(type));
    expect(extra).toEqual([]);
  });

  it('maps each frame type to a function', () => {
    for (const type of types) {
      expect(typeof (visitorHandlers as Record<string, unknown>)[type], type).toBe('function');
    }
  });
});

describe('the agent handler table', () => {
  const types = frameTypes(AgentToServer);

  it('reads the frame types from the protocol schema', () => {
    expect(types.length).toBeGreaterThan(30);
    expect(types).toContain('agent.hello');
    expect(new Set(types).size).toBe(types.length);
  });

  it('has a handler for every frame type of AgentToServer', () => {
    const missing = types.filter((type) => !Object.hasOwn(agentHandlers, type));
    expect(missing).toEqual([]);
  });

  it('has no handler for a frame type the protocol does not have', () => {
    const extra = Object.keys(agentHandlers).filter((type) => !types.includes(type));
    expect(extra).toEqual([]);
  });

  it('answers each frame type in exactly one area (conversations, callbacks, quality, ...)', () => {
    const byArea = Object.values(agentHandlerAreas).flatMap((area) => Object.keys(area));
    const seen = counts(byArea);
    expect(types.filter((type) => seen.get(type) !== 1)).toEqual([]);
    expect(byArea.filter((type) => !types.includes(type))).toEqual([]);
  });

  it('uses the area tables as they are (the merged table is their union)', () => {
    for (const area of Object.values(agentHandlerAreas)) {
      for (const [type, handler] of Object.entries(area)) {
        expect((agentHandlers as Record<string, unknown>)[type], type).toBe(handler);
      }
    }
  });

  it('maps only frame types of the protocol to engine commands', () => {
    const extra = Object.keys(agentCommands).filter((type) => !types.includes(type));
    expect(extra).toEqual([]);
  });
});
