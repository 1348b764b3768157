/**
 * Dave against a real world, on a simulated clock: verified by the learner, he signs in on a new tablet (the room
 * turns red), and when asked in the chat he verifies it with his phone by a real SAS between his own devices (the
 * room turns green again). A failed self-verification makes him offer to try again.
 */
import { describe, expect, it, vi } from 'vitest';
import type { SimDevice } from '../device/sim-device';
import { flowOn } from '../world/flows';
import type { Persona } from './contacts';
import { phrase } from './phrases';
import { DELAYS, personaWorld, verifiedContact, withContact, type PersonaWorld } from './test-support';

let pw: PersonaWorld;

async function verifiedDaveWithTablet(): Promise<{ persona: Persona; dave: SimDevice; dm: string }> {
	const contact = await verifiedContact('dave');
	pw = contact.pw;
	const { persona, device: dave, dm } = contact;
	expect((await pw.world.trust(pw.you, dm)).room.shield).toBe('verified');

	// A little later he signs in on his new tablet, and tells the learner.
	await pw.advance(DELAYS.TABLET_DELAY);
	expect(pw.state(persona)).toBe('tabletUnverified');
	expect(pw.world.devicesOf(dave.userId).map((d) => d.deviceId)).toEqual(['PHONE', 'TABLET']);
	await pw.advance(DELAYS.TYPING);
	expect(pw.chat(dm).at(-1)?.body).toBe(phrase('en', 'dave.newTablet'));
	// He wrote it on the tablet itself: the learner's device sees it come from a device Dave never verified.
	const fromTablet = pw.you.roomView(dm)!.timeline.at(-1)!;
	expect(fromTablet.senderDevice).toBe('TABLET');
	expect((await pw.world.trust(pw.you, dm)).messages[fromTablet.eventId]).toEqual({
		kind: 'red',
		reason: 'unsigned-device'
	});
	const red = await pw.world.trust(pw.you, dm);
	expect(red.room).toEqual({
		shield: 'warning',
		culprits: [{ userId: dave.userId, reason: 'unsigned-device', deviceIds: ['TABLET'] }]
	});
	const suggestions = (await pw.world.snapshot([])).suggestions.find((s) => s.roomId === dm);
	expect(suggestions?.replies).toContain('Please verify your new tablet.');
	return { persona, dave, dm };
}

describe('Dave, new tablet', () => {
	it('verifies his new tablet with his phone by emoji when asked, and the room is green again', async () => {
		const { persona, dave, dm } = await verifiedDaveWithTablet();
		await pw.you.sendText(dm, 'Please verify your new tablet.');
		await pw.world.tick();
		expect(pw.state(persona)).toEqual({ selfVerifying: 'pickingUpPhone' });
		const flowId = persona.actor.getSnapshot().context.flowId!;
		const tablet = pw.world.device(dave.userId, 'TABLET');
		expect(flowOn(dave, flowId)).toMatchObject({ isSelfVerification: true, phase: 'requested' });

		await pw.advance(DELAYS.ACCEPT_DELAY);
		expect(pw.state(persona)).toEqual({ selfVerifying: 'comparing' });
		// Two screens, one real SAS: the same seven emoji on his phone and his tablet.
		expect(flowOn(tablet, flowId).sas?.emojiIndex).toHaveLength(7);
		expect(flowOn(tablet, flowId).sas?.emojiIndex).toEqual(flowOn(dave, flowId).sas?.emojiIndex);
		await pw.advance(DELAYS.COMPARE_DELAY);
		expect(pw.state(persona)).toBe('tabletVerified');
		expect(flowOn(tablet, flowId).phase).toBe('done');
		await pw.world.tick();
		expect((await pw.world.trust(pw.you, dm)).room).toEqual({ shield: 'verified', culprits: [] });
		await pw.advance(DELAYS.TYPING);
		expect(pw.chat(dm).at(-1)?.body).toBe(phrase('en', 'dave.tabletVerified'));
		expect(pw.world.contacts.errors).toEqual([]);
	});

	it('offers to try again when his self-verification times out, and then succeeds', async () => {
		const { persona, dave, dm } = await verifiedDaveWithTablet();
		await pw.you.sendText(dm, 'bitte verifizier dein neues tablet');
		await pw.world.tick();
		await pw.advance(DELAYS.ACCEPT_DELAY);
		expect(pw.state(persona)).toEqual({ selfVerifying: 'comparing' });
		// He looks away for over a minute (real clock): the SAS times out before he presses "They match".
		const realNow = Date.now.bind(Date);
		const realPerf = performance.now.bind(performance);
		vi.spyOn(Date, 'now').mockImplementation(() => realNow() + 61_000);
		vi.spyOn(performance, 'now').mockImplementation(() => realPerf() + 61_000);
		await pw.world.tick();
		expect(pw.state(persona)).toBe('selfVerificationFailed');
		vi.restoreAllMocks();
		await pw.advance(DELAYS.TYPING);
		expect(pw.chat(dm).at(-1)?.body).toBe(phrase('en', 'dave.selfFailed'));
		expect((await pw.world.trust(pw.you, dm)).room.shield).toBe('warning');

		await pw.you.sendText(dm, 'Please verify your new tablet.');
		await pw.world.tick();
		await pw.advance(DELAYS.ACCEPT_DELAY);
		await pw.advance(DELAYS.COMPARE_DELAY);
		expect(pw.state(persona)).toBe('tabletVerified');
		await pw.world.tick();
		expect((await pw.world.trust(pw.you, dm)).room.shield).toBe('verified');
		expect(pw.world.devicesOf(dave.userId)).toHaveLength(2);
	});

	it('can be nudged to sign in on the tablet before anyone verified him', async () => {
		pw = await personaWorld();
		const { persona, device: dave, dm } = await withContact(pw, 'dave');
		await pw.you.sendText(dm, 'Please verify your new tablet');
		await pw.world.tick();
		await pw.advance(DELAYS.TYPING);
		expect(pw.chat(dm).at(-1)?.body).toBe(phrase('en', 'chat.noTablet'));
		pw.world.nudgeContact(dave.userId, 'newTablet');
		await pw.world.tick();
		expect(pw.state(persona)).toBe('tabletUnverified');
		// The learner never verified him: his unverified tablet does not make the room red.
		expect((await pw.world.trust(pw.you, dm)).room.shield).toBe('normal');
	});
});
