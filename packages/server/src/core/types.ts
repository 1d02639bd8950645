// The core's types in one place: state and actors, commands, effects.
export type * from './command-types.js';
export type * from './effects.js';
export type * from './state-types.js';
