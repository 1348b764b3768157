/**
 * Reading a lesson's view of the world: the helpers steps' predicates are written with. All pure, over the snapshot.
 */
import type { RoomShield } from '../device/trust';
import { understand, type Intent } from '../contacts/understand';
import type { LearnerAsSeen } from '../contacts/types';
import type { UserTrust, VerificationView } from '../device/types';
import { LEARNER_PHONE } from '../scenario/sandbox';
import type { DeviceSnapshot, LearnerScreen, WorldSnapshot } from '../world/world';
import type { LessonView } from './types';

export type LessonRoom = DeviceSnapshot['rooms'][number];

export function lessonView(snapshot: WorldSnapshot, learner: string): LessonView {
	return { snapshot, learner };
}

/** A person's user id by localpart (`bob` → `@bob:…`), or undefined while they are not in the world. */
export function userIdOf(view: LessonView | WorldSnapshot, localpart: string): string | undefined {
	const snapshot = 'snapshot' in view ? view.snapshot : view;
	return snapshot.users.find((u) => u.userId.startsWith(`@${localpart}:`))?.userId;
}

/** One of the learner's devices (the phone by default). */
export function learnerDevice(view: LessonView, deviceId = LEARNER_PHONE): DeviceSnapshot | undefined {
	return view.snapshot.devices.find((d) => d.userId === view.learner && d.deviceId === deviceId);
}

/** What the learner's screen on a device shows now (the open room, an open profile), as the page reported it. */
export function screenOf(view: LessonView, deviceId = LEARNER_PHONE): LearnerScreen {
	return learnerDevice(view, deviceId)?.screen ?? {};
}

/** The rooms the learner has joined on a device. */
export function joinedRooms(view: LessonView, deviceId = LEARNER_PHONE): LessonRoom[] {
	return learnerDevice(view, deviceId)?.rooms.filter((r) => r.myMembership === 'join') ?? [];
}

/** The learner's DM with a contact (by localpart), once both are in it. */
export function dmWith(
	view: LessonView,
	localpart: string,
	deviceId = LEARNER_PHONE
): LessonRoom | undefined {
	const other = userIdOf(view, localpart);
	if (!other) return undefined;
	return joinedRooms(view, deviceId).find((r) => r.isDirect && hasJoined(r, other));
}

/** This person is in the room (joined, not only invited or gone). */
export function hasJoined(room: LessonRoom, userId: string | undefined): boolean {
	return room.members.some((mb) => mb.userId === userId && mb.membership === 'join');
}

/** A joined room by its name. */
export function roomNamed(view: LessonView, name: string, deviceId = LEARNER_PHONE): LessonRoom | undefined {
	return joinedRooms(view, deviceId).find((r) => r.name === name);
}

/** The room's shield as the learner's device shows it. */
export function shieldOf(room: LessonRoom | undefined): RoomShield | undefined {
	return room?.trust.room.shield;
}

/** What the learner's device knows of a contact (from any shared room). */
export function trustOf(
	view: LessonView,
	localpart: string,
	deviceId = LEARNER_PHONE
): UserTrust | undefined {
	const other = userIdOf(view, localpart);
	const rooms = learnerDevice(view, deviceId)?.rooms ?? [];
	return other ? rooms.map((room) => room.trust.members[other]?.trust).find((t) => !!t) : undefined;
}

/**
 * What a contact's own client shows about the learner (read from the contact's crypto; only for the contacts that
 * watch it, such as Bob): verified, and whether the identity-reset banner about the learner shows there.
 */
export function contactSees(view: LessonView, localpart: string): LearnerAsSeen | undefined {
	const other = userIdOf(view, localpart);
	return view.snapshot.contacts.find((c) => c.userId === other)?.seesLearner;
}

/** Has the learner verified this contact (signed their identity) on that device? */
export function hasVerified(view: LessonView, localpart: string, deviceId = LEARNER_PHONE): boolean {
	return trustOf(view, localpart, deviceId)?.verified === true;
}

/** The learner's verifications with a contact (or with themself: `localpart` undefined), newest last. */
export function verificationsWith(
	view: LessonView,
	localpart: string | undefined,
	deviceId = LEARNER_PHONE
): VerificationView[] {
	const other = localpart ? userIdOf(view, localpart) : view.learner;
	return learnerDevice(view, deviceId)?.verifications.filter((v) => v.otherUserId === other) ?? [];
}

/** Messages of a room's timeline (`m.room.message`), optionally by one sender. */
export function messagesIn(room: LessonRoom | undefined, sender?: string) {
	return (room?.timeline ?? []).filter(
		(e) => e.type === 'm.room.message' && (sender === undefined || e.sender === sender)
	);
}

/** The learner wrote, in one of these rooms, something a contact understands as `intent` (asked what happened). */
export function learnerAsked(view: LessonView, rooms: (LessonRoom | undefined)[], intent: Intent): boolean {
	return rooms.some((room) =>
		messagesIn(room, view.learner).some((e) => understand(String(e.content.body ?? '')) === intent)
	);
}
