/**
 * Commands the page sends to the world (through the worker bridge): plain data in, plain data out. Each names the
 * device it acts on by user and device id, because the learner may hold several devices.
 */
import { DeviceActionError, MatrixRequestError, type SimDevice } from '../device/sim-device';
import type { Locale } from '../contacts/phrases';
import type { PersonaChoice } from '../contacts/catalog';
import type { ContactName } from '../contacts/contacts';
import type { Nudge } from '../contacts/types';
import type { LearnerProgress } from '../workshop/protocol';
import type { LearnerScreen, World } from './world';

interface OnDevice {
	userId: string;
	deviceId: string;
}

export type WorldCommand =
	| ({
			type: 'createRoom';
			name?: string;
			topic?: string;
			encrypted: boolean;
			isPublic?: boolean;
			invite?: string[];
	  } & OnDevice)
	| ({ type: 'startDm'; otherUserId: string } & OnDevice)
	| ({ type: 'join'; roomId: string } & OnDevice)
	| ({ type: 'invite'; roomId: string; otherUserId: string } & OnDevice)
	| ({ type: 'leave'; roomId: string } & OnDevice)
	| ({ type: 'enableEncryption'; roomId: string } & OnDevice)
	| ({ type: 'sendText'; roomId: string; body: string } & OnDevice)
	| ({ type: 'requestVerification'; otherUserId: string } & OnDevice)
	| ({ type: 'requestSelfVerification' } & OnDevice)
	| ({ type: 'acceptVerification'; flowId: string } & OnDevice)
	| ({ type: 'cancelVerification'; flowId: string } & OnDevice)
	| ({ type: 'startSas'; flowId: string } & OnDevice)
	| ({ type: 'confirmSas'; flowId: string } & OnDevice)
	| ({ type: 'mismatchSas'; flowId: string } & OnDevice)
	| ({ type: 'showQrCode'; flowId: string } & OnDevice)
	| ({ type: 'scanQrCode'; flowId: string; payload: number[] } & OnDevice)
	| ({ type: 'confirmQrScanned'; flowId: string } & OnDevice)
	/** Secure Backup in one go (scripted moves); the dialog uses the three steps below. */
	| ({ type: 'setupKeyBackup' } & OnDevice)
	/** "Generate a Security Key": returns the key; nothing is set up yet. */
	| ({ type: 'createSecurityKey' } & OnDevice)
	/** "Continue" once the key was kept: the backup and secret storage are created. */
	| ({ type: 'confirmKeyBackup' } & OnDevice)
	/** Cancelled before "Continue": the key is forgotten. */
	| ({ type: 'cancelKeyBackup' } & OnDevice)
	| ({ type: 'restoreFromBackup'; recoveryKey: string } & OnDevice)
	/** "Reset cryptographic identity" / "Can't confirm?": new cross-signing keys; the old key storage is deleted. */
	| ({ type: 'resetIdentity' } & OnDevice)
	/** "Allow key storage" off → "Delete key storage": the backup and the recovery key are deleted. */
	| ({ type: 'deleteKeyStorage' } & OnDevice)
	/** "Export keys": the device's room keys as a key export file, encrypted with the passphrase; returns the file. */
	| ({ type: 'exportRoomKeys'; passphrase: string } & OnDevice)
	/** "Import keys": a key export file's text and its passphrase; returns `{ imported, total }`. */
	| ({ type: 'importRoomKeys'; file: string; passphrase: string } & OnDevice)
	| ({ type: 'withdrawVerification'; otherUserId: string } & OnDevice)
	| ({ type: 'acceptIdentityChange'; otherUserId: string } & OnDevice)
	/** What the learner's screen on this device shows now (the page reports it; lessons' "look at" steps read it). */
	| ({ type: 'screen'; screen: LearnerScreen } & OnDevice)
	| { type: 'addDevice'; userId: string; deviceId: string; displayName?: string }
	| { type: 'removeDevice'; userId: string; deviceId: string }
	| { type: 'settle' }
	/** The language contacts write and speak in (the learner's). */
	| { type: 'setLocale'; locale: Locale }
	/** "Exclude insecure devices" (2026 edition, MSC4153) on or off for the learner's devices. */
	| { type: 'setExcludeInsecureDevices'; on: boolean }
	/**
	 * Adds a scripted contact (the sandbox menu): a kind, or `{ kind, options }` with that persona's options
	 * (`{ kind: 'mitm', options: { target } }`: whom the man in the middle stands in for).
	 */
	| ({ type: 'addContact'; persona: PersonaChoice } & ContactName)
	/** Adds a crowd room of `size` people (1–200), built in the background with `snapshot.progress`. */
	| { type: 'addCrowd'; size: number }
	/** The call panel: the learner phones a contact, says something (a suggested reply or free text), hangs up. */
	| { type: 'startCall'; contactUserId: string }
	| { type: 'sayInCall'; contactUserId: string; text: string }
	| { type: 'endCall'; contactUserId: string }
	/** Makes a contact do its next thing now (Dave: newTablet, Erin: resetIdentity, latecomer: join). */
	| { type: 'nudgeContact'; contactUserId: string; nudge: Nudge }
	/** Lets the contacts act and the world settle (the worker also does this now and then). */
	| { type: 'tick' }
	/** In a classroom's workshop (issue #14): the learner's progress, as their state in the workshop room. */
	| { type: 'workshopReport'; progress: LearnerProgress }
	/** In a classroom's workshop: the learner's answer to the live question's poll (a new answer replaces it). */
	| { type: 'workshopAnswer'; pollEventId: string; answerId: string };

/** A command on one device, without the device: the caller (a client screen, a lesson's moves) fills it in. */
export type DeviceCommand = WorldCommand extends infer C
	? C extends OnDevice
		? Omit<C, keyof OnDevice>
		: never
	: never;

/** What a command gives back: a value, or an error the page can show (never a thrown exception across the bridge). */
export type CommandResult =
	| { ok: true; value?: unknown }
	| { ok: false; error: { kind: 'matrix'; errcode: string; status: number; message: string } }
	| { ok: false; error: { kind: 'action'; reason: string; message: string } }
	| { ok: false; error: { kind: 'internal'; message: string } };

async function run(world: World, cmd: WorldCommand): Promise<unknown> {
	if (cmd.type === 'settle') return world.settle();
	if (cmd.type === 'addDevice') {
		await world.addDevice(cmd.userId, cmd.deviceId, { displayName: cmd.displayName });
		return undefined;
	}
	if (cmd.type === 'removeDevice') return world.removeDevice(cmd.userId, cmd.deviceId);
	if (cmd.type === 'screen') return world.setScreen(cmd.userId, cmd.deviceId, cmd.screen);
	switch (cmd.type) {
		case 'setLocale':
			return world.setLocale(cmd.locale);
		case 'setExcludeInsecureDevices':
			return world.setExcludeInsecureDevices(cmd.on);
		case 'addContact': {
			const { type: _type, persona, ...name } = cmd;
			return contactInfo(await world.addContact(persona, name));
		}
		case 'addCrowd':
			return contactInfo(await world.addCrowd(cmd.size));
		case 'startCall':
			return world.startCall(cmd.contactUserId);
		case 'sayInCall':
			return world.sayInCall(cmd.contactUserId, cmd.text);
		case 'endCall':
			return world.endCall(cmd.contactUserId);
		case 'nudgeContact':
			return world.nudgeContact(cmd.contactUserId, cmd.nudge);
		case 'tick':
			return world.tick();
		case 'workshopReport':
		case 'workshopAnswer':
			throw new DeviceActionError('not-allowed', 'Only a classroom device is in a workshop.');
	}
	return runOnDevice(world.device(cmd.userId, cmd.deviceId), cmd, (d, flowId) => world.showQrCode(d, flowId));
}

/** A command that acts on one device (it names the device by user and device id). */
export type OnDeviceCommand = Extract<WorldCommand, OnDevice>;

/**
 * Runs a command on one device: the device's method of the same name. Shared by the world and the classroom (whose
 * one device talks to a real server); `showQrCode` is the caller's, since the world keeps the codes it showed.
 */
export async function runOnDevice(
	d: SimDevice,
	cmd: Exclude<OnDeviceCommand, { type: 'screen' }>,
	showQrCode: (d: SimDevice, flowId: string) => Promise<number[]>
): Promise<unknown> {
	switch (cmd.type) {
		case 'createRoom':
			return d.createRoom(cmd);
		// The device's method of the same name, on a room, a flow or another user.
		case 'join':
		case 'leave':
		case 'enableEncryption':
			return d[cmd.type](cmd.roomId);
		case 'invite':
			return d.invite(cmd.roomId, cmd.otherUserId);
		case 'sendText':
			return d.sendText(cmd.roomId, cmd.body);
		case 'requestSelfVerification':
		case 'setupKeyBackup':
		case 'createSecurityKey':
		case 'confirmKeyBackup':
		case 'cancelKeyBackup':
		case 'resetIdentity':
		case 'deleteKeyStorage':
			return d[cmd.type]();
		case 'acceptVerification':
		case 'cancelVerification':
		case 'startSas':
		case 'confirmSas':
		case 'mismatchSas':
		case 'confirmQrScanned':
			return d[cmd.type](cmd.flowId);
		case 'showQrCode':
			return showQrCode(d, cmd.flowId);
		case 'scanQrCode':
			return d.scanQrCode(cmd.flowId, Uint8Array.from(cmd.payload));
		case 'restoreFromBackup':
			return d.restoreFromBackup(cmd.recoveryKey);
		case 'exportRoomKeys':
			return d.exportRoomKeys(cmd.passphrase);
		case 'importRoomKeys':
			return d.importRoomKeys(cmd.file, cmd.passphrase);
		case 'startDm':
		case 'requestVerification':
		case 'withdrawVerification':
		case 'acceptIdentityChange':
			return d[cmd.type](cmd.otherUserId);
	}
}

/** What adding a contact gives back: who it is (plain data). */
function contactInfo(persona: Awaited<ReturnType<World['addContact']>>) {
	return { userId: persona.record.userId, persona: persona.kind, displayName: persona.record.displayName };
}

/**
 * Runs a command, then lets the world settle so its effects have travelled, and the contacts react (a tick).
 * Never throws.
 */
export async function dispatch(world: World, cmd: WorldCommand): Promise<CommandResult> {
	try {
		const value = await run(world, cmd);
		// What a screen shows changes nothing in the world: no need to let it settle.
		if (cmd.type !== 'screen') await world.tick();
		return { ok: true, value };
	} catch (e) {
		return failure(e);
	}
}

/** A thrown error as a command's result (plain data for the page). */
export function failure(e: unknown): Extract<CommandResult, { ok: false }> {
	if (e instanceof MatrixRequestError) {
		return {
			ok: false,
			error: { kind: 'matrix', errcode: e.errcode, status: e.status, message: e.message }
		};
	}
	if (e instanceof DeviceActionError) {
		return { ok: false, error: { kind: 'action', reason: e.reason, message: e.message } };
	}
	return { ok: false, error: { kind: 'internal', message: e instanceof Error ? e.message : String(e) } };
}
