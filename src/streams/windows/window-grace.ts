import { TopologyError } from '../../sim/errors.js';
import type { Topology } from '../../sim/topology.js';

/** Grace period (ms) of each windowed aggregation node, per topology: what suppress(untilWindowCloses) waits for. */
const graceByTopology = new WeakMap<Topology, Map<string, number>>();

/**
 * Records that `nodeName` is a windowed aggregation whose windows close `graceMs` after their end
 * (session windows: gap + grace, as Kafka's GracePeriodGraphNode).
 */
export function registerWindowGrace(topology: Topology, nodeName: string, graceMs: number): void {
  let byNode = graceByTopology.get(topology);
  if (byNode === undefined) graceByTopology.set(topology, (byNode = new Map()));
  byNode.set(nodeName, graceMs);
}

/**
 * Kafka's GraphGraceSearchUtil#findAndVerifyWindowGrace: walks up from `nodeName` to the windowed
 * aggregations feeding it and returns the largest of their grace periods; fails when some path reaches a
 * source without passing one.
 */
export function findWindowGrace(topology: Topology, nodeName: string, chain = ''): number {
  const own = graceByTopology.get(topology)?.get(nodeName);
  if (own !== undefined) return own;
  const newChain = chain === '' ? nodeName : `${nodeName}->${chain}`;
  const node = topology.node(nodeName);
  if (node === undefined || node.kind === 'source') {
    throw new TopologyError(
      `Window close time is only defined for windowed computations. Got [${newChain}]. ` +
        'Suppressed.untilWindowCloses needs a windowed aggregation (windowedBy(...).count/reduce/aggregate) upstream; ' +
        'use Suppressed.untilTimeLimit for other tables.',
    );
  }
  let inherited = -1;
  for (const parent of node.parents) inherited = Math.max(inherited, findWindowGrace(topology, parent, newChain));
  return inherited;
}
