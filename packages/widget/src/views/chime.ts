/** A short notification tone, made with WebAudio (no audio file to fetch). */
export interface Chime {
  /** Play the tone; does nothing before the visitor has interacted with the page. */
  play(): void;
  /** Stop listening for the first gesture and close the audio context. */
  destroy(): void;
}

type AudioContextClass = typeof AudioContext;

/**
 * A chime that is allowed to sound only after a user gesture on the page (pointer or key): the
 * AudioContext is created inside that gesture, never before, so no autoplay warning either.
 * @example const chime = createChime(window); chime.play(); chime.destroy();
 */
export function createChime(
  target: Pick<Window, 'addEventListener' | 'removeEventListener'>,
): Chime {
  let context: AudioContext | null = null;
  const Ctor = (globalThis as { AudioContext?: AudioContextClass }).AudioContext;
  const unlisten = () => {
    target.removeEventListener('pointerdown', arm, true);
    target.removeEventListener('keydown', arm, true);
  };
  const arm = () => {
    unlisten();
    if (!Ctor || context) return;
    try {
      context = new Ctor();
    } catch {
      context = null;
    }
  };
  target.addEventListener('pointerdown', arm, true);
  target.addEventListener('keydown', arm, true);
  return {
    play() {
      if (!context) return;
      try {
        const now = context.currentTime;
        const osc = context.createOscillator();
        const gain = context.createGain();
        osc.type = 'sine';
        osc.frequency.setValueAtTime(880, now);
        osc.frequency.setValueAtTime(1320, now + 0.09);
        gain.gain.setValueAtTime(0.0001, now);
        gain.gain.exponentialRampToValueAtTime(0.12, now + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, now + 0.3);
        osc.connect(gain).connect(context.destination);
        osc.start(now);
        osc.stop(now + 0.32);
      } catch {
        // Sound is a nicety: a browser that refuses it loses nothing else.
      }
    },
    destroy() {
      unlisten();
      void context?.close().catch(() => {});
      context = null;
    },
  };
}
