/**
 * Reading trust out of a device's crypto: what it knows about a user's identity and devices, its own cross-signing
 * state, and the two answers to an identity change (withdraw the verification, or accept the new identity).
 */
import {
	OtherUserIdentity,
	OwnUserIdentity,
	UserId,
	type OlmMachine
} from '@matrix-org/matrix-sdk-crypto-wasm';
import { DeviceActionError } from './errors';
import type { CrossSigningState, DeviceTrust, UserTrust } from './types';

/** What this device's crypto knows about one user (identity, devices, verification). */
export async function readUserTrust(machine: OlmMachine, userId: string): Promise<UserTrust> {
	const identity = await machine.getIdentity(new UserId(userId));
	const devices = await machine.getUserDevices(new UserId(userId), 0);
	const deviceTrust: DeviceTrust[] = devices.devices().map((d) => {
		const t: DeviceTrust = {
			deviceId: d.deviceId.toString(),
			displayName: d.displayName,
			signedByOwner: d.isCrossSignedByOwner(),
			verified: d.isVerified()
		};
		d.free();
		return t;
	});
	devices.free();
	const trust: UserTrust = {
		userId,
		hasIdentity: identity !== undefined,
		verified: identity?.isVerified() ?? false,
		wasVerified: identity?.hasVerificationViolation() ?? false,
		needsApproval: identity instanceof OtherUserIdentity ? identity.identityNeedsUserApproval() : false,
		devices: deviceTrust
	};
	identity?.free();
	return trust;
}

/** This device's cross-signing keys, and whether its own identity signed it (as the server says). */
export async function readCrossSigningState(
	machine: OlmMachine,
	ownUserId: string
): Promise<CrossSigningState> {
	const status = await machine.crossSigningStatus();
	const own = await machine.getIdentity(new UserId(ownUserId));
	const deviceVerified = own instanceof OwnUserIdentity ? await own.trustsOurOwnDevice() : false;
	const state = {
		hasMaster: status.hasMaster,
		hasSelfSigning: status.hasSelfSigning,
		hasUserSigning: status.hasUserSigning,
		deviceVerified
	};
	status.free();
	own?.free();
	return state;
}

/** "Withdraw verification" for someone whose identity changed. */
export async function withdrawVerification(machine: OlmMachine, userId: string): Promise<void> {
	const identity = await machine.getIdentity(new UserId(userId));
	if (!identity) throw new DeviceActionError('no-identity', `${userId} has no cryptographic identity.`);
	await identity.withdrawVerification();
	identity.free();
}

/** "OK" on the banner of a person never verified: their new identity is accepted. */
export async function acceptIdentityChange(machine: OlmMachine, userId: string): Promise<void> {
	const identity = await machine.getIdentity(new UserId(userId));
	if (identity instanceof OtherUserIdentity) await identity.pinCurrentMasterKey();
	identity?.free();
}
