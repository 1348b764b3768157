import { describe, expect, it } from 'vitest';
import type { UtdReason } from '$lib/device/types';
import { utdNotice } from './utd-notice';

const reasons: UtdReason[] = [
	'missing-key',
	'blocked-unverified-device',
	'withheld',
	'insecure-device',
	'unknown-device',
	'sender-identity-reset',
	'other'
];

describe('the notice in place of a message this device cannot read', () => {
	it('classic says "Unable to decrypt message" whatever the cause, with the undecryptable icon', () => {
		for (const reason of reasons)
			expect(utdNotice('classic', reason)).toEqual({ text: 'unable-to-decrypt', look: 'undecryptable' });
	});

	it('2026 names a device refused for its trust, with the no-entry look', () => {
		expect(utdNotice('2026', 'insecure-device')).toEqual({ text: 'insecure-device', look: 'refused' });
		expect(utdNotice('2026', 'sender-identity-reset')).toEqual({
			text: 'sender-identity-reset',
			look: 'refused'
		});
	});

	it('2026 says the sender blocked this unverified device, as an undecryptable message', () => {
		expect(utdNotice('2026', 'blocked-unverified-device')).toEqual({
			text: 'blocked-unverified-device',
			look: 'undecryptable'
		});
	});

	it('2026 keeps "Unable to decrypt message" for a missing key, another withheld code, an unknown device', () => {
		for (const reason of ['missing-key', 'withheld', 'unknown-device', 'other'] as const)
			expect(utdNotice('2026', reason)).toEqual({ text: 'unable-to-decrypt', look: 'undecryptable' });
	});

	it('an unknown reason (a newer engine) falls back to "Unable to decrypt message"', () => {
		expect(utdNotice('2026', 'something-new' as UtdReason).text).toBe('unable-to-decrypt');
	});
});
