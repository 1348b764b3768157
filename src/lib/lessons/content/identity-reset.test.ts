/**
 * Lesson 13's other way out: instead of verifying Erin again, the learner withdraws the verification (the banner's
 * "Withdraw verification"). The step is then credited as the withdrawal, never as "Verify Erin's new identity", the
 * summary is the one for that path, and no green shield is counted as seen.
 */
import { describe, expect, it } from 'vitest';
import { shieldsSeen } from '../judge';
import { lessonWorlds } from '../test-support';
import { stepTitle, summaryOf } from '../types';
import { dmWith, shieldOf } from '../view';
import { lesson, solution } from './identity-reset';

const open = lessonWorlds();

describe('lesson identity-reset', () => {
	it('starts red with the banner, and ends with "Withdraw verification" credited as just that', async () => {
		const d = (await open(lesson)).driver;
		const [ask, reverify] = lesson.steps;
		const withdraw = reverify!.alternatives!.find((a) => a.id === 'withdraw')!;
		const first = await d.view();
		expect(shieldOf(dmWith(first, 'erin'))).toBe('warning');
		expect(ask!.done(first) || reverify!.done(first) || withdraw.done(first)).toBe(false);
		await solution.steps.ask!(d);
		await d.waitFor('asked', ask!.done);
		expect(reverify!.done(await d.view()) || withdraw.done(await d.view())).toBe(false);
		await solution.alternatives!.withdraw!(d);
		const after = await d.waitFor('withdrawn', withdraw.done);
		expect(shieldOf(dmWith(after, 'erin'))).toBe('normal');
		// Withdrawing is not verifying: the main step is not done, and nothing green was seen.
		expect(reverify!.done(after)).toBe(false);
		expect(shieldsSeen(after)).not.toContain('verified');
		const taken = { [reverify!.id]: 'withdraw' };
		expect(stepTitle(reverify!, taken)).toBe(withdraw.title);
		expect(summaryOf(lesson, taken)).toEqual(withdraw.summary);
		expect(summaryOf(lesson, {})).toEqual(lesson.summary);
	});
});
