/**
 * The message-shield rule as a pure function: the shield comes from the sender's current trust, and only what
 * cannot change later (a restored key, a mismatched sender, a device unknown on arrival) from the library's verdict.
 */
import { describe, expect, it } from 'vitest';
import { messageShield } from './trust';
import type { MessageTrust, TimelineEntry, UserTrust } from './types';

const entry = (code?: MessageTrust['code'], senderDevice = 'PHONE'): TimelineEntry => ({
	eventId: '$e',
	type: 'm.room.message',
	sender: '@bob:sim.local',
	senderDevice,
	ts: 0,
	content: { msgtype: 'm.text', body: 'hi' },
	encrypted: true,
	trust: { color: code ? 'red' : 'none', ...(code ? { code } : {}) }
});

const bob = (over: Partial<UserTrust> = {}, signedByOwner = true): UserTrust => ({
	userId: '@bob:sim.local',
	hasIdentity: true,
	verified: false,
	wasVerified: false,
	needsApproval: false,
	devices: [{ deviceId: 'PHONE', signedByOwner, verified: false }],
	...over
});

describe('messageShield', () => {
	it('unverified sender: grey, whatever the library pinned at decryption', () => {
		expect(messageShield(entry('UnverifiedIdentity'), true, bob())).toEqual({
			kind: 'grey',
			reason: 'unverified-identity'
		});
	});

	it('verified sender: no shield, even when the library pinned "unverified identity" before the verification', () => {
		expect(messageShield(entry('UnverifiedIdentity'), true, bob({ verified: true }))).toEqual({
			kind: 'none'
		});
	});

	it('a device its owner did not sign: red, whether or not I verified the owner', () => {
		const red = { kind: 'red', reason: 'unsigned-device' };
		expect(messageShield(entry('UnverifiedIdentity'), true, bob({}, false))).toEqual(red);
		expect(messageShield(entry(), true, bob({ verified: true }, false))).toEqual(red);
	});

	it('signed since: the red "unsigned device" pinned at decryption goes', () => {
		expect(messageShield(entry('UnsignedDevice'), true, bob({ verified: true }))).toEqual({ kind: 'none' });
	});

	it('verified identity changed: red until withdrawn (then grey) or verified again (then none)', () => {
		expect(messageShield(entry(), true, bob({ wasVerified: true }))).toEqual({
			kind: 'red',
			reason: 'verification-violation'
		});
		expect(messageShield(entry('VerificationViolation'), true, bob())).toMatchObject({ kind: 'grey' });
		expect(messageShield(entry('VerificationViolation'), true, bob({ verified: true }))).toEqual({
			kind: 'none'
		});
	});

	it('a device that is gone: red for a person I verified, grey for one I never did', () => {
		const gone = entry(undefined, 'OLDPHONE');
		expect(messageShield(gone, true, bob({ verified: true }))).toEqual({
			kind: 'red',
			reason: 'unknown-device'
		});
		expect(messageShield(gone, true, bob())).toEqual({ kind: 'grey', reason: 'unverified-identity' });
	});

	it('what cannot change: a restored key stays grey, a mismatched sender stays red', () => {
		expect(messageShield(entry('AuthenticityNotGuaranteed'), true, bob({ verified: true }))).toEqual({
			kind: 'grey',
			reason: 'authenticity'
		});
		expect(messageShield(entry('MismatchedSender'), true, bob({ verified: true }))).toEqual({
			kind: 'red',
			reason: 'mismatched-sender'
		});
	});

	it('no current trust known: the verdict at decryption', () => {
		expect(messageShield(entry('UnsignedDevice'), true)).toEqual({ kind: 'red', reason: 'unsigned-device' });
	});

	it('plain and undecryptable messages are unchanged', () => {
		const plain = { ...entry(), encrypted: false, trust: undefined };
		expect(messageShield(plain, true, bob())).toEqual({ kind: 'red', reason: 'not-encrypted' });
		expect(messageShield(plain, false, bob())).toEqual({ kind: 'none' });
		expect(
			messageShield({ ...entry(), utd: { code: '1', message: 'x', reason: 'missing-key' } }, true, bob())
		).toEqual({
			kind: 'utd'
		});
	});
});
