import { describe, expect, it } from 'vitest';
import type { RoomShield } from '$lib/device/trust';
import {
	composerHint,
	createdNotice,
	composerShield,
	failedVerificationView,
	failedVerificationWindow,
	identityBanners,
	profileVerification,
	roomHeaderBadge,
	roomListFilters,
	filterRoomList,
	memberListShield,
	roomListShield,
	selfVerificationTitle
} from './edition-view';

const shields: RoomShield[] = ['none', 'normal', 'verified', 'warning'];

describe('the room header badge', () => {
	it('classic shows every encrypted room its shield, DM or group, and an unencrypted room none', () => {
		for (const isDirect of [true, false]) {
			expect(roomHeaderBadge('classic', { isDirect, shield: 'none' })).toBeUndefined();
			for (const shield of ['normal', 'verified', 'warning'] as const)
				expect(roomHeaderBadge('classic', { isDirect, shield })).toEqual({ kind: 'shield', shield });
		}
	});

	it('2026 marks a group room never, whatever its trust', () => {
		for (const shield of shields)
			expect(roomHeaderBadge('2026', { isDirect: false, shield })).toBeUndefined();
	});

	it('2026 marks a DM "Verified" when green and "Untrusted" when red, and nothing when grey or plain', () => {
		expect(roomHeaderBadge('2026', { isDirect: true, shield: 'verified' })).toEqual({ kind: 'verified' });
		expect(roomHeaderBadge('2026', { isDirect: true, shield: 'warning' })).toEqual({ kind: 'untrusted' });
		expect(roomHeaderBadge('2026', { isDirect: true, shield: 'normal' })).toBeUndefined();
		expect(roomHeaderBadge('2026', { isDirect: true, shield: 'none' })).toBeUndefined();
	});
});

describe('the room list and the composer', () => {
	it('the room list shows shields in classic only', () => {
		expect(roomListShield('classic', 'normal')).toBe('normal');
		expect(roomListShield('classic', 'warning')).toBe('warning');
		expect(roomListShield('classic', 'none')).toBeUndefined();
		for (const shield of shields) expect(roomListShield('2026', shield)).toBeUndefined();
	});

	it('the member list marks everyone in classic; in 2026 only the verified and the warned', () => {
		for (const shield of ['normal', 'verified', 'warning'] as const)
			expect(memberListShield('classic', shield)).toBe(shield);
		expect(memberListShield('2026', 'normal')).toBeUndefined();
		expect(memberListShield('2026', 'verified')).toBe('verified');
		expect(memberListShield('2026', 'warning')).toBe('warning');
	});

	it('the composer icon is 2026 only, and only red or green', () => {
		for (const shield of shields) expect(composerShield('classic', shield)).toBeUndefined();
		expect(composerShield('2026', 'verified')).toBe('verified');
		expect(composerShield('2026', 'warning')).toBe('warning');
		expect(composerShield('2026', 'normal')).toBeUndefined();
		expect(composerShield('2026', 'none')).toBeUndefined();
	});

	it('the hint marks the encrypted room in classic and the unencrypted one in 2026', () => {
		expect(composerHint('classic', true)).toBe('classic-encrypted');
		expect(composerHint('classic', false)).toBe('classic-plain');
		expect(composerHint('2026', true)).toBe('send-message');
		expect(composerHint('2026', false)).toBe('send-unencrypted');
	});
});

describe('identity banners', () => {
	const trust = (wasVerified: boolean, needsApproval: boolean) => ({ trust: { wasVerified, needsApproval } });
	const members = {
		'@bob:sim.local': trust(false, false),
		'@carol:sim.local': trust(false, true),
		'@dave:sim.local': trust(true, false),
		'@erin:sim.local': trust(false, true)
	};

	it('classic shows everyone whose identity changed: red with "Withdraw verification" if verified, else "OK"', () => {
		expect(identityBanners('classic', members)).toEqual([
			{ userId: '@carol:sim.local', critical: false, action: 'ok' },
			{ userId: '@dave:sim.local', critical: true, action: 'withdraw' },
			{ userId: '@erin:sim.local', critical: false, action: 'ok' }
		]);
	});

	it('2026 shows one person at a time, someone you had verified first', () => {
		expect(identityBanners('2026', members)).toEqual([
			{ userId: '@dave:sim.local', critical: true, action: 'withdraw' }
		]);
		const { ['@dave:sim.local']: _answered, ...rest } = members;
		expect(identityBanners('2026', rest)).toEqual([
			{ userId: '@carol:sim.local', critical: false, action: 'dismiss' }
		]);
	});

	it('nobody changed: no banner in either edition', () => {
		const calm = { '@bob:sim.local': trust(false, false) };
		expect(identityBanners('classic', calm)).toEqual([]);
		expect(identityBanners('2026', calm)).toEqual([]);
	});
});

describe("a person's profile", () => {
	it('classic: the member shield, and "Verify" until verified', () => {
		expect(profileVerification('classic', { shield: 'normal', verified: false })).toEqual({
			kind: 'classic-shield',
			shield: 'normal',
			verify: true
		});
		expect(profileVerification('classic', { shield: 'warning', verified: true })).toEqual({
			kind: 'classic-shield',
			shield: 'warning',
			verify: false
		});
	});

	it('2026: "Verify User", or the "Verified" badge once the world says they are verified', () => {
		expect(profileVerification('2026', { shield: 'normal', verified: false })).toEqual({
			kind: 'verify-user'
		});
		// Their identity changed since you verified them: no badge, verify again.
		expect(profileVerification('2026', { shield: 'warning', verified: false })).toEqual({
			kind: 'verify-user'
		});
		expect(profileVerification('2026', { shield: 'verified', verified: true })).toEqual({
			kind: 'verified-badge'
		});
	});
});

describe('a failed verification', () => {
	it('classic explains the cause and closes with "OK"; 2026 shows one card with "Got it"', () => {
		expect(failedVerificationView('classic')).toEqual({ text: 'by-reason', button: 'ok' });
		expect(failedVerificationView('2026')).toEqual({ text: 'one-card', button: 'got-it' });
	});

	it('classic raises "Your messages are not secure" after a mismatch, wherever the flow is', () => {
		for (const onScreen of [true, false]) {
			expect(failedVerificationWindow('classic', { reason: 'mismatch', onScreen })).toBe('not-secure');
			expect(failedVerificationWindow('classic', { reason: 'timeout', onScreen })).toBeUndefined();
		}
	});

	it('2026 raises nothing over a flow on screen, and "Verification failed" for a mismatch shown nowhere', () => {
		expect(failedVerificationWindow('2026', { reason: 'mismatch', onScreen: true })).toBeUndefined();
		expect(failedVerificationWindow('2026', { reason: 'mismatch', onScreen: false })).toBe('failed');
		for (const reason of ['timeout', 'byUs', 'byThem', 'other', undefined] as const)
			expect(failedVerificationWindow('2026', { reason, onScreen: false })).toBeUndefined();
	});
});

describe('the dialog answering another of your devices', () => {
	it('says "Verify session" in classic, and names the phase as today’s Element does', () => {
		expect(selfVerificationTitle('classic', { phase: 'ready' })).toBe('verify-session');
		expect(selfVerificationTitle('2026', { phase: 'requested' })).toBe('start-on-other-device');
		expect(selfVerificationTitle('2026', { phase: 'ready' })).toBe('choose');
		expect(selfVerificationTitle('2026', { phase: 'transitioned', method: 'sas' })).toBe('compare-emojis');
		// The Phone showing its code is already a QR flow: still the choice until the other device scans it.
		const qr = (state: 'created' | 'scanned') => ({ state, weStarted: false });
		expect(selfVerificationTitle('2026', { phase: 'transitioned', method: 'qr', qr: qr('created') })).toBe(
			'choose'
		);
		expect(selfVerificationTitle('2026', { phase: 'transitioned', method: 'qr', qr: qr('scanned') })).toBe(
			'green-shield'
		);
		expect(selfVerificationTitle('2026', { phase: 'done' })).toBe('verified');
		expect(selfVerificationTitle('2026', { phase: 'cancelled' })).toBe('failed');
		expect(selfVerificationTitle('2026', undefined)).toBe('verify-other-device');
	});

	it('has a line of its own for who made a DM in 2026 only', () => {
		expect(createdNotice('2026', true)).toBe('dm');
		expect(createdNotice('2026', false)).toBe('room');
		expect(createdNotice('classic', true)).toBe('room');
	});
});

describe('the room list', () => {
	const rooms = [
		{ name: 'Bob', isDirect: true },
		{ name: 'Book club', isDirect: false },
		{ name: 'Carol', isDirect: true }
	];
	const invites = [{ name: 'Town hall' }];

	it('classic keeps its sections; 2026 offers only filters the world can answer (no read markers, no tags)', () => {
		expect(roomListFilters('classic')).toBeUndefined();
		expect(roomListFilters('2026')).toEqual(['people', 'rooms', 'invites']);
	});

	it('2026 shows one list, invites first, and each filter narrows it', () => {
		const names = (f: Parameters<typeof filterRoomList>[2]) => {
			const shown = filterRoomList(rooms, invites, f);
			return [...shown.invites, ...shown.rooms].map((r) => r.name);
		};
		expect(names(undefined)).toEqual(['Town hall', 'Bob', 'Book club', 'Carol']);
		expect(names('people')).toEqual(['Bob', 'Carol']);
		expect(names('rooms')).toEqual(['Book club']);
		expect(names('invites')).toEqual(['Town hall']);
	});
});
