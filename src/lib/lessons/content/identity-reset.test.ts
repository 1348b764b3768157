/**
 * Lesson 13's other way out: instead of verifying Erin again, the learner withdraws the verification (the banner's
 * "Withdraw verification"); the step takes that too, and the chat is grey.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { lessonWorld, type LessonWorld } from '../test-support';
import { dmWith, shieldOf } from '../view';
import { lesson, solution } from './identity-reset';

let lw: LessonWorld | undefined;
afterEach(() => lw?.world.close());

describe('lesson identity-reset', () => {
	it('starts red with the banner, and ends with "Withdraw verification" as well', async () => {
		lw = await lessonWorld(lesson);
		const d = lw.driver;
		const [ask, reverify] = lesson.steps;
		const first = await d.view();
		expect(shieldOf(dmWith(first, 'erin'))).toBe('warning');
		expect(ask!.done(first) || reverify!.done(first)).toBe(false);
		await solution.steps.ask!(d);
		await d.waitFor('asked', ask!.done);
		expect(reverify!.done(await d.view())).toBe(false);
		await d.act({ type: 'withdrawVerification', otherUserId: d.userIdOf('erin') });
		const after = await d.waitFor('withdrawn', reverify!.done);
		expect(shieldOf(dmWith(after, 'erin'))).toBe('normal');
	});
});
