/**
 * The lessons of today's Element only (2026 edition), each step against a real world with real crypto: its predicate
 * is false just before the learner's move and true after it, and the other ways of finishing a step are told apart.
 */
import { describe, expect, it } from 'vitest';
import { LEARNER_LAPTOP } from '../../scenario/sandbox';
import type { LessonView } from '../types';
import { lessonWorlds } from '../test-support';
import { dmOn, laptopOf, phoneOf, securityKeyOf } from '../own-devices';
import { contactSees, messagesIn, userIdOf } from '../view';
import { phrase } from '../../contacts/phrases';
import * as cantConfirm from './cant-confirm';
import * as confirmIdentity from './confirm-identity';
import * as insecureDevices from './insecure-devices';
import * as recoveryKey from './recovery-key';

const open = lessonWorlds();

/** Steps `from`…`upTo`: each not done before its move, done after it; returns the view after the last one. */
async function walk(
	mod: typeof confirmIdentity | typeof recoveryKey | typeof insecureDevices | typeof cantConfirm,
	d: Awaited<ReturnType<typeof open>>['driver'],
	upTo = mod.lesson.steps.length,
	from = 0
): Promise<LessonView> {
	let view = await d.view();
	for (const step of mod.lesson.steps.slice(from, upTo)) {
		expect(step.done(await d.view()), `${step.id} before the move`).toBe(false);
		await mod.solution.steps[step.id]!(d);
		view = await d.waitFor(step.id, step.done);
	}
	return view;
}

describe('lesson recovery-key (2026 only)', () => {
	it('finishes set-up only with the confirmed key, then changes it: the key storage is made anew', async () => {
		const d = (await open(recoveryKey.lesson)).driver;
		const [finish, change] = recoveryKey.lesson.steps;
		// A key shown but not confirmed ("Continue" without "Finish set up") sets nothing up.
		await d.act({ type: 'createSecurityKey' });
		const shown = await d.view();
		expect(finish!.done(shown)).toBe(false);
		expect(phoneOf(shown)?.backup.exists).toBe(false);
		await d.act({ type: 'cancelKeyBackup' });
		const v = await walk(recoveryKey, d, 1);
		expect(change!.done(v)).toBe(false);
		const first = phoneOf(v)!.backup.version;
		const after = await walk(recoveryKey, d, 2, 1);
		expect(phoneOf(after)!.backup.version).not.toBe(first);
		expect(phoneOf(after)!.backup.recovery).toBe(true);
		expect(phoneOf(after)!.backup.keysBackedUp).toBe(phoneOf(after)!.backup.keysTotal);
	}, 120_000);
});

describe('lesson confirm-identity (2026 only)', () => {
	it('confirms the Laptop with the Phone by emoji (“Use another device”), not credited as the recovery key', async () => {
		const d = (await open(confirmIdentity.lesson)).driver;
		const confirm = confirmIdentity.lesson.steps[2]!;
		const withKey = confirm.alternatives![0]!;
		const v = await walk(confirmIdentity, d);
		expect(withKey.done(v)).toBe(false);
		expect(laptopOf(v)?.crossSigning.deviceVerified).toBe(true);
	}, 120_000);

	it('confirms the Laptop with the recovery key alone (“Use recovery key”), credited as just that', async () => {
		const d = (await open(confirmIdentity.lesson)).driver;
		const confirm = confirmIdentity.lesson.steps[2]!;
		const withKey = confirm.alternatives![0]!;
		const before = await walk(confirmIdentity, d, 2);
		expect(confirm.done(before) || withKey.done(before)).toBe(false);
		// A wrong key opens nothing.
		await expect(
			d.act(
				{
					type: 'restoreFromBackup',
					recoveryKey: securityKeyOf(d).replace(/\w/, (c) => (c === 'E' ? 'F' : 'E'))
				},
				LEARNER_LAPTOP
			)
		).rejects.toThrow();
		expect(withKey.done(await d.view())).toBe(false);
		await confirmIdentity.solution.alternatives!.withKey!(d);
		const after = await d.waitFor('withKey', withKey.done);
		expect(confirm.done(after)).toBe(false);
		expect(laptopOf(after)?.backup.hasKey).toBe(true);
	}, 120_000);
});

describe('lesson insecure-devices (2026 only)', () => {
	it('the unconfirmed Laptop gets no key to a new message; once confirmed, it reads the next one', async () => {
		const lw = await open(insecureDevices.lesson);
		const d = lw.driver;
		expect((await lw.world.snapshot()).excludeInsecureDevices).toBe(true);
		const [, blocked, confirm, reads] = insecureDevices.lesson.steps;
		const v = await walk(insecureDevices, d, 2);
		// The Phone's crypto library withheld the key from the unverified Laptop (m.unverified): no text there.
		const onLaptop = dmOn(v, 'bob', LEARNER_LAPTOP)!.timeline.filter(
			(e) => e.utd?.reason === 'blocked-unverified-device'
		);
		expect(onLaptop).toHaveLength(1);
		expect(onLaptop[0]!.utd?.withheldCode).toBe('m.unverified');
		expect(onLaptop[0]!.content.body).toBeUndefined();
		expect(blocked!.done(v) && !confirm!.done(v) && !reads!.done(v)).toBe(true);
		const after = await walk(insecureDevices, d, 4, 2);
		// What the Phone wrote after the Laptop was confirmed reads there.
		const laptopDm = dmOn(after, 'bob', LEARNER_LAPTOP)!;
		expect(laptopDm.timeline.some((e) => e.content.body === 'And this one?' && !e.utd)).toBe(true);
	}, 120_000);
});

describe('lesson cant-confirm (2026 only)', () => {
	it('resets the digital identity on the Laptop; Bob’s client shows the banner, he asks, and verifying again clears it', async () => {
		const d = (await open(cantConfirm.lesson)).driver;
		const [, reset, answer, reverify] = cantConfirm.lesson.steps;
		const first = await d.view();
		// Bob had verified the learner: his client shows them verified, without a banner.
		expect(contactSees(first, 'bob')).toMatchObject({ verified: true, wasVerified: false });
		const afterSignIn = await walk(cantConfirm, d, 1);
		// Confirming the Laptop with the Phone would not be a reset: the Phone stays signed.
		expect(reset!.done(afterSignIn)).toBe(false);
		const afterReset = await walk(cantConfirm, d, 2, 1);
		expect(laptopOf(afterReset)?.crossSigning.deviceVerified).toBe(true);
		expect(phoneOf(afterReset)?.crossSigning.deviceVerified).toBe(false);
		expect(answer!.done(afterReset) || reverify!.done(afterReset)).toBe(false);
		// Bob's own crypto sees the new identity (the red banner), and he says so in the chat.
		const seen = await d.waitFor('Bob asks', (v) =>
			messagesIn(dmOn(v, 'bob', LEARNER_LAPTOP), userIdOf(v, 'bob')).some(
				(e) => e.content.body === phrase('en', 'bob.sawResetVerified')
			)
		);
		expect(contactSees(seen, 'bob')).toMatchObject({ verified: false, wasVerified: true });
		expect(answer!.done(seen)).toBe(false);
		const afterAnswer = await walk(cantConfirm, d, 3, 2);
		expect(reverify!.done(afterAnswer)).toBe(false);
		const after = await walk(cantConfirm, d, 4, 3);
		expect(contactSees(after, 'bob')).toMatchObject({ verified: true, wasVerified: false });
	}, 120_000);
});
