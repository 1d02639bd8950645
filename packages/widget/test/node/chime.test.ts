import { afterEach, describe, expect, it, vi } from 'vitest';
import { createChime } from '../../src/views/chime.js';

/** A stand-in AudioContext that records what was played. */
function fakeAudio() {
  const played: number[] = [];
  let closed = 0;
  let created = 0;
  class FakeAudioContext {
    currentTime = 10;
    destination = {};
    constructor() {
      created += 1;
    }
    createOscillator() {
      const param = { setValueAtTime() {} };
      return {
        type: '',
        frequency: param,
        connect: (next: unknown) => next,
        start: (at: number) => played.push(at),
        stop() {},
      };
    }
    createGain() {
      const gain = { setValueAtTime() {}, exponentialRampToValueAtTime() {} };
      return { gain, connect: (next: unknown) => next };
    }
    close() {
      closed += 1;
      return Promise.resolve();
    }
  }
  vi.stubGlobal('AudioContext', FakeAudioContext);
  return { played, created: () => created, closed: () => closed };
}

afterEach(() => vi.unstubAllGlobals());

/**
 * A page that keys listeners by type, function and capture flag as browsers do (Node's own
 * EventTarget ignores a boolean capture flag on removal, which would hide a missing unlisten).
 */
function fakePage() {
  let listeners: { type: string; fn: () => void; capture: boolean }[] = [];
  return {
    addEventListener(type: string, fn: () => void, capture?: boolean) {
      listeners.push({ type, fn, capture: capture === true });
    },
    removeEventListener(type: string, fn: () => void, capture?: boolean) {
      listeners = listeners.filter(
        (l) => !(l.type === type && l.fn === fn && l.capture === (capture === true)),
      );
    },
    dispatch(type: string) {
      for (const l of listeners.filter((l) => l.type === type)) l.fn();
    },
  };
}

describe('the new-message chime', () => {
  it('is silent until the visitor has interacted with the page, then plays a tone', () => {
    const audio = fakeAudio();
    const page = fakePage();
    const chime = createChime(page as unknown as Window);
    chime.play();
    expect(audio.created()).toBe(0); // no AudioContext before a gesture: no autoplay warning
    expect(audio.played).toEqual([]);

    page.dispatch('pointerdown');
    chime.play();
    expect(audio.created()).toBe(1);
    expect(audio.played).toEqual([10]);
    chime.destroy();
    expect(audio.closed()).toBe(1);
  });

  it('a key press arms it too; after destroy a gesture creates nothing', () => {
    const audio = fakeAudio();
    const page = fakePage();
    createChime(page as unknown as Window).destroy();
    page.dispatch('keydown');
    expect(audio.created()).toBe(0);

    const chime = createChime(page as unknown as Window);
    page.dispatch('keydown');
    chime.play();
    expect(audio.played).toHaveLength(1);
  });
});
