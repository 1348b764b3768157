/**
 * Erin against a real world, on a simulated clock: verified by the learner, she loses her devices and resets her
 * identity; the learner sees the warning, asks her, and either verifies her again or withdraws the verification.
 */
import { describe, expect, it } from 'vitest';
import type { Persona } from './contacts';
import { phrase } from './phrases';
import { DELAYS, verifiedContact, verifyByEmoji, type PersonaWorld } from './test-support';

let pw: PersonaWorld;

async function erinAfterReset(): Promise<{ persona: Persona; erinId: string; dm: string }> {
	const contact = await verifiedContact('erin');
	pw = contact.pw;
	const { persona, device, dm } = contact;
	expect(await pw.verified(device.userId)).toBe(true);
	await pw.advance(DELAYS.RESET_DELAY);
	expect(pw.state(persona)).toBe('reset');
	expect(pw.world.devicesOf(device.userId).map((d) => d.deviceId)).toEqual(['NEWPHONE']);
	expect(device.isClosed).toBe(true);
	await pw.advance(DELAYS.TYPING);
	expect(pw.chat(dm).at(-1)).toEqual({ from: device.userId, body: phrase('en', 'erin.iReset') });
	// The learner had verified her: her new identity makes the room red ("was verified").
	const trust = await pw.world.trust(pw.you, dm);
	expect(trust.room).toEqual({
		shield: 'warning',
		culprits: [{ userId: device.userId, reason: 'identity-changed', deviceIds: [] }]
	});
	expect(trust.members[device.userId]!.trust).toMatchObject({ verified: false, wasVerified: true });
	return { persona, erinId: device.userId, dm };
}

describe('Erin, identity reset', () => {
	it('resets her identity after being verified; explains when asked; the learner verifies her again', async () => {
		const { persona, erinId, dm } = await erinAfterReset();
		const suggestions = (await pw.world.snapshot([])).suggestions.find((s) => s.roomId === dm);
		expect(suggestions?.replies).toContain('Did you reset your account?');
		await pw.you.sendText(dm, 'Did you reset your account?');
		await pw.world.tick();
		await pw.advance(DELAYS.TYPING);
		expect(pw.chat(dm).at(-1)?.body).toBe(phrase('en', 'erin.yesReally'));

		await verifyByEmoji(pw, persona);
		expect(await pw.verified(erinId)).toBe(true);
		expect((await pw.world.trust(pw.you, dm)).room).toEqual({ shield: 'verified', culprits: [] });
		// Once is enough: she does not lose her phone again.
		await pw.advance(DELAYS.RESET_DELAY);
		expect(pw.state(persona)).toBe('verified');
		expect(pw.world.contacts.errors).toEqual([]);
	});

	it('the learner withdraws the verification instead: the room is grey', async () => {
		const { erinId, dm } = await erinAfterReset();
		await pw.you.withdrawVerification(erinId);
		expect((await pw.world.trust(pw.you, dm)).room).toEqual({ shield: 'normal', culprits: [] });
	});
});
