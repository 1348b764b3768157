/**
 * Carol against a real world, on a simulated clock: she ignores a first request (it times out on the crypto's
 * real clock, or the learner cancels it), or declines it; after the learner wrote to her she accepts.
 */
import { describe, expect, it, vi } from 'vitest';
import { flowOn } from '../world/flows';
import { phrase } from './phrases';
import { DELAYS, personaWorld, withContact, type PersonaWorld } from './test-support';

let pw: PersonaWorld;

/** The learner writes; Carol answers after typing. */
async function write(roomId: string, text: string): Promise<string | undefined> {
	await pw.you.sendText(roomId, text);
	await pw.world.tick();
	await pw.advance(DELAYS.TYPING);
	return pw.chat(roomId).at(-1)?.body;
}

/** From a request to "verified", with Carol accepting after her delay. */
async function verifyWithCarol(carolId: string): Promise<string> {
	const persona = pw.world.contacts.persona(carolId)!;
	const flowId = await pw.you.requestVerification(carolId);
	await pw.world.tick();
	expect(pw.state(persona)).toBe('requestReceived');
	await pw.advance(DELAYS.ACCEPT_DELAY);
	await pw.you.startSas(flowId);
	await pw.world.tick();
	expect(pw.state(persona)).toBe('comparing');
	await pw.you.confirmSas(flowId);
	await pw.world.tick();
	await pw.advance(DELAYS.CONFIRM_DELAY);
	expect(pw.state(persona)).toBe('verified');
	await pw.world.tick();
	expect(await pw.verified(carolId)).toBe(true);
	return flowId;
}

describe('Carol, busy', () => {
	it('ignores the first request until it times out; once written to, she accepts the next one', async () => {
		pw = await personaWorld();
		const { persona, device: carol, dm } = await withContact(pw, 'carol');
		const flowId = await pw.you.requestVerification(carol.userId);
		await pw.world.tick();
		expect(pw.state(persona)).toBe('ignoring');
		// Minutes of her time pass: she never reacts …
		await pw.advance(5 * 60_000);
		expect(pw.state(persona)).toBe('ignoring');
		expect(flowOn(pw.you, flowId).phase).toBe('created');
		// … and after 10 minutes on the real clock the request expires on both sides.
		const realNow = Date.now.bind(Date);
		const realPerf = performance.now.bind(performance);
		vi.spyOn(Date, 'now').mockImplementation(() => realNow() + 601_000);
		vi.spyOn(performance, 'now').mockImplementation(() => realPerf() + 601_000);
		await pw.world.tick();
		expect(flowOn(pw.you, flowId).cancel?.code).toBe('m.timeout');
		expect(flowOn(carol, flowId).cancel?.code).toBe('m.timeout');
		expect(pw.state(persona)).toBe('missedRequest');
		vi.restoreAllMocks();

		// The learner writes: she apologises and makes time.
		expect(await write(dm, 'Hi Carol, do you have a minute?')).toBe(phrase('en', 'carol.missed'));
		expect(pw.state(persona)).toBe('idle');
		await verifyWithCarol(carol.userId);
		expect(pw.world.contacts.errors).toEqual([]);
	});

	it('ignores a request the learner then cancels, and a second one until written to: then she closes it herself', async () => {
		pw = await personaWorld();
		const { persona, device: carol, dm } = await withContact(pw, 'carol');
		const first = await pw.you.requestVerification(carol.userId);
		await pw.world.tick();
		await pw.you.cancelVerification(first);
		await pw.world.tick();
		expect(pw.state(persona)).toBe('missedRequest');
		const second = await pw.you.requestVerification(carol.userId);
		await pw.world.tick();
		expect(pw.state(persona)).toBe('ignoring');
		expect(persona.actor.getSnapshot().context.flowId).toBe(second);
		// Written to while ignoring: she sees the request now, closes it and asks for a new one, which she accepts.
		// Nobody is left waiting for her on the old one ("Continue verification" would wait for good).
		expect(await write(dm, 'Hello!')).toBe(phrase('en', 'carol.missed'));
		expect(pw.state(persona)).toBe('idle');
		expect(flowOn(pw.you, second)).toMatchObject({ phase: 'cancelled', cancel: { byUs: false } });
		await verifyWithCarol(carol.userId);
		expect(pw.world.contacts.errors).toEqual([]);
	});

	it('declines the first request while in a meeting (m.user), then accepts once written to', async () => {
		pw = await personaWorld();
		const persona = await pw.world.addContact({ kind: 'carol', options: { firstRequest: 'decline' } });
		const carolId = persona.record.userId;
		const dm = await pw.you.startDm(carolId);
		await pw.world.tick();
		const flowId = await pw.you.requestVerification(carolId);
		await pw.world.tick();
		expect(pw.state(persona)).toBe('aboutToDecline');
		await pw.advance(DELAYS.DECLINE_DELAY);
		expect(pw.state(persona)).toBe('declined');
		expect(flowOn(pw.you, flowId)).toMatchObject({
			phase: 'cancelled',
			cancel: { code: 'm.user', byUs: false }
		});
		await pw.advance(DELAYS.TYPING);
		expect(pw.chat(dm).at(-1)?.body).toBe(phrase('en', 'carol.declined'));
		expect(await write(dm, 'Können wir uns verifizieren?')).toBe(phrase('en', 'carol.nowIsFine'));
		await verifyWithCarol(carolId);
	});
});
