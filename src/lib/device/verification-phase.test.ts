import { afterEach, describe, expect, it } from 'vitest';
import { flowOn, openDm } from '../world/flows';
import { World } from '../world/world';
import type { SimDevice } from './sim-device';
import type { VerificationView } from './types';
import {
	cancelReason,
	emojiOf,
	emojiShown,
	isAccepted,
	isFinished,
	isIncomingRequest,
	isOpen,
	isUnderway,
	verificationStep,
	type VerificationStep
} from './verification-phase';

const EMOJI = [1, 2, 3, 4, 5, 6, 7];

/** A device's view of a flow, as `SimDevice.verifications()` gives it. */
function view(over: Partial<VerificationView> = {}): VerificationView {
	return {
		flowId: '$flow',
		otherUserId: '@bob:sim.local',
		isSelfVerification: false,
		weStarted: true,
		phase: 'requested',
		timeRemainingMs: 600_000,
		...over
	};
}

function sas(over: Partial<NonNullable<VerificationView['sas']>> = {}): VerificationView {
	return view({
		phase: 'transitioned',
		method: 'sas',
		sas: {
			weStarted: true,
			accepted: true,
			haveWeConfirmed: false,
			done: false,
			cancelled: false,
			...over
		}
	});
}

const qr = (state: NonNullable<VerificationView['qr']>['state'], weStarted = true) =>
	view({ phase: 'transitioned', method: 'qr', qr: { state, weStarted } });

const cancelled = (code: string, byUs: boolean) =>
	view({ phase: 'cancelled', cancel: { code, reason: 'why', byUs } });

describe('verificationStep: the step a device shows', () => {
	it('is none for a flow the device does not know', () => {
		expect(verificationStep(undefined)).toBe('none');
		expect(isOpen(undefined)).toBe(false);
		expect(isFinished(undefined)).toBe(false);
		expect(isAccepted(undefined)).toBe(false);
		expect(cancelReason(undefined)).toBeUndefined();
	});

	it('a request: the side that asked waits, the other side is asked (self-verification or another user alike)', () => {
		for (const isSelfVerification of [false, true]) {
			expect(verificationStep(view({ phase: 'created', isSelfVerification }))).toBe('waitingAccept');
			expect(verificationStep(view({ phase: 'requested', isSelfVerification }))).toBe('waitingAccept');
			const incoming = view({ phase: 'requested', weStarted: false, isSelfVerification });
			expect(verificationStep(incoming)).toBe('incoming');
			expect(isIncomingRequest(incoming)).toBe(true);
			expect(isOpen(incoming)).toBe(true);
			expect(isAccepted(incoming)).toBe(false);
		}
		expect(isIncomingRequest(view({ phase: 'requested' }))).toBe(false);
	});

	it('ready: both sides choose a method', () => {
		for (const weStarted of [true, false]) {
			const v = view({ phase: 'ready', weStarted });
			expect(verificationStep(v)).toBe('choose');
			expect(isAccepted(v)).toBe(true);
			expect(isUnderway(v)).toBe(true);
			expect(isIncomingRequest(v)).toBe(false);
		}
	});

	it('emoji: waiting for the other side, comparing, then waiting for their "They match"', () => {
		expect(verificationStep(sas())).toBe('waitingOther');
		expect(emojiShown(sas())).toBe(false);
		const compare = sas({ emojiIndex: EMOJI });
		expect(verificationStep(compare)).toBe('compare');
		expect(emojiShown(compare)).toBe(true);
		expect(emojiOf(compare)).toEqual(EMOJI);
		// After "They match" the emoji are still known, but the screen waits for the other side.
		const confirmed = sas({ emojiIndex: EMOJI, haveWeConfirmed: true });
		expect(verificationStep(confirmed)).toBe('waitingConfirm');
		expect(emojiShown(confirmed)).toBe(true);
		expect(verificationStep(sas({ haveWeConfirmed: true }))).toBe('waitingConfirm');
	});

	it('crossed starts (both pressed "Verify by emoji"): the kept start shows the emoji whoever started it', () => {
		// The library keeps the other side's start and drops ours: the SAS says "they started", the request "we did".
		const kept = sas({ weStarted: false, emojiIndex: EMOJI });
		expect(verificationStep(kept)).toBe('compare');
		expect(verificationStep(sas({ weStarted: false, accepted: false }))).toBe('waitingOther');
	});

	it('QR: our code on screen keeps "choose"; their scan asks us to confirm; otherwise we wait', () => {
		expect(verificationStep(qr('created'))).toBe('choose');
		expect(verificationStep(qr('scanned'))).toBe('qrScanned');
		for (const state of ['confirmed', 'reciprocated', 'done', 'cancelled'] as const)
			expect(verificationStep(qr(state))).toBe('waitingOther');
		// The side that scanned the code waits for the other side's "Yes".
		expect(verificationStep(qr('reciprocated', false))).toBe('waitingOther');
		expect(emojiShown(qr('scanned'))).toBe(false);
	});

	it('a transitioned flow without a method yet waits for the other side', () => {
		expect(verificationStep(view({ phase: 'transitioned' }))).toBe('waitingOther');
	});

	it('done: finished, accepted, no longer open; the emoji stay known but are not shown', () => {
		const done = view({
			phase: 'done',
			method: 'sas',
			sas: { ...sas().sas!, emojiIndex: EMOJI, done: true }
		});
		expect(verificationStep(done)).toBe('done');
		expect(isFinished(done)).toBe(true);
		expect(isOpen(done)).toBe(false);
		expect(isAccepted(done)).toBe(true);
		expect(isUnderway(done)).toBe(false);
		expect(emojiShown(done)).toBe(false);
		expect(emojiOf(done)).toEqual(EMOJI);
		expect(cancelReason(done)).toBeUndefined();
	});

	it('cancelled wins over anything the method still says, and tells why', () => {
		const reasons: [VerificationView, ReturnType<typeof cancelReason>][] = [
			[cancelled('m.mismatched_sas', true), 'mismatch'],
			[cancelled('m.mismatched_sas', false), 'mismatch'],
			[cancelled('m.timeout', false), 'timeout'],
			[cancelled('m.user', true), 'byUs'],
			[cancelled('m.user', false), 'byThem'],
			[cancelled('m.key_mismatch', false), 'other'],
			[view({ phase: 'cancelled' }), 'other']
		];
		for (const [v, reason] of reasons) {
			expect(verificationStep(v)).toBe('cancelled');
			expect(cancelReason(v)).toBe(reason);
			expect(isFinished(v)).toBe(true);
			expect(isAccepted(v)).toBe(false);
		}
		const mid = { ...sas({ emojiIndex: EMOJI, cancelled: true }), phase: 'cancelled' as const };
		expect(verificationStep(mid)).toBe('cancelled');
		expect(emojiShown(mid)).toBe(false);
		expect(cancelReason(sas({ emojiIndex: EMOJI }))).toBeUndefined();
	});
});

describe('verificationStep over real flows (real crypto, in-memory homeserver)', () => {
	let world: World;
	afterEach(() => world.close());

	const steps = (devices: SimDevice[], flowId: string): VerificationStep[] =>
		devices.map((d) => verificationStep(flowOn(d, flowId)));

	it('another user by emoji, with crossed starts: both compare the same emoji, then done', async () => {
		world = await World.create();
		const alice = await world.addUser('alice');
		const bob = await world.addUser('bob');
		await openDm(world, alice, bob);
		const flowId = await alice.requestVerification(bob.userId);
		expect(steps([alice], flowId)).toEqual(['waitingAccept']);
		await world.settle();
		expect(steps([alice, bob], flowId)).toEqual(['waitingAccept', 'incoming']);
		await bob.acceptVerification(flowId);
		await world.settle();
		expect(steps([alice, bob], flowId)).toEqual(['choose', 'choose']);

		// Both press "Verify by emoji" before either start arrives.
		await alice.startSas(flowId);
		await bob.startSas(flowId);
		await world.settle();
		await world.settle();
		expect(steps([alice, bob], flowId)).toEqual(['compare', 'compare']);
		expect(emojiOf(flowOn(alice, flowId))).toEqual(emojiOf(flowOn(bob, flowId)));

		await alice.confirmSas(flowId);
		await world.settle();
		expect(steps([alice, bob], flowId)).toEqual(['waitingConfirm', 'compare']);
		await bob.confirmSas(flowId);
		await world.settle();
		expect(steps([alice, bob], flowId)).toEqual(['done', 'done']);
	});

	it('self-verification by QR: scanned, confirmed, done; a mismatch on the next one says why', async () => {
		world = await World.create();
		const phone = await world.addUser('alice');
		const laptop = await world.addDevice(phone.userId, 'LAPTOP');
		await world.settle();
		const flowId = await laptop.requestSelfVerification();
		await world.settle();
		expect(steps([laptop, phone], flowId)).toEqual(['waitingAccept', 'incoming']);
		expect(flowOn(phone, flowId).isSelfVerification).toBe(true);
		await phone.acceptVerification(flowId);
		await world.settle();
		const payload = await phone.showQrCode(flowId);
		expect(steps([phone], flowId)).toEqual(['choose']);
		await laptop.scanQrCode(flowId, payload);
		await world.settle();
		expect(steps([phone, laptop], flowId)).toEqual(['qrScanned', 'waitingOther']);
		await phone.confirmQrScanned(flowId);
		await world.settle();
		await world.settle();
		expect(steps([phone, laptop], flowId)).toEqual(['done', 'done']);

		const second = await phone.requestSelfVerification();
		await world.settle();
		await laptop.acceptVerification(second);
		await world.settle();
		await phone.startSas(second);
		await world.settle();
		expect(steps([phone, laptop], second)).toEqual(['compare', 'compare']);
		await laptop.mismatchSas(second);
		await world.settle();
		expect([laptop, phone].map((d) => cancelReason(flowOn(d, second)))).toEqual(['mismatch', 'mismatch']);
	});
});
