import type { GroupRecord, MemberRecord, MemberStatus } from './store.ts';

/* Who is in a group and what they may do (pure rules over the stored records). */

const PRESENT: readonly MemberStatus[] = ['creator', 'administrator', 'member'];

export const isPresent = (member: MemberRecord | undefined): boolean =>
  member !== undefined && PRESENT.includes(member.status);

export function memberOf(group: GroupRecord, userId: number): MemberRecord | undefined {
  return group.members.find((m) => m.user_id === userId);
}

/** Whether this member may manage topics: the owner, or an administrator given the right. */
export function managesTopics(member: MemberRecord | undefined): boolean {
  return member?.status === 'creator' || (member?.status === 'administrator' && !!member.can_manage_topics);
}

export const kindOf = (group: GroupRecord) =>
  group.type === 'supergroup' ? 'supergroup chat' : 'group chat';
