import { decodeAgentHandshake, errorFrame } from '@switchboard/shared';
import type { ExtendedError } from 'socket.io';
import { failureFrame } from '../../engine/failure.js';
import type { RelaySocket, TransportContext } from '../context.js';
import { refusal } from '../frames.js';

/** The agent namespace's handshake: the console's origin, then the agent's token. */
export function agentHandshake(ctx: TransportContext) {
  return async (socket: RelaySocket, next: (err?: ExtendedError) => void) => {
    try {
      await ctx.ready;
      const { origin, host } = socket.handshake.headers;
      if (!ctx.originPolicy.allowsAgent(origin, host)) {
        return next(refusal(errorFrame('FORBIDDEN_ORIGIN')));
      }
      const auth = socket.handshake.auth as { token?: unknown } | undefined;
      const decoded = decodeAgentHandshake(auth);
      if (!decoded.ok) {
        const noToken = typeof auth?.token !== 'string' || auth.token === '';
        return next(
          refusal(
            decoded.error.code !== 'PROTOCOL_MISMATCH' && noToken
              ? errorFrame('UNAUTHORIZED')
              : decoded.error,
          ),
        );
      }
      const result = await ctx.agents.authenticate(decoded.value.token, Date.now());
      if (!result.ok) return next(refusal(errorFrame(result.code)));
      socket.data.agent = { agent: result.agent, hello: false, expiresAt: result.expiresAt };
      next();
    } catch (error) {
      ctx.logger.error({ err: error }, 'agent handshake failed');
      next(refusal(failureFrame(error)));
    }
  };
}
