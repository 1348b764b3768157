/**
 * Multi-device flows built from SimDevice steps, as scripted people (and scenario set-ups) perform them:
 * each step is a real protocol step, followed by letting the world settle.
 */
import type { SimDevice } from '../device/sim-device';
import type { VerificationView } from '../device/types';
import { isIncomingRequest } from '../device/verification-phase';
import type { World } from './world';

/** One person opens a DM with another, who accepts the invite: the usual start of a conversation. */
export async function openDm(world: World, from: SimDevice, to: SimDevice): Promise<string> {
	const roomId = await from.startDm(to.userId);
	await world.settle();
	await to.join(roomId);
	await world.settle();
	return roomId;
}

/** One person creates a room (encrypted or not) and invites another, who joins. */
export async function openRoom(
	world: World,
	from: SimDevice,
	to: SimDevice,
	room: { name: string; encrypted: boolean }
): Promise<string> {
	const roomId = await from.createRoom({ ...room, invite: [to.userId] });
	await world.settle();
	await to.join(roomId);
	await world.settle();
	return roomId;
}

export function flowOn(device: SimDevice, flowId: string): VerificationView {
	const v = device.verification(flowId);
	if (!v) throw new Error(`${device.userId}/${device.deviceId} does not know verification ${flowId}.`);
	return v;
}

/** Finds the newest incoming request on a device (from a person, or a self-verification). */
export function incomingRequest(device: SimDevice, from?: string): VerificationView | undefined {
	return device
		.verifications()
		.filter((v) => isIncomingRequest(v) && (!from || v.otherUserId === from))
		.at(-1);
}

/**
 * Verifies by emoji from `initiator` to `responder` (both confirm: "They match"). For self-verification pass two
 * devices of the same person. Returns the emoji indices each side saw.
 */
export async function verifyBySas(
	world: World,
	initiator: SimDevice,
	responder: SimDevice
): Promise<{ flowId: string; initiatorEmoji: number[]; responderEmoji: number[] }> {
	const flowId =
		initiator.userId === responder.userId
			? await initiator.requestSelfVerification()
			: await initiator.requestVerification(responder.userId);
	await world.settle();
	// Verifying someone new opens a DM with them: they accept its invite first.
	for (const invite of responder.pendingInvites()) {
		if (invite.isDirect && invite.inviter === initiator.userId) await responder.join(invite.roomId);
	}
	await world.settle();
	await responder.acceptVerification(flowId);
	await world.settle();
	await initiator.startSas(flowId);
	await world.settle();
	const initiatorEmoji = flowOn(initiator, flowId).sas?.emojiIndex ?? [];
	const responderEmoji = flowOn(responder, flowId).sas?.emojiIndex ?? [];
	await responder.confirmSas(flowId);
	await initiator.confirmSas(flowId);
	await world.settle();
	return { flowId, initiatorEmoji, responderEmoji };
}
