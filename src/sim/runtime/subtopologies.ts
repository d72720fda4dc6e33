import type { NodeDef, Topology } from '../topology.js';

/** A connected part of the graph: its nodes run together in one task per partition (Kafka's node group). */
export interface Subtopology {
  readonly id: number;
  /** Its nodes in topology order (the order they were added). */
  readonly nodes: readonly NodeDef[];
  /** Topics its sources read (short names for internal topics). */
  readonly sourceTopics: readonly string[];
  /** Fixed topics its sinks write. */
  readonly sinkTopics: readonly string[];
  readonly storeNames: readonly string[];
}

/**
 * Groups nodes into sub-topologies as Kafka's InternalTopologyBuilder#makeNodeGroups does: nodes joined by
 * parent links or by a shared state store are one group; topics (repartition topics included) are the only
 * edges between groups. Groups are numbered in the order of their first node.
 */
export function computeSubtopologies(topology: Topology): Subtopology[] {
  const nodes = topology.nodes;
  const parent = new Map<string, string>();
  const find = (n: string): string => {
    let r = n;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(n, r);
    return r;
  };
  const union = (a: string, b: string): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(rb, ra);
  };
  for (const n of nodes) parent.set(n.name, n.name);
  const storeOwner = new Map<string, string>();
  for (const n of nodes) {
    if (n.kind !== 'source') for (const p of n.parents) union(p, n.name);
    if (n.kind === 'processor') {
      for (const s of n.stores) {
        const owner = storeOwner.get(s);
        if (owner === undefined) storeOwner.set(s, n.name);
        else union(owner, n.name);
      }
    }
  }
  const groups = new Map<string, NodeDef[]>();
  for (const n of nodes) {
    const r = find(n.name);
    let g = groups.get(r);
    if (g === undefined) groups.set(r, (g = []));
    g.push(n);
  }
  return [...groups.values()].map((group, id) => ({
    id,
    nodes: group,
    sourceTopics: group.flatMap((n) => (n.kind === 'source' ? n.topics : [])),
    sinkTopics: group.flatMap((n) => (n.kind === 'sink' && typeof n.topic === 'string' ? [n.topic] : [])),
    storeNames: [...new Set(group.flatMap((n) => (n.kind === 'processor' ? n.stores : [])))],
  }));
}
