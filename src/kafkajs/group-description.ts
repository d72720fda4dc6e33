import type { GroupCoordinator } from '../sim/clients/group-coordinator.js';
import type { GroupDescription } from './types.js';

/**
 * kafkajs' GroupDescription of a group (DescribeGroups), for admin.describeGroups and consumer.describeGroup.
 * memberAssignment / memberMetadata are empty Buffers: streamsim does not encode kafkajs' assigner protocol.
 */
export function describeGroup(coordinator: GroupCoordinator, groupId: string): GroupDescription {
  const d = coordinator.describe(groupId);
  return {
    groupId,
    members: d.members.map((m) => ({
      memberId: m.memberId,
      clientId: m.clientId,
      clientHost: '/127.0.0.1',
      memberAssignment: Buffer.alloc(0),
      memberMetadata: Buffer.alloc(0),
    })),
    protocol: d.members.length > 0 ? 'RoundRobinAssigner' : '',
    protocolType: 'consumer',
    state: d.state,
  };
}
