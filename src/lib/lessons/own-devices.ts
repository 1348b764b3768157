/**
 * Helpers for the lessons about the learner's own devices (Secure Backup, a new Laptop, restoring history): the
 * scenario they start from, what the Phone and the Laptop hold, and the steps and moves these lessons share.
 */
import type { VerificationView } from '../device/types';
import type { Locale } from '../paraglide/runtime';
import type { Scenario } from '../scenario/scenario';
import { BOB, dmRoom, LEARNER, LEARNER_LAPTOP, LEARNER_PHONE, learnerPerson } from '../scenario/sandbox';
import type { DeviceSnapshot } from '../world/world';
import { LessonDriverError, lookAt, type LessonDriver } from './driver';
import { headerOf } from './outline';
import type { Lesson, LessonMistake, LessonStep, LessonToday, LessonView, StepTexts, Text } from './types';
import { dmWith, learnerDevice, screenOf, type LessonRoom } from './view';

/**
 * The learner on their Phone with Bob and their encrypted chat; with `history`, the chat's earlier lines (Bob's, then
 * the learner's), which a new device can only read with the keys.
 */
export function ownDevicesScenario(locale: Locale, history?: { bob: Text; you: Text }): Scenario {
	const t = { locale };
	const lines = history && [
		{ from: 'bob', body: history.bob({}, t) },
		{ from: LEARNER, body: history.you({}, t) }
	];
	return { people: [learnerPerson(locale), BOB], rooms: [dmRoom('bob', lines)] };
}

/**
 * How a lesson with the learner's Laptop to sign in on starts, `{ ...ownDevicesLesson('secure-backup', history),
 * steps, … }`: its header (`headerOf`, with `today`'s 2026 summary), the Laptop, and `ownDevicesScenario`.
 */
export function ownDevicesLesson(
	id: string,
	history?: { bob: Text; you: Text },
	today?: Pick<LessonToday, 'summary'>
): ReturnType<typeof headerOf> & Pick<Lesson, 'features' | 'scenario'> {
	return {
		...headerOf(id, today),
		features: { laptop: true },
		scenario: (locale) => ownDevicesScenario(locale, history)
	};
}

export const laptopOf = (v: LessonView) => learnerDevice(v, LEARNER_LAPTOP);
export const phoneOf = (v: LessonView) => learnerDevice(v, LEARNER_PHONE);

/** The device keeps a backup that holds every room key it has (and it has some). */
export function backupComplete(device: DeviceSnapshot | undefined): boolean {
	const b = device?.backup;
	return !!b && b.exists && b.enabled && b.hasKey && b.keysTotal > 0 && b.keysBackedUp === b.keysTotal;
}

/** The DM with a contact as one of the learner's devices sees it (the Phone's DM, found by its room id). */
export function dmOn(v: LessonView, localpart: string, deviceId: string): LessonRoom | undefined {
	const roomId = dmWith(v, localpart)?.roomId;
	if (!roomId) return undefined;
	return learnerDevice(v, deviceId)?.rooms.find((r) => r.roomId === roomId && r.myMembership === 'join');
}

/** The encrypted messages of a room (decrypted or not). */
export function encryptedMessages(room: LessonRoom | undefined) {
	return (room?.timeline ?? []).filter(
		(e) => e.encrypted && (e.type === 'm.room.message' || e.type === 'm.room.encrypted')
	);
}

/** Some encrypted messages of the room cannot be read on this device: "Unable to decrypt message". */
export function hasUnreadable(room: LessonRoom | undefined): boolean {
	return encryptedMessages(room).some((e) => e.utd);
}

/** Every encrypted message of the room can be read on this device (and there are some). */
export function allReadable(room: LessonRoom | undefined): boolean {
	const msgs = encryptedMessages(room);
	return msgs.length > 0 && msgs.every((e) => !e.utd);
}

/** The verification between the learner's Phone and Laptop that is still going on, as a device sees it. */
export function liveSelfVerification(device: DeviceSnapshot | undefined): VerificationView | undefined {
	return device?.verifications
		.filter((f) => f.isSelfVerification && f.phase !== 'done' && f.phase !== 'cancelled')
		.at(-1);
}

/** A Security Key per world (driver): the one the learner saw when Secure Backup was set up. */
const securityKeys = new WeakMap<LessonDriver, string>();

/** "Set up Secure Backup" on the Phone; remembers the Security Key for later moves. */
export async function setUpBackup(d: LessonDriver, deviceId = LEARNER_PHONE): Promise<void> {
	const key = await d.act({ type: 'setupKeyBackup' }, deviceId);
	if (typeof key !== 'string') throw new LessonDriverError('setupKeyBackup gave no Security Key.');
	securityKeys.set(d, key);
}

export function securityKeyOf(d: LessonDriver): string {
	const key = securityKeys.get(d);
	if (!key) throw new LessonDriverError('No Security Key yet: Secure Backup was not set up in this world.');
	return key;
}

/** "Sign in on another device": the learner's Laptop. */
export async function signInOnLaptop(d: LessonDriver, displayName = 'Laptop'): Promise<void> {
	await d.send({ type: 'addDevice', userId: d.learner, deviceId: LEARNER_LAPTOP, displayName });
}

/** The learner opens the chat with Bob on the Laptop (with "Verify this device" put off, if `verifyLater`). */
export async function openChatOnLaptop(
	d: LessonDriver,
	screen: { verifyLater?: boolean } = {}
): Promise<void> {
	const dm = dmOn(await d.view(), 'bob', LEARNER_LAPTOP);
	if (!dm) throw new Error('The Laptop is not in the chat with Bob.');
	await lookAt(d, { roomId: dm.roomId, ...screen }, LEARNER_LAPTOP);
}

/** "Restore from Backup" on the Laptop with the Security Key, then the chat with Bob there. */
export async function restoreOnLaptop(
	d: LessonDriver,
	screen: { verifyLater?: boolean } = {}
): Promise<void> {
	await d.act({ type: 'restoreFromBackup', recoveryKey: securityKeyOf(d) }, LEARNER_LAPTOP);
	await openChatOnLaptop(d, screen);
}

/** The chat with Bob is open on the Laptop and every encrypted message in it reads there. */
export function laptopReadsChat(v: LessonView): boolean {
	const dm = dmOn(v, 'bob', LEARNER_LAPTOP);
	return allReadable(dm) && screenOf(v, LEARNER_LAPTOP).roomId === dm?.roomId;
}

/** "Set up Secure Backup" on the Phone: done once the Phone's backup holds every room key it has. */
export function phoneBackupStep(id: string, texts: StepTexts, mistakes?: LessonMistake[]): LessonStep {
	const step: LessonStep = { id, ...texts, done: (v) => backupComplete(phoneOf(v)) };
	return mistakes ? { ...step, mistakes } : step;
}

/** "Sign in on another device": done once the Laptop exists. */
export function laptopStep(id: string, texts: StepTexts): LessonStep {
	return { id, ...texts, done: (v) => laptopOf(v) !== undefined };
}
