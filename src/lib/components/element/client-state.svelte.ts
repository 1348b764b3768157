/**
 * The state of one learner device's client on the page: what the snapshot says (through the world client) and what
 * only the screen knows (which room is open, which panel, which dialog, which toasts were put away). One per device,
 * so switching between "Phone" and "Laptop" finds each screen as it was left.
 */
import { SvelteSet } from 'svelte/reactivity';
import type { CommandResult, DeviceCommand, WorldCommand } from '$lib/world/commands';
import type { DeviceSnapshot, RoomTrust, WorldSnapshot } from '$lib/world/world';
import type { RoomView, VerificationView } from '$lib/device/types';
import type { WorldBridge } from '$lib/world-bridge';
import { typedContext } from '$lib/typed-context';
import { edition } from '$lib/i18n/edition.svelte';
import { problemText } from './problem-text';
import type { EncryptionPage } from './settings-2026';
import type { RoomListFilter } from './edition-view';

export type RightPanel =
	| { kind: 'people' }
	| { kind: 'roomInfo' }
	| { kind: 'member'; userId: string }
	/** "Verify User": the explanation and "Start Verification", before a request exists. */
	| { kind: 'verifyUser'; userId: string }
	| { kind: 'verification'; flowId: string };

export type ClientDialog =
	| { kind: 'createRoom' }
	| { kind: 'startChat' }
	| { kind: 'invite'; roomId: string }
	| { kind: 'roomSettings'; roomId: string }
	/**
	 * The user's settings at a tab; today's Element (2026) has the tabs "Encryption" and "Sessions" too, and may open
	 * its Encryption tab at a flow (`page`: a toast's "Get recovery key", "Forgot recovery key?").
	 */
	| { kind: 'settings'; tab?: 'general' | 'security' | 'encryption' | 'sessions'; page?: EncryptionPage }
	| { kind: 'secureBackup' }
	| { kind: 'securityKey' };

export type Room = RoomView & { trust: RoomTrust };

export type { DeviceCommand };

export class ClientState {
	readonly userId: string;
	readonly deviceId: string;
	readonly #world: WorldBridge;

	roomId = $state<string | undefined>();
	panel = $state<RightPanel | undefined>();
	dialog = $state<ClientDialog | undefined>();
	/** 2026: the room list's filter chip that is on (none: every chat). */
	roomFilter = $state<RoomListFilter | undefined>();
	/** On a phone-sized screen one pane shows at a time: the room list or the open room. */
	showRoomOnNarrow = $state(false);
	/** Toasts put away with "Later" (by id). */
	readonly dismissed = new SvelteSet<string>();
	/** Verifications whose end was acknowledged ("Got it", "OK", the mismatch dialog closed). */
	readonly acknowledged = new SvelteSet<string>();
	/** A verification with this account's other device, answered here (shown in a dialog). */
	selfVerification = $state<string | undefined>();
	/** The verification started from this device's "Verify this device" screen. */
	screenVerification = $state<string | undefined>();
	/** The "Verify this device" screen was put off with "I'll verify later". */
	verifyLater = $state(false);
	/** Commands that failed, for the alert line. */
	problem = $state<string | undefined>();
	/** Commands running from this client (buttons show a spinner while theirs runs). */
	readonly running = new SvelteSet<string>();

	constructor(world: WorldBridge, userId: string, deviceId: string) {
		this.#world = world;
		this.userId = userId;
		this.deviceId = deviceId;
	}

	get world(): WorldSnapshot {
		return this.#world.snapshot!;
	}

	#device: DeviceSnapshot | undefined = $derived.by(() => this.#findDevice());
	// Through the device's own list, so that a snapshot which changed only something else (a verification, a
	// toast) keeps the same `rooms` and nothing that lists them runs again.
	#allRooms: Room[] | undefined = $derived(this.#device?.rooms);
	#rooms: Room[] = $derived(this.#allRooms?.filter((r) => r.myMembership === 'join') ?? []);
	#room: Room | undefined = $derived(this.#rooms.find((r) => r.roomId === this.roomId));

	#findDevice(): DeviceSnapshot | undefined {
		return this.#world.snapshot?.devices.find(
			(d) => d.userId === this.userId && d.deviceId === this.deviceId
		);
	}

	/** This device in the latest snapshot (undefined once it is signed out). */
	get device(): DeviceSnapshot | undefined {
		return this.#device;
	}

	/** The rooms this device has joined. */
	get rooms(): Room[] {
		return this.#rooms;
	}

	/** The open room. */
	get room(): Room | undefined {
		return this.#room;
	}

	/**
	 * Runs a command on this device. `tag` names the control that waits for it; a failure is shown in the alert
	 * line unless `quiet` (for things the client tries on its own).
	 */
	async send(command: DeviceCommand, tag?: string, opts: { quiet?: boolean } = {}): Promise<CommandResult> {
		if (tag) this.running.add(tag);
		if (!opts.quiet) this.problem = undefined;
		try {
			const result = await this.#world.send({
				...command,
				userId: this.userId,
				deviceId: this.deviceId
			} as WorldCommand);
			if (!result.ok && !opts.quiet) this.problem = problemText(result.error, edition.current);
			return result;
		} finally {
			if (tag) this.running.delete(tag);
		}
	}

	/** A world command that is not about this device (signing in another one, staging a situation). */
	sendWorld(command: WorldCommand): Promise<CommandResult> {
		return this.#world.send(command);
	}

	isRunning(tag: string): boolean {
		return this.running.has(tag);
	}

	/** A person's name as this client shows it. */
	nameOf(userId: string): string {
		return this.world.users.find((u) => u.userId === userId)?.displayName ?? userId;
	}

	roomName(room: Pick<RoomView, 'name' | 'isDirect' | 'dmUserId' | 'members'>): string {
		if (room.name) return room.name;
		if (room.isDirect && room.dmUserId) return this.nameOf(room.dmUserId);
		const others = room.members.filter(
			(mb) => mb.userId !== this.userId && (mb.membership === 'join' || mb.membership === 'invite')
		);
		return others.map((mb) => mb.displayName).join(', ') || this.nameOf(this.userId);
	}

	verification(flowId: string): (VerificationView & { qrPayload?: number[] }) | undefined {
		return this.device?.verifications.find((v) => v.flowId === flowId);
	}

	openRoom(roomId: string): void {
		this.roomId = roomId;
		this.showRoomOnNarrow = true;
		if (this.panel?.kind === 'roomInfo' || this.panel?.kind === 'people' || this.panel?.kind === 'member') {
			this.panel = { kind: this.panel.kind === 'member' ? 'people' : this.panel.kind };
		}
	}

	/** Shows what the world says this screen shows (a returning learner's steps, redone for them). */
	showScreen(screen: { roomId?: string; profile?: string; verifyLater?: boolean }): void {
		if (screen.roomId) this.openRoom(screen.roomId);
		if (screen.profile) this.panel = { kind: 'member', userId: screen.profile };
		if (screen.verifyLater) this.verifyLater = true;
	}

	togglePanel(kind: 'people' | 'roomInfo'): void {
		this.panel = this.panel?.kind === kind ? undefined : { kind };
	}
}

export const { set: setClientState, get: getClientState } = typedContext<ClientState>(
	'client-state',
	'getClientState() needs a ClientState set by the client.'
);
