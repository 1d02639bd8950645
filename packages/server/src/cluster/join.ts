// A relay joining a cluster: its Redis connection (the cluster's messages, and socket.io's Redis
// streams adapter for broadcasts that are not the core's), the lease, and the node that stands in
// for the engine.
import { hostname } from 'node:os';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Logger } from 'pino';
import type { Server } from 'socket.io';
import type { Config } from '../config.js';
import type { Command, SendEffect } from '../core/types.js';
import type { Engine } from '../engine/engine.js';
import type { Store } from '../store/types.js';
import { connectBus } from './bus.js';
import { type ClusterNode, createClusterNode, type OwnerParts, type SharedChange } from './node.js';

export interface JoinOptions {
  config: Config;
  store: Store;
  logger: Logger;
  now: () => number;
  ownerEngine(parts: OwnerParts): Engine;
  deliverHere(sends: SendEffect[]): void;
  present(): Command[];
  /** The socket.io server (built after the node): the adapter is attached once Redis is up. */
  io(): Server;
  /** Sent from the node that owns the routing core only (started and stopped with it). */
  webhooks: { start(): Promise<void>; stop(): Promise<void> };
  /** Another node changed something every node keeps in memory. */
  onChange(what: SharedChange): void;
}

/** This process's name in the cluster when the config gives none: host and process id. */
export const defaultNodeId = (): string =>
  `${hostname()
    .replace(/[^A-Za-z0-9._-]/g, '-')
    .slice(0, 48)}-${process.pid}`;

/**
 * The cluster node for a relay whose config has `cluster.redisUrl` (and `storage.url`).
 * @example const engine = joinCluster({ config, store, logger, now, ownerEngine, deliverHere, present, io, webhooks })
 */
export function joinCluster(options: JoinOptions): ClusterNode {
  const { config, store, logger } = options;
  const url = config.cluster.redisUrl!;
  if (!store.leases) throw new Error('a cluster needs a store with leases (PostgreSQL)');
  const nodeId = config.cluster.nodeId ?? defaultNodeId();
  const log = logger.child({ node: nodeId });
  let redisDown = false;
  return createClusterNode({
    nodeId,
    leases: store.leases,
    leaseTtlMs: config.cluster.leaseTtlMs,
    now: options.now,
    logger: log,
    ownerEngine: options.ownerEngine,
    deliverLocal: options.deliverHere,
    present: options.present,
    async bus() {
      const bus = await connectBus(url, (error) => {
        // Logged once per outage, not once per reconnect try.
        if (!redisDown) log.warn({ err: error }, 'Redis connection failed; retrying');
        redisDown = true;
      });
      bus.client.on('ready', () => {
        if (redisDown) log.info('Redis connection back');
        redisDown = false;
      });
      options.io().adapter(createAdapter(bus.client, { streamName: 'sb:socket.io' }));
      return bus;
    },
    onChange: options.onChange,
    onOwnership(owner) {
      void (owner ? options.webhooks.start() : options.webhooks.stop());
    },
  });
}
