/**
 * Contacts in a stored world: after a reload their machines go on where they were, on the restored devices. A
 * verification does not survive a reload (the crypto keeps no unfinished ones): the contact takes it as cancelled,
 * says so in the chat, and the learner can verify again.
 */
import { storedWorlds } from '../world/stored-worlds.test-support';
import { describe, expect, it } from 'vitest';
import { phrase } from './phrases';
import { compareEmoji, DELAYS, personaWorld, reopened, verifyByEmoji, withContact } from './test-support';

const STORES = 'persisted-contacts-test';
// Closed here before their stores go (test-support's own afterEach belongs to whichever file imported it first when
// the test files share their module cache).
const kept = storedWorlds(STORES);

describe('contacts in a stored world', () => {
	it('Bob, verified before the reload, is still verified and still answers in the chat', async () => {
		const before = kept(await personaWorld(undefined, STORES));
		const { persona, dm } = await withContact(before, 'bob');
		await verifyByEmoji(before, persona);
		await before.advance(DELAYS.TYPING);

		const pw = kept(await reopened(before));
		const bob = pw.world.contacts.persona('bob')!;
		expect(pw.state(bob)).toBe('verified');
		expect(await pw.verified(bob.record.userId)).toBe(true);
		expect(pw.chat(dm).at(-1)).toEqual({ from: bob.record.userId, body: phrase('en', 'chat.verified') });

		await pw.you.sendText(dm, 'Hi Bob, can we verify each other?');
		await pw.world.tick();
		await pw.advance(DELAYS.TYPING);
		expect(pw.chat(dm).at(-1)?.from).toBe(bob.record.userId);
		expect(pw.chat(dm)).toHaveLength(3);
		expect(pw.world.contacts.errors).toEqual([]);
	});

	it('a reload while comparing emoji cancels the verification with a notice; verifying again works', async () => {
		const before = kept(await personaWorld(undefined, STORES));
		const { persona, dm } = await withContact(before, 'bob');
		const flowId = await compareEmoji(before, persona);
		expect(before.state(persona)).toBe('comparing');

		const pw = kept(await reopened(before));
		const bob = pw.world.contacts.persona('bob')!;
		expect(pw.state(bob)).toBe('cancelled');
		expect(pw.you.verification(flowId)).toBeUndefined();
		await pw.advance(DELAYS.TYPING);
		expect(pw.chat(dm).at(-1)).toEqual({ from: bob.record.userId, body: phrase('en', 'chat.cancelled') });
		expect(await pw.verified(bob.record.userId)).toBe(false);

		await verifyByEmoji(pw, bob);
		expect(await pw.verified(bob.record.userId)).toBe(true);
		expect(pw.world.contacts.errors).toEqual([]);
	});
});
