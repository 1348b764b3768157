/**
 * The snapshot projector: what the page shows, as plain data, worked out from the world's devices. One read of the
 * crypto's trust per device serves the room, member and message shields of every room it is in.
 */
import type { Homeserver } from '../homeserver';
import type { SimDevice } from '../device/sim-device';
import {
	memberShield,
	messageShield,
	roomShield,
	type MemberShield,
	type MessageShield,
	type RoomShieldResult
} from '../device/trust';
import type { BackupState, CrossSigningState, RoomView, UserTrust, VerificationView } from '../device/types';
import type { Locale } from '../contacts/phrases';
import type { ContactInfo, Progress, Suggestions } from '../contacts/types';
import type { Edition, WorkshopSettings } from '../workshop/protocol';
import type { World } from './world';

/** The shields of one room as a viewer's device sees them. */
export interface RoomTrust {
	room: RoomShieldResult;
	members: Record<string, { shield: MemberShield; trust: UserTrust }>;
	/** Message shield per event id. */
	messages: Record<string, MessageShield>;
}

/**
 * What the learner's screen on one device shows, as the page reports it: the open room, whose profile is open, and
 * whether "Verify this device" was put off. The world keeps it for the lessons' "look at …" steps.
 */
export interface LearnerScreen {
	roomId?: string;
	/** The user whose profile (with their sessions) is open in the right panel. */
	profile?: string;
	verifyLater?: boolean;
}

export interface DeviceSnapshot {
	userId: string;
	deviceId: string;
	displayName: string;
	rooms: (RoomView & { trust: RoomTrust })[];
	invites: { roomId: string; inviter: string; name: string; isDirect: boolean }[];
	/** With the QR code's payload once this device has shown one for the flow. */
	verifications: (VerificationView & { qrPayload?: number[] })[];
	crossSigning: CrossSigningState;
	backup: BackupState;
	/** The viewer's own account as this device knows it: every session, and whether its owner verified it. */
	own: UserTrust;
	/** What the page last reported this device's screen to show. */
	screen: LearnerScreen;
}

/** A contact on the phone with the learner during a verification, reading out the emoji on *their* screen. */
export interface CallSnapshot {
	contactUserId: string;
	contactName: string;
	flowId?: string;
	emojiIndex?: number[];
	/** What the contact says, newest last, in the learner's language. */
	lines: string[];
	/** Things the learner can say in the call (command `sayInCall`), in the world's language. */
	replies?: string[];
	/** The learner hung up: the panel offers to call again (command `startCall`). */
	ended?: boolean;
}

export interface WorldSnapshot {
	users: { userId: string; displayName: string; devices: string[] }[];
	devices: DeviceSnapshot[];
	server: ReturnType<Homeserver['serverView']>;
	/** The scripted contacts, with a description for instructors (in the world's language). */
	contacts: ContactInfo[];
	calls: CallSnapshot[];
	/** The language contacts write and speak in. */
	locale: Locale;
	/** "Exclude insecure devices" (2026 edition) is on for the learner's devices: the crypto library enforces it. */
	excludeInsecureDevices: boolean;
	/** While the crowd is being created. */
	progress?: Progress;
	/** Suggested replies for the composer: what the contacts in each room understand. */
	suggestions: Suggestions[];
	/** In a classroom (a real server, classroom.ts): who the learner is there, and who else is. */
	classroom?: ClassroomView;
}

/** Someone else with an account on the classroom server. */
export interface Classmate {
	userId: string;
	displayName: string;
	/** A learner (not the instructor, not a scripted contact running on the server). */
	learner: boolean;
	/** This device's crypto has verified their identity. */
	verified: boolean;
}

export interface ClassroomView {
	/** The classroom server's address. */
	homeserver: string;
	userId: string;
	displayName: string;
	/** Everyone else on the server, learners first, in the order of their names. */
	people: Classmate[];
	/** The crypto lives in this browser's storage (survives a reload); false: only for this tab. */
	kept: boolean;
	/** The workshop room (issue #14), when the server has one: what the instructor set, and the live question. */
	workshop?: WorkshopView;
}

export interface WorkshopView {
	roomId: string;
	settings: WorkshopSettings;
	/** The quiz's current question, once its poll is known. */
	poll?: {
		eventId: string;
		set: string;
		question: string;
		edition: Edition;
		/** The answer ids (the quiz question's choice ids), in the poll's order. */
		answers: string[];
		/** The instructor ended the poll (the reveal). */
		closed: boolean;
		/** The learner's answer that counts, as the server has it. */
		myAnswer?: string;
		/** The right answer, once the poll is closed. */
		correct?: string;
	};
}

/** What the projector reads of the world besides its public face: the parts only the world itself holds. */
export interface SnapshotSource {
	world: World;
	displayNames: ReadonlyMap<string, string>;
	/** The attacker's devices, which nobody sees. */
	hidden: (device: SimDevice) => boolean;
	/** The QR code a device showed for a flow. */
	qrCode: (device: SimDevice, flowId: string) => number[] | undefined;
	/** What the page last reported this device's screen to show. */
	screen: (device: SimDevice) => LearnerScreen;
}

/** Everything the page shows, as plain data. Devices of `viewers` (default: everyone) get full room detail. */
export async function projectSnapshot(source: SnapshotSource, viewers?: string[]): Promise<WorldSnapshot> {
	const { world } = source;
	const full = new Set((viewers ?? [...source.displayNames.keys()]).map((v) => world.userId(v)));
	const devices: DeviceSnapshot[] = [];
	for (const d of world.allDevices()) {
		if (!full.has(d.userId) || d.isClosed || source.hidden(d)) continue;
		devices.push(await projectDevice(d, (flowId) => source.qrCode(d, flowId), source.screen(d)));
	}
	return {
		users: [...source.displayNames].map(([userId, displayName]) => ({
			userId,
			displayName,
			devices: world.devicesOf(userId).map((d) => d.deviceId)
		})),
		devices,
		server: world.hs.serverView(),
		contacts: world.contacts.contactList(world.locale),
		calls: world.contacts.callList(world.locale),
		locale: world.locale,
		excludeInsecureDevices: world.excludeInsecureDevices,
		...(world.contacts.progress ? { progress: world.contacts.progress } : {}),
		suggestions: world.contacts.suggestionList(world.locale)
	};
}

/** One device as the page shows it: its rooms with their shields, invites, verifications, cross-signing, backup. */
export async function projectDevice(
	d: SimDevice,
	qrCode: (flowId: string) => number[] | undefined,
	screen: LearnerScreen
): Promise<DeviceSnapshot> {
	// One read of the crypto's trust per device serves every room: the room, member and message shields are
	// all worked out from it, so they always agree with each other and with the current verification state.
	const views = d.roomViews();
	const trust = await readTrust(d, views);
	const rooms: DeviceSnapshot['rooms'] = views.map((view) => ({
		...structuredClone(view),
		trust: roomTrust(d.userId, view, trust)
	}));
	return {
		userId: d.userId,
		deviceId: d.deviceId,
		displayName: d.displayName,
		rooms,
		invites: d.pendingInvites(),
		verifications: d.verifications().map((v) => {
			const qrPayload = qrCode(v.flowId);
			return qrPayload ? { ...v, qrPayload } : v;
		}),
		crossSigning: await d.crossSigningState(),
		backup: await d.backupState(),
		own: trust.get(d.userId)!,
		screen
	};
}

/** The current trust of everyone whose keys matter in these rooms: the viewer, the members, and every sender. */
export async function readTrust(viewer: SimDevice, views: RoomView[]): Promise<Map<string, UserTrust>> {
	const users = new Set([viewer.userId]);
	for (const view of views) {
		for (const m of view.members)
			if (m.membership === 'join' || m.membership === 'invite') users.add(m.userId);
		for (const entry of view.timeline) if (entry.encrypted) users.add(entry.sender);
	}
	const trust = await viewer.userTrust([...users]);
	return new Map(trust.map((t) => [t.userId, t]));
}

/** The shields of one room from the viewer's current trust in people (see `readTrust`). */
export function roomTrust(viewerId: string, view: RoomView, trust: Map<string, UserTrust>): RoomTrust {
	const others = view.members
		.filter((m) => (m.membership === 'join' || m.membership === 'invite') && m.userId !== viewerId)
		.map((m) => trust.get(m.userId)!);
	const members: RoomTrust['members'] = {};
	for (const t of others) members[t.userId] = { shield: memberShield(t), trust: t };
	const messages: RoomTrust['messages'] = {};
	let encryptedYet = false;
	for (const entry of view.timeline) {
		if (entry.type === 'm.room.encryption' && entry.stateKey === '') encryptedYet = true;
		messages[entry.eventId] = messageShield(entry, encryptedYet, trust.get(entry.sender));
	}
	return {
		room: roomShield({
			encrypted: !!view.encryption,
			isDirect: view.isDirect,
			me: trust.get(viewerId)!,
			others
		}),
		members,
		messages
	};
}
