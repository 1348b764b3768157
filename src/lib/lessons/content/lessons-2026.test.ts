/**
 * The lessons of today's Element only (2026 edition), each step against a real world with real crypto: its predicate
 * is false just before the learner's move and true after it, and the other ways of finishing a step are told apart.
 */
import { describe, expect, it } from 'vitest';
import { LEARNER_LAPTOP } from '../../scenario/sandbox';
import type { LessonView } from '../types';
import { lessonWorlds } from '../test-support';
import { dmOn, laptopOf, phoneOf, securityKeyOf } from '../own-devices';
import * as confirmIdentity from './confirm-identity';
import * as insecureDevices from './insecure-devices';
import * as recoveryKey from './recovery-key';

const open = lessonWorlds();

/** Steps `from`…`upTo`: each not done before its move, done after it; returns the view after the last one. */
async function walk(
	mod: typeof confirmIdentity | typeof recoveryKey | typeof insecureDevices,
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
