import type { NodeDef, Topology } from '../topology.js';
import { computeSubtopologies } from './subtopologies.js';

/**
 * The topology as text, in the layout of Kafka's TopologyDescription#toString (nodes ordered as its
 * NodeComparator orders them), so that it can be compared with what Kafka Streams prints.
 */
export function describeTopology(topology: Topology): string {
  const children = new Map<string, string[]>();
  for (const n of topology.nodes) {
    if (n.kind === 'source') continue;
    for (const p of n.parents) children.set(p, [...(children.get(p) ?? []), n.name]);
  }
  const lines = ['Topologies:'];
  const subtopologies = computeSubtopologies(topology);
  // Kafka's NodeComparator: larger downstream sub-tree first (so sources lead), then by name.
  const size = (name: string): number => 1 + (children.get(name) ?? []).reduce((s, c) => s + size(c), 0);
  for (const st of subtopologies) {
    lines.push(`   Sub-topology: ${st.id}`);
    const ordered = [...st.nodes].sort((a, b) => size(b.name) - size(a.name) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const n of ordered) lines.push(...describeNode(n, children.get(n.name) ?? []));
    lines.push('');
  }
  topology.globalStores.forEach((g, i) => {
    lines.push(`  Sub-topology: ${subtopologies.length + i} for global store (will not generate tasks)`);
    lines.push(`    Source: ${g.sourceName} (topics: [${g.topic}])`, `      --> ${g.processorName}`);
    lines.push(`    Processor: ${g.processorName} (stores: [${g.storeName}])`, '      --> none', `      <-- ${g.sourceName}`, '');
  });
  return lines.join('\n');
}

function describeNode(n: NodeDef, children: readonly string[]): string[] {
  const next = `      --> ${children.length === 0 ? 'none' : children.join(', ')}`;
  switch (n.kind) {
    case 'source':
      return [`    Source: ${n.name} (topics: [${n.topics.join(', ')}])`, next];
    case 'processor':
      return [`    Processor: ${n.name} (stores: [${n.stores.join(', ')}])`, next, `      <-- ${n.parents.join(', ')}`];
    case 'sink': {
      const topic = typeof n.topic === 'string' ? `topic: ${n.topic}` : 'topic extractor';
      return [`    Sink: ${n.name} (${topic})`, `      <-- ${n.parents.join(', ')}`];
    }
  }
}
