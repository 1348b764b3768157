import { describe, expect, it } from 'vitest';
import type { VerificationView } from '$lib/device/types';
import { secondsLeft, visibleToasts, type ToastInput } from './toasts';

const NOW = 1_700_000_000_000;

const request = (flowId: string, over: Partial<VerificationView> = {}): VerificationView => ({
	flowId,
	otherUserId: '@bob:sim.local',
	isSelfVerification: false,
	weStarted: false,
	phase: 'requested',
	timeRemainingMs: 600_000,
	...over
});

type Device = NonNullable<ToastInput['device']>;

function device(over: Partial<Device> = {}): Device {
	return {
		verifications: [],
		crossSigning: { hasMaster: true, hasSelfSigning: true, hasUserSigning: true, deviceVerified: true },
		backup: { exists: true, enabled: true, hasKey: true, keysTotal: 0, keysBackedUp: 0 },
		own: {
			userId: '@me:sim.local',
			hasIdentity: true,
			verified: true,
			wasVerified: false,
			needsApproval: false,
			devices: []
		},
		...over
	};
}

function input(over: Partial<ToastInput> = {}): ToastInput {
	return {
		device: device(),
		dismissed: new Set(),
		dialog: undefined,
		verifyLater: false,
		deadlines: new Map(),
		now: NOW,
		...over
	};
}

const unverified = { hasMaster: true, hasSelfSigning: true, hasUserSigning: true, deviceVerified: false };
const noBackup = { exists: false, enabled: false, hasKey: false, keysTotal: 0, keysBackedUp: 0 };

describe('visibleToasts', () => {
	it('shows nothing without a device, and nothing for a verified device with a backup', () => {
		expect(visibleToasts(input({ device: undefined }))).toEqual({
			requests: [],
			verifySession: false,
			backup: false
		});
		expect(visibleToasts(input())).toEqual({ requests: [], verifySession: false, backup: false });
	});

	it('"Verification requested" for each incoming request, from a person or another own device', () => {
		const flows = [
			request('$in'),
			request('self', { isSelfVerification: true, otherUserId: '@me:sim.local' }),
			request('$ours', { weStarted: true }),
			request('$ready', { phase: 'ready' }),
			request('$done', { phase: 'done' }),
			request('$cancelled', { phase: 'cancelled', cancel: { code: 'm.user', reason: '', byUs: false } })
		];
		const { requests } = visibleToasts(input({ device: device({ verifications: flows }) }));
		expect(requests.map((v) => v.flowId)).toEqual(['$in', 'self']);
	});

	it('a request answered or ignored, or past its deadline, has no toast', () => {
		const flows = [request('$a'), request('$b'), request('$c'), request('$d')];
		const { requests } = visibleToasts(
			input({
				device: device({ verifications: flows }),
				dismissed: new Set(['request:$a']),
				deadlines: new Map([
					['$b', NOW],
					['$c', NOW + 1]
				])
			})
		);
		// $d has no deadline yet (the client has not fixed one): it shows.
		expect(requests.map((v) => v.flowId)).toEqual(['$c', '$d']);
	});

	it('"Verify this session" only after "I\'ll verify later", on an unverified device of an account with an identity', () => {
		const later = (over: Partial<Device>, verifyLater = true) =>
			visibleToasts(input({ device: device(over), verifyLater })).verifySession;
		expect(later({ crossSigning: unverified })).toBe(true);
		expect(later({ crossSigning: unverified }, false)).toBe(false);
		expect(later({})).toBe(false);
		expect(later({ crossSigning: unverified, own: { ...device().own, hasIdentity: false } })).toBe(false);
		// Its "Later" puts it away.
		const dismissed = new Set(['verifySession']);
		expect(
			visibleToasts(input({ device: device({ crossSigning: unverified }), verifyLater: true, dismissed }))
				.verifySession
		).toBe(false);
	});

	it('"Set up Secure Backup" on a verified device without a backup, unless put away or its dialog is open', () => {
		const backup = (over: Partial<ToastInput>, dev: Partial<Device> = { backup: noBackup }) =>
			visibleToasts(input({ device: device(dev), ...over })).backup;
		expect(backup({})).toBe(true);
		expect(backup({ dismissed: new Set(['backup']) })).toBe(false);
		expect(backup({ dialog: 'secureBackup' })).toBe(false);
		expect(backup({ dialog: 'settings' })).toBe(true);
		expect(backup({}, { backup: noBackup, crossSigning: unverified })).toBe(false);
		expect(backup({}, {})).toBe(false);
	});
});

describe('secondsLeft', () => {
	it('counts whole seconds up, never below zero, and zero without a deadline', () => {
		expect(secondsLeft(NOW + 10_000, NOW)).toBe(10);
		expect(secondsLeft(NOW + 9_001, NOW)).toBe(10);
		expect(secondsLeft(NOW - 5_000, NOW)).toBe(0);
		expect(secondsLeft(undefined, NOW)).toBe(0);
	});
});
